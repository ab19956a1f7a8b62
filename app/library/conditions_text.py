"""A clause's inclusion condition in words, as a tree of lines for the clause page."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

OPERATORS = {
    "eq": _l("är"), "ne": _l("är inte"), "in": _l("är något av"), "gt": _l("är större än"),
    "gte": _l("är minst"), "lt": _l("är mindre än"), "lte": _l("är högst"),
}


@dataclass
class Line:
    """One line of the description and the lines under it."""

    text: str
    children: list[Line] = field(default_factory=list)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, dict) and "param" in value:
        return _("parametern %(name)s", name=value["param"])
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value)
    return str(value)


def _compare(tree: dict[str, Any]) -> str:
    path = str(tree.get("fact"))
    op = next((k for k in tree if k != "fact"), "")
    value = tree.get(op)
    if op == "is":
        return _("%(path)s är ja", path=path) if value else _("%(path)s är nej", path=path)
    if op == "present":
        return _("%(path)s är ifyllt", path=path) if value else _("%(path)s är inte ifyllt", path=path)
    return _("%(path)s %(op)s %(value)s", path=path, op=OPERATORS.get(op, op), value=_value(value))


def describe(tree: Any) -> Line:
    """Describe a condition tree (as stored) in words."""
    if tree is None or tree == "always":
        return Line(_("Tas alltid med."))
    if not isinstance(tree, dict):
        return Line(str(tree))
    if "all" in tree:
        return Line(_("Alla dessa gäller:"), [describe(item) for item in tree["all"] or []])
    if "any" in tree:
        return Line(_("Minst ett av dessa gäller:"), [describe(item) for item in tree["any"] or []])
    if "not" in tree:
        return Line(_("Detta gäller inte:"), [describe(tree["not"])])
    if "any_partner" in tree:
        return Line(_("För minst en partner gäller:"), [describe(tree["any_partner"])])
    if "finding" in tree:
        return Line(_("Kontrollpunkten %(id)s slår till.", id=tree["finding"]))
    if "fact" in tree:
        return Line(_compare(tree))
    return Line(str(tree))
