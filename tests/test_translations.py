"""The English catalogue is complete and no template carries an untranslated text."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app import PROJECT_ROOT

APP = PROJECT_ROOT / "app"
PO = APP / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}
# Words that are the same in both languages or are names, not text.
NOT_TEXT = {"Samverkansguiden", "English", "Svenska", "sv", "en", "docx", "PDF", "JSON", "YAML", "Word"}


def catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="en")


def extracted_ids() -> set[str]:
    method_map = [("app/**.py", "python"), ("app/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PROJECT_ROOT), method_map=method_map, keywords=KEYWORDS,
            options_map={"app/templates/**.html": {}}):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def test_every_message_has_an_english_translation():
    untranslated = [m.id for m in catalogue() if m.id and (not m.string or "fuzzy" in m.flags)]
    assert untranslated == [], f"untranslated or fuzzy messages: {untranslated[:20]}"


def test_catalogue_holds_every_message_in_the_code():
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue() if m.id}
    missing = sorted(extracted_ids() - known)
    assert missing == [], f"run `make extract-messages` and translate: {missing[:20]}"


TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé][\wÅÄÖåäö'’-]*")


class _TextFinder(HTMLParser):
    """Collect the human-readable text of a template with its Jinja parts blanked out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def _check(self, text: str) -> None:
        for word in WORD.findall(text):
            if word not in NOT_TEXT:
                self.found.append((self.getpos()[0], word))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            visible_value = tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button")
            if value and (name in TEXT_ATTRIBUTES or visible_value):
                self._check(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._check(data)


def template_texts(path: Path) -> list[tuple[int, str]]:
    """Return (line, word) for text a user would read that is not produced by gettext."""
    source = path.read_text(encoding="utf-8")
    # A tag name written as an expression (<{{ heading }}>) stays a tag name.
    source = re.sub(r"(</?)\{\{.*?\}\}", lambda m: m.group(1) + "x" * (len(m.group(0)) - len(m.group(1))), source)
    blanked = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    finder = _TextFinder()
    finder.feed(blanked)
    return finder.found


@pytest.mark.parametrize("template", sorted(p.relative_to(APP / "templates").as_posix()
                                            for p in (APP / "templates").rglob("*.html")))
def test_templates_have_no_untranslated_text(template):
    texts = template_texts(APP / "templates" / template)
    assert texts == [], f"{template}: text outside gettext: {texts[:10]}"
