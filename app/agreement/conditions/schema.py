"""The paths a condition may name, with their types, read from the answers and facts models."""
from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..answers import Answers, Partner
from ..facts import Facts, PartnerFacts
from ..i18n import N_


@dataclass(frozen=True)
class FieldType:
    """The kind of a field: bool, number, str, date, enum (with choices), list (of item), model."""

    kind: str
    choices: tuple[Any, ...] = ()
    item: "FieldType | None" = None
    nullable: bool = False


def field_type(annotation: Any) -> FieldType:
    """Describe a type annotation as a FieldType."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return field_type(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        inner = field_type(args[0]) if len(args) == 1 else FieldType("any")
        return FieldType(inner.kind, inner.choices, inner.item, nullable=True)
    if origin is Literal:
        return FieldType("enum", get_args(annotation))
    if origin is list:
        return FieldType("list", item=field_type(get_args(annotation)[0]))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return FieldType("model")
        if annotation is bool:
            return FieldType("bool")
        if issubclass(annotation, (int, float)):
            return FieldType("number")
        if annotation is str:
            return FieldType("str")
        if annotation is dt.date:
            return FieldType("date")
    return FieldType("any")


def model_paths(model: type[BaseModel], prefix: str = "") -> dict[str, FieldType]:
    """Return every dotted path of a pydantic model (nested models walked, lists not)."""
    paths: dict[str, FieldType] = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        ftype = field_type(info.annotation)
        paths[path] = ftype
        annotation = info.annotation
        if ftype.kind == "model" and isinstance(annotation, type):
            paths.update(model_paths(annotation, path + "."))
    return paths


ANSWER_FIELDS: dict[str, FieldType] = model_paths(Answers)
FACT_FIELDS: dict[str, FieldType] = {
    name: field_type(hint) for name, hint in typing.get_type_hints(Facts).items() if name != "partners"
}
PARTNER_FIELDS: dict[str, FieldType] = {
    **model_paths(Partner),
    **{f"facts.{name}": field_type(hint) for name, hint in typing.get_type_hints(PartnerFacts).items()},
}

_EXPECTED = {"bool": "true/false", "number": N_("ett tal"), "str": N_("en text"), "date": N_("ett datum (ÅÅÅÅ-MM-DD)")}


def check_value(value: Any, ftype: FieldType) -> tuple[str | None, Any]:
    """Return (problem, converted value); problem is None, 'value' (not a choice) or the expected type."""
    if value is None and ftype.nullable:
        return None, None
    kind = ftype.kind
    if kind == "enum":
        return (None, value) if value in ftype.choices and not isinstance(value, bool) else ("value", value)
    if kind == "bool":
        return (None, value) if isinstance(value, bool) else (_EXPECTED[kind], value)
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return (None, value) if ok else (_EXPECTED[kind], value)
    if kind == "str":
        return (None, value) if isinstance(value, str) else (_EXPECTED[kind], value)
    if kind == "date":
        if isinstance(value, dt.date):
            return None, value
        try:
            return None, dt.date.fromisoformat(str(value))
        except ValueError:
            return _EXPECTED[kind], value
    return None, value
