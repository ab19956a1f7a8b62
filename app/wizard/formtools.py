"""Walking nested WTForms forms: errors by answers path, the error summary, labels and display values."""
from __future__ import annotations

import re
from typing import Any, Iterator

from wtforms import Field

CONTAINERS = ("FormField", "FieldList")
HIDDEN = ("CSRFTokenField", "HiddenField")


def walk(form: Any, prefix: str = "") -> Iterator[tuple[Field, str]]:
    """Yield every leaf field of a form with a label prefix naming the groups it sits in."""
    for field in form:
        if field.type == "FormField":
            yield from walk(field.form, f"{prefix}{field.label.text}: ")
        elif field.type == "FieldList":
            for i, entry in enumerate(field.entries):
                yield from walk(entry.form, f"{prefix}{entry.label.text} {i + 1}: ")
        elif field.type not in HIDDEN:
            yield field, prefix


def resolve(form: Any, path: str) -> tuple[Field | None, str]:
    """Return the deepest field named by a path such as partners[1].contact.email, and its label."""
    node: Any = form
    label = ""
    for part in re.findall(r"[^.\[\]]+", path):
        if part.isdigit():
            entries = getattr(node, "entries", None)
            if entries is None or int(part) >= len(entries):
                break
            node = entries[int(part)]
            label += f"{node.label.text} {int(part) + 1}: "
            continue
        container = node.form if getattr(node, "type", "") == "FormField" else node
        try:
            node = container[part]
        except (KeyError, TypeError):
            break
        if node.type not in CONTAINERS:
            return node, label + str(node.label.text)
        if node.type == "FormField":
            label += f"{node.label.text}: "
    return None, label.rstrip(": ")


def attach_errors(form: Any, errors: list[tuple[str, str]]) -> None:
    """Put schema messages on the fields they concern; the rest go to the form's summary."""
    extra = list(getattr(form, "extra_errors", []))
    for path, message in errors:
        field, label = resolve(form, path)
        if field is None:
            extra.append(f"{label}: {message}" if label else message)
        elif not field.errors:  # the form's own message (e.g. not a valid date) says it already
            field.errors = [*field.errors, message]
    form.extra_errors = extra


def capitalise_errors(form: Any) -> None:
    """Start every message with a capital letter, as a sentence on the page does."""
    def capital(message: Any) -> str:
        text = str(message)
        return text[:1].upper() + text[1:]
    for field, _prefix in walk(form):
        field.errors = [capital(m) for m in field.errors]
    if getattr(form, "extra_errors", None):
        form.extra_errors = [capital(m) for m in form.extra_errors]


def clear_errors(form: Any, names: list[str]) -> None:
    """Drop the errors of fields that do not apply."""
    for name in names:
        form[name].errors = []


def has_errors(form: Any) -> bool:
    """Return True when any field or the form itself has an error."""
    return bool(getattr(form, "extra_errors", None)) or any(f.errors for f, _ in walk(form))


def anchor(field: Field) -> str:
    """Return the id of the element an error link should focus."""
    return f"{field.id}-0" if field.type in ("RadioField", "MultiCheckboxField") else field.id


def summary(form: Any) -> list[dict[str, str]]:
    """Return the error summary: one entry per message, with the field's id and label."""
    items = [{"href": "", "label": "", "message": str(m)} for m in getattr(form, "extra_errors", [])]
    for field, prefix in walk(form):
        for message in field.errors:
            items.append({"href": anchor(field), "label": f"{prefix}{field.label.text}", "message": str(message)})
    return items
