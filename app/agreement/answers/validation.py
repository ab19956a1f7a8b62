"""Validation of answers data with Swedish (or English) messages that name the field, and reading files."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import yamlio
from ..i18n import N_, gettext_for
from .model import Answers


class AnswersError(ValueError):
    """Invalid answers: `messages` are 'path: reason' lines in the requested language."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


_MESSAGES = {
    "missing": N_("uppgiften saknas"),
    "string_too_long": N_("för lång text (högst %(max_length)s tecken)"),
    "string_too_short": N_("får inte vara tom"),
    "too_short": N_("minst %(min_length)s behövs"),
    "too_long": N_("högst %(max_length)s tillåts"),
    "greater_than_equal": N_("får inte vara mindre än %(ge)s"),
    "less_than_equal": N_("får inte vara större än %(le)s"),
    "int_parsing": N_("ange ett heltal"),
    "int_parsing_size": N_("talet är för stort"),
    "finite_number": N_("ange ett ändligt tal"),
    "date_from_datetime_inexact": N_("ogiltigt datum (ÅÅÅÅ-MM-DD)"),
    "datetime_parsing": N_("ogiltigt datum (ÅÅÅÅ-MM-DD)"),
    "int_type": N_("ange ett heltal"),
    "int_from_float": N_("ange ett heltal"),
    "float_parsing": N_("ange ett tal"),
    "float_type": N_("ange ett tal"),
    "bool_parsing": N_("ange ja eller nej"),
    "bool_type": N_("ange ja eller nej"),
    "date_parsing": N_("ogiltigt datum (ÅÅÅÅ-MM-DD)"),
    "date_from_datetime_parsing": N_("ogiltigt datum (ÅÅÅÅ-MM-DD)"),
    "date_type": N_("ogiltigt datum (ÅÅÅÅ-MM-DD)"),
    "literal_error": N_("ogiltigt val (tillåtna: %(expected)s)"),
    "extra_forbidden": N_("okänt fält"),
    "string_type": N_("ange en text"),
    "list_type": N_("ange en lista"),
    "model_type": N_("ange ett objekt med fält"),
    "model_attributes_type": N_("ange ett objekt med fält"),
    "dict_type": N_("ange ett objekt med fält"),
}


_GENERIC_MESSAGE = N_("ogiltigt värde")
# Error types raised with our own Swedish message templates (PydanticCustomError).
_CUSTOM_TYPES = {"org_number", "email", "amount_required", "payment_model_required", "amount_without_payment",
                 "required", "free_rent", "reduced_rent", "open_ended_with_end", "end_required", "end_before_start",
                 "notice_required", "shares", "date_range", "own_lists_conflict"}


def error_path(loc: tuple[Any, ...]) -> str:
    """Render a pydantic location as partners[1].org_number."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def field_errors(exc: ValidationError, lang: str = "sv") -> list[tuple[str, str]]:
    """Return (path, message) pairs for a validation error, messages in `lang`."""
    _ = gettext_for(lang)
    result = []
    for err in exc.errors(include_url=False):
        ctx = dict(err.get("ctx") or {})
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "several":  # a section's cross-field problems, all at once
            for sub_kind, template, sub_ctx in ctx["problems"]:
                sub = dict(sub_ctx)
                result.append((error_path(loc + (sub.pop("field"),)), _message(_, sub_kind, template, sub)))
            continue
        if "field" in ctx:
            loc = loc + (ctx.pop("field"),)
        if kind in ("too_long", "too_short") and isinstance(err.get("input"), str):
            kind = "string_" + kind
        template = _MESSAGES.get(kind) or (err["msg"] if kind in _CUSTOM_TYPES else _GENERIC_MESSAGE)
        result.append((error_path(loc), _message(_, kind, template, ctx)))
    return result


def _message(_: Any, kind: str, template: str, ctx: dict[str, Any]) -> str:
    params = {k: v for k, v in ctx.items() if isinstance(v, (str, int, float))}
    try:
        return _(template) % params if params else _(template)
    except (KeyError, ValueError, TypeError):
        return _(template)


def validate(data: Any, lang: str = "sv") -> Answers:
    """Validate a decoded answers object, raising AnswersError with one line per problem."""
    if not isinstance(data, dict):
        _ = gettext_for(lang)
        raise AnswersError([_("svarsfilen ska vara ett objekt med fält")])
    try:
        return Answers.model_validate(data)
    except ValidationError as exc:
        raise AnswersError([f"{path}: {msg}" if path else msg for path, msg in field_errors(exc, lang)]) from None


def parse_text(text: str, lang: str = "sv") -> Any:
    """Decode JSON or YAML text, raising AnswersError on a syntax error."""
    _ = gettext_for(lang)
    try:
        stripped = text.lstrip()
        if stripped.startswith(("{", "[")):
            return json.loads(text)
        return yamlio.load(text)
    except (json.JSONDecodeError, yamlio.yaml.YAMLError) as exc:
        line = getattr(exc, "lineno", None) or getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise AnswersError([_("filen går inte att läsa (rad %(line)s): kontrollera JSON- eller YAML-syntaxen",
                              line=line)]) from None
    except RecursionError:
        raise AnswersError([_("filen är för djupt nästlad")]) from None


def load_file(path: str | Path, lang: str = "sv") -> Answers:
    """Read and validate an answers file (JSON or YAML), or the answers of an example file."""
    text = Path(path).read_text(encoding="utf-8")
    data = parse_text(text, lang)
    if isinstance(data, dict) and set(data) == {"example", "answers"} and isinstance(data["answers"], dict):
        # An example (examples/*.yaml) wraps its answers beside a header; the answers are what counts.
        data = data["answers"]
    return validate(data, lang)
