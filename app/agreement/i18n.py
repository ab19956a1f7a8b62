"""Translations for the core, which cannot use Flask-Babel's request-bound locale.

Message ids are Swedish (the product's first language); the English catalogue translates
them. The same compiled catalogues serve Flask-Babel and the core.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("sv", "en")


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


@lru_cache(maxsize=8)
def _translations(lang: str) -> NullTranslations:
    if lang == "sv":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [lang], domain="messages")


def gettext_for(lang: str) -> Callable[..., str]:
    """Return a gettext function for `lang` that also fills %(name)s placeholders."""
    translations = _translations(lang if lang in LANGUAGES else "sv")

    def gettext(message: str, **variables: object) -> str:
        text = translations.gettext(message)
        return text % variables if variables else text

    return gettext


class TranslatableError(ValueError):
    """A refusal whose `message` is a Swedish msgid and `params` its placeholders, translated where shown."""

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
