"""Swedish (and English) formatting of amounts and dates for texts and documents."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

NBSP = "\u00a0"


def number(value: int | float, lang: str = "sv") -> str:
    """Format a number with the language's grouping: 700 000 (non-breaking spaces) or 700,000.

    Up to four decimals, as an exchange rate has them (10,8126); whole numbers have none. Babel
    alone formats every number the product shows; the same few values recur on every page, so
    their texts are kept.
    """
    return _number(type(value), value, lang)


@lru_cache(maxsize=8192)
def _number(_kind: type, value: int | float, lang: str) -> str:  # the type in the key: 1 and 1.0 and True differ
    return format_decimal(value, format="#,##0.####", locale="sv_SE" if lang == "sv" else "en_GB",
                          group_separator=True)


def sek(value: int | float, lang: str = "sv") -> str:
    """Format an amount in kronor: '350 000 kr' / 'SEK 350,000', never split across lines."""
    if lang == "sv":
        return f"{number(value, 'sv')}{NBSP}kr"
    return f"SEK{NBSP}{number(value, 'en')}"


def eur(value: int | float, lang: str = "sv") -> str:
    """Format an amount in euro: '216 000 euro' / 'EUR 216,000'."""
    if lang == "sv":
        return f"{number(value, 'sv')}{NBSP}euro"
    return f"EUR{NBSP}{number(value, 'en')}"


def long_date(value: dt.date | str | None, lang: str = "sv") -> str:
    """Format a date as '1 januari 2027' / '1 January 2027'."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="d MMMM y", locale="sv_SE" if lang == "sv" else "en_GB").replace(" ", NBSP, 1)


def join_and(items: list[str], lang: str = "sv") -> str:
    """Join names as 'A, B och C' / 'A, B and C'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = "och" if lang == "sv" else "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def uncapitalize(text: str, names: frozenset[str] = frozenset()) -> str:
    """Lower-case the first letter of a text placed inside a sentence, and nothing else.

    "Områdeschef Exempeldal" becomes "områdeschef Exempeldal"; an abbreviation ("VD",
    "IT-chef") and a name keep their capitals.
    """
    first = text.split(" ", 1)[0]
    if not text or text in names or (len(first) > 1 and first[1].isupper()):
        return text
    return text[0].lower() + text[1:]


_WORDS = {
    "sv": ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
}


def in_words(value: int | float, lang: str = "sv") -> str:
    """Write a whole number up to twelve in words, as a contract does ("tre månader"); larger ones in digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or not 0 <= value <= 12:
        return number(value, lang) if isinstance(value, (int, float)) else str(value)
    return _WORDS.get(lang, _WORDS["sv"])[int(value)]
