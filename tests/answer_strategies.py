"""Hypothesis strategies for answers objects, generated from the real JSON Schema of the format."""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import strategies as st

from app.agreement.answers import json_schema
from conftest import EXAMPLE_ANSWERS

SCHEMA = json_schema()
# Text that other programs paste: controls, direction marks, BOM, non-characters, lone surrogates,
# emoji with joiners, combining marks, XML and template syntax.
SPECIALS = ["\x00", "\x0b", "\x1f", "\x7f", "\x85", "\u202e", "\u200f", "\u2066", "\ufeff", "\ufffe",
            "\uffff",
            "\ud800", "\udfff", "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "e\u0301\u0301\u0301", "\u0338",
            "&", "<w:t>", "]]>", "{{ 7*7 }}", "{% raw %}", "\r\n", "\t", "\u2028", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﷺ"]
SKIPPED_TEXT = {"email", "org_number"}  # strings with their own syntax; generated as junk instead


def unicode_text(max_size: int) -> st.SearchStrategy[str]:
    """Arbitrary Unicode of every category, mixed with the special characters (lone surrogates among them)."""
    any_char = st.characters(codec=None, categories=None)
    piece = st.one_of(st.text(any_char, max_size=12), st.sampled_from(SPECIALS))
    pieces = st.lists(piece, max_size=max(1, max_size // 8))
    return pieces.map("".join).map(lambda text: text[:max_size])


def huge_text() -> st.SearchStrategy[str]:
    """A 100 000-character string of one (possibly nasty) character."""
    return st.sampled_from(["x", "ä", "\u202e", "😀", "e\u0301", "\x0b"]).map(lambda ch: (ch * 100_000)[:100_000])


def nested(depth: int) -> Any:
    value: Any = "botten"
    for level in range(depth):
        value = [value] if level % 2 else {"n": value}
    return value


JSON_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | unicode_text(30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
WRONG = st.one_of(JSON_JUNK, st.integers(1, 400).map(nested), huge_text(),
                  st.integers(min_value=10**30), st.sampled_from([float("nan"), float("inf"), -0.0, True, ""]))


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    return SCHEMA["$defs"][ref.rsplit("/", 1)[1]] if ref else node


def from_schema(node: dict[str, Any], wrong: float = 0.15) -> st.SearchStrategy[Any]:
    """Values shaped by the schema node, and now and then a value of any type at all."""
    node = resolve(node)
    right = _right(node, wrong)
    return st.one_of(right, right, right, right, right, WRONG) if wrong else right


def _right(node: dict[str, Any], wrong: float) -> st.SearchStrategy[Any]:
    if "anyOf" in node:
        return st.one_of([from_schema(option, wrong) for option in node["anyOf"]])
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        fields = {key: from_schema(value, wrong) for key, value in properties.items()}
        extra = st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), JSON_JUNK, max_size=1)
        return st.tuples(
            st.fixed_dictionaries({k: v for k, v in fields.items() if k in required},
                                  optional={k: v for k, v in fields.items() if k not in required}),
            st.one_of(st.just({}), st.just({}), extra)).map(lambda pair: {**pair[1], **pair[0]})
    if kind == "array":
        return st.lists(from_schema(node.get("items", {}), wrong), max_size=min(node.get("maxItems", 3), 3))
    if kind == "string" and node.get("format") == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)
    if kind == "string":
        return unicode_text(min(node.get("maxLength", 300), 300))
    if kind == "integer":
        return st.integers(-10, node.get("maximum", 10**12) + 10)
    if kind == "number":
        return st.floats(-10, node.get("maximum", 10**6) + 10)
    if kind == "boolean":
        return st.booleans()
    return JSON_JUNK


def text_paths(node: dict[str, Any], value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], int, int]]:
    """Return (path, maxLength, minLength) of every free-text string in `value` (an example of the schema)."""
    node = resolve(node)
    if isinstance(value, dict):
        props = node.get("properties", {})
        return [found for key, item in value.items() if key in props and key not in SKIPPED_TEXT
                for found in text_paths(props[key], item, path + (key,))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in text_paths(node.get("items", {}), item, path + (i,))]
    if isinstance(value, str) and node.get("type") == "string" and "enum" not in node and "format" not in node:
        return [(path, node.get("maxLength", 300), node.get("minLength", 0))]
    return []


def set_path(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


EXAMPLE_TEXT_PATHS = text_paths(SCHEMA, EXAMPLE_ANSWERS)


@st.composite
def answers_with_nasty_text(draw: st.DrawFn) -> dict[str, Any]:
    """The complete example with its free-text fields replaced by arbitrary Unicode (mostly valid)."""
    data = copy.deepcopy(EXAMPLE_ANSWERS)
    data["language"] = draw(st.sampled_from(["sv", "en"]))
    for path, max_length, min_length in EXAMPLE_TEXT_PATHS:
        if draw(st.booleans()):
            text = draw(unicode_text(min(max_length, 400) - 1))
            # a required text mostly keeps something visible, so most examples get as far as the document
            if min_length and draw(st.integers(0, 9)):
                text = draw(st.sampled_from(["Ö", "A", "名", "🙂", "ب"])) + text
            set_path(data, path, text)
    return data


def wild_answers() -> st.SearchStrategy[dict[str, Any]]:
    """Objects shaped by the schema with wrong types, deep nesting and 100 000-character strings anywhere."""
    return _right(SCHEMA, wrong=0.15)
