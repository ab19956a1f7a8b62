"""The bounds a clause render runs within, and the filters reviewers may use."""
from __future__ import annotations

import contextvars
import datetime as dt
import math
import re
import time
from typing import Any, Iterable, Iterator

from jinja2 import pass_context
from jinja2.runtime import Context

from .. import formatting, labels
from ..i18n import N_

MAX_STRING_CHARS = 60_000
MAX_LOOP_STEPS = 10_000
MAX_SECONDS = 2.0
MAX_INT_BITS = 4_096
MAX_ROUND_PRECISION = 10
MAX_STRUCTURE = 10_000  # elements of a list, tuple or dict counted as if written out, nesting included
MAX_DEPTH = 16
# A reference to another section or an annex renders as a marker the document resolves once it
# knows its numbering. Private-use characters: user text is cleaned of them before rendering.
REF_START, REF_END = "\ue000", "\ue001"
_REF_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Refused(Exception):
    """Raised inside a render when a bound is hit; carries a msgid and its placeholders."""

    def __init__(self, msgid: str, **variables: Any):
        super().__init__(msgid % variables if variables else msgid)
        self.msgid = msgid
        self.variables = variables


class Budget:
    """The resources one render may still use."""

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        # id -> (the container, its written-out size, its depth); the container is kept so its id stays its own
        self.sizes: dict[int, tuple[Any, int, int]] = {}

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise Refused(N_("för många varv i loopar (högst %(max)s)"), max=MAX_LOOP_STEPS)
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise Refused(N_("texten tog för lång tid att fylla i (högst %(seconds)s sekunder)"),
                           seconds=int(MAX_SECONDS))


BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("clause_budget", default=None)


def current_budget() -> Budget:
    budget = BUDGET.get()
    return budget if budget is not None else Budget()


def check_size(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_STRING_CHARS:
        raise Refused(N_("för lång text eller lista (högst %(max)s)"), max=MAX_STRING_CHARS)
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise Refused(N_("för stort tal"))
    return value


CONTAINERS = (list, tuple, dict, set, frozenset)


def _measure(value: Any, budget: Budget) -> tuple[int, int]:
    """Return a value's size written out (shared parts counted each time they appear) and its depth.

    Comparing two structures built as `{% set a = (a, a) %}` costs their written-out size, which
    doubles at each step while memory barely grows; so the size is bounded, not the memory.
    Each container is measured once (by identity), so measuring stays linear.
    """
    if not isinstance(value, CONTAINERS):
        return 1, 0
    known = budget.sizes.get(id(value))
    if known is not None and known[0] is value:
        return known[1], known[2]
    children = [item for pair in value.items() for item in pair] if isinstance(value, dict) else list(value)
    size, depth = 1, 0
    for child in children:
        child_size, child_depth = _measure(child, budget)
        size, depth = size + child_size, max(depth, child_depth + 1)
        if size > MAX_STRUCTURE or depth > MAX_DEPTH:
            raise Refused(N_("för stor eller för djupt nästlad lista (högst %(max)s delar)"), max=MAX_STRUCTURE)
    budget.sizes[id(value)] = (value, size, depth)
    return size, depth


def check_structure(value: Any) -> Any:
    """Bound a list, tuple or dict a text builds (inserted around every literal and `+`)."""
    _measure(value, current_budget())
    return value


@pass_context
def structure_filter(_context: Context, value: Any) -> Any:
    """The hidden filter the compiler puts around every list, tuple and dict literal."""
    return check_structure(value)


def text_of(value: Any) -> str:
    """Return str(value) for a single value; a list or dict is refused.

    A nested list built from a few literals can print as gigabytes, so only single values
    become text; lists are written with join or join_and, item by item.
    """
    if isinstance(value, CONTAINERS):
        raise Refused(N_("en lista kan inte skrivas som text: använd join eller join_and"))
    return str(value)


def finalize(value: Any) -> Any:
    """Check every value a text prints (Jinja's finalize hook)."""
    if isinstance(value, CONTAINERS):
        text_of(value)
    return value


def _texts(values: Iterable[Any], separator: str = "") -> list[str]:
    parts = []
    size = 0
    for value in values:
        part = text_of(value)
        size += len(part) + len(separator)
        if size > MAX_STRING_CHARS:
            raise Refused(N_("för lång text eller lista (högst %(max)s)"), max=MAX_STRING_CHARS)
        parts.append(part)
    return parts


def bounded(iterable: Iterable[Any]) -> Iterator[Any]:
    """Count each loop step against the render's budget (inserted around every loop)."""
    budget = current_budget()
    for item in iterable:
        budget.step()
        yield item


def concat(items: list[Any]) -> str:
    """The `~` operator with a size bound."""
    return "".join(_texts(items))


def _lang(context: Context) -> str:
    lang = context.get("lang")
    return lang if lang in ("sv", "en") else "sv"


@pass_context
def _sek(context: Context, value: Any) -> str:
    return "" if value is None else formatting.sek(value, _lang(context))


@pass_context
def _eur(context: Context, value: Any) -> str:
    return "" if value is None else formatting.eur(value, _lang(context))


@pass_context
def _number(context: Context, value: Any) -> str:
    return "" if value is None else formatting.number(value, _lang(context))


@pass_context
def _words(context: Context, value: Any) -> str:
    return "" if value is None else formatting.in_words(value, _lang(context))


@pass_context
def _date(context: Context, value: Any) -> str:
    if value is not None and not isinstance(value, (str, dt.date)):
        raise Refused(N_("filtret date fungerar bara på datum"))
    return formatting.long_date(value, _lang(context))


# Jinja folds a filter on constants while it compiles, before any budget runs, even inside a false
# `{% if %}`; a filter that takes the context is never folded. So every filter that computes takes it.
@pass_context
def _round(_context: Context, value: Any, precision: Any = 0, method: Any = "common") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Refused(N_("filtret round fungerar bara på tal"))
    if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= MAX_ROUND_PRECISION:
        raise Refused(N_("round tar högst %(max)s decimaler"), max=MAX_ROUND_PRECISION)
    if method not in ("common", "ceil", "floor"):
        raise Refused(N_("round avrundar bara med common, ceil eller floor"))
    if method == "common":
        return round(value, precision)
    factor = 10 ** precision
    return float((math.ceil if method == "ceil" else math.floor)(value * factor) / factor)


@pass_context
def _join_and(context: Context, value: Any) -> str:
    return formatting.join_and(_texts(value, ", "), _lang(context))


@pass_context
def _label(context: Context, value: Any, kind: str) -> Any:
    if isinstance(value, (list, tuple)):
        return [labels.in_text(kind, text_of(v), _lang(context)) for v in value]
    return labels.in_text(kind, text_of(value), _lang(context))


@pass_context
def _uncap(context: Context, value: Any) -> Any:
    names = labels.proper_noun_labels(_lang(context))
    if isinstance(value, (list, tuple)):
        return [formatting.uncapitalize(text_of(v), names) for v in value]
    return formatting.uncapitalize(text_of(value), names)


@pass_context
def _join(_context: Context, value: Iterable[Any], separator: str = "") -> str:
    return text_of(separator).join(_texts(value, separator))


def text_filter(function: Any) -> Any:
    """Wrap a Jinja string filter so that it never turns a list into text (and is never folded)."""
    @pass_context
    def wrapped(_context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        text_of(value)
        return function(value, *args, **kwargs)

    return wrapped


def _reference(kind: str) -> Any:
    def reference(value: Any) -> str:
        ident = text_of(value)
        if not _REF_ID.match(ident):
            raise Refused(N_("ogiltig hänvisning: %(ref)s"), ref=ident[:40])
        return f"{REF_START}{kind}:{ident}{REF_END}"
    return reference


#: The filters a clause text may use, besides Jinja's harmless lower, upper, capitalize,
#: default, length, first, last, int and trim (round is bounded here).
FILTERS = {"sek": _sek, "eur": _eur, "number": _number, "words": _words, "date": _date, "join_and": _join_and,
           "label": _label, "uncap": _uncap, "join": _join, "annex": _reference("annex"),
           "section": _reference("section"), "round": _round}
REFERENCE_FILTERS = ("annex", "section")
