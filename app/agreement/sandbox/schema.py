"""What a clause text may name: the answers sections, the derived facts, the parties and findings.

A clause that says `{{ housing_company.nmae }}` would fail only when rendered; checking every
attribute path against the answers schema at save time turns the typo into a form error
with its line.
"""
from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from pydantic import BaseModel

from ..answers import Answers, Contact, Signatory
from ..facts import fact_names, partner_fact_names


@dataclass(frozen=True)
class ListOf:
    """A list whose items follow `item`."""

    item: Any


LEAF = "leaf"  # a scalar (text, number, date, bool): its attributes are not checked
UNKNOWN = None  # a value whose shape the checker cannot know (a filter's result, a literal)


def _schema_of(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _schema_of(typing.get_args(annotation)[0])
    if origin in (list, tuple):
        args = typing.get_args(annotation)
        return ListOf(_schema_of(args[0]) if args else LEAF)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _schema_of(options[0]) if len(options) == 1 else LEAF
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: _schema_of(field.annotation) for name, field in annotation.model_fields.items()}
    return LEAF


#: The keys of each entry in `parties` (built by clauses.text_context; a test keeps them in step).
PARTY_SCHEMA: dict[str, Any] = {
    "name": LEAF, "org_number": LEAF, "address": LEAF, "org_form": LEAF, "org_form_label": LEAF,
    "registered_ideburen": LEAF, "role_label": LEAF, "is_company": LEAF,
    "contact": _schema_of(Contact), "signatory": _schema_of(Signatory),
}

CONTEXT_SCHEMA: dict[str, Any] = {
    **_schema_of(Answers),
    "facts": {name: LEAF for name in fact_names()},
    "parties": ListOf(PARTY_SCHEMA),
    "findings": ListOf(LEAF),
    "lang": LEAF,
}
CONTEXT_SCHEMA["partners"].item["facts"] = {name: LEAF for name in partner_fact_names()}
# The defined terms in the agreement's number (clauses.render.defined_terms), whether there are
# several partners, the claims this clause makes, and the agreement's documents (for the clause
# that lists them).
CONTEXT_SCHEMA.update({
    "terms": {name: LEAF for name in ("partner", "partner_gen", "other_party", "other_party_gen", "parties")},
    "many": LEAF,
    "asserts": ListOf(LEAF),
    "documents": ListOf({name: LEAF for name in ("number", "title", "supplied", "supplied_by", "prevails_in",
                                                  "produced")}),
})
CONTEXT_NAMES = frozenset(CONTEXT_SCHEMA)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        key = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_dotted(node.node)}[{key!r}]" if isinstance(key, str) else f"{_dotted(node.node)}[{key}]"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"({_dotted(node.node)}|{node.name})"
    return "…"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def member(self, base: Any, key: Any, node: nodes.Node) -> Any:
        if isinstance(base, dict) and isinstance(key, str):
            if key in base:
                return base[key]
            self.problems.append((node.lineno, _dotted(node)))
        elif isinstance(base, ListOf) and isinstance(key, str):
            self.problems.append((node.lineno, _dotted(node)))
        return UNKNOWN

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return scope[node.name] if node.name in scope else CONTEXT_SCHEMA.get(node.name, UNKNOWN)
        if isinstance(node, nodes.Getattr):
            return self.member(self.resolve(node.node, scope), node.attr, node)
        if isinstance(node, nodes.Getitem):
            base = self.resolve(node.node, scope)
            self.walk(node.arg, scope)
            if isinstance(base, ListOf):
                return base if isinstance(node.arg, nodes.Slice) else base.item
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            return self.member(base, key, node) if key is not None else UNKNOWN
        if isinstance(node, nodes.Filter) and node.node is not None:
            inner = self.resolve(node.node, scope)
            for child in [*node.args, *node.kwargs]:
                self.walk(child, scope)
            if node.name in ("first", "last") and isinstance(inner, ListOf):
                return inner.item
            return inner if node.name == "default" else UNKNOWN
        self.walk(node, scope, descend_only=True)
        return UNKNOWN

    def walk(self, node: nodes.Node, scope: dict[str, Any], descend_only: bool = False) -> None:
        if not descend_only and isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Filter)):
            self.resolve(node, scope)
            return
        if isinstance(node, nodes.For):
            iterated = self.resolve(node.iter, scope)
            inner = dict(scope)
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = iterated.item if isinstance(iterated, ListOf) else UNKNOWN
            else:
                for name in node.target.find_all(nodes.Name):
                    inner[name.name] = UNKNOWN
            for child in [*node.body, *([node.test] if node.test else [])]:
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
            return
        if isinstance(node, nodes.Assign):
            value = self.resolve(node.node, scope)
            if isinstance(node.target, nodes.Name):
                scope[node.target.name] = value
            return
        for child in node.iter_child_nodes():
            self.walk(child, scope)


def path_problems(ast: nodes.Template) -> list[tuple[int, str]]:
    """Return (line, path) for every attribute path that the clause context does not have."""
    checker = _Checker()
    checker.walk(ast, {})
    return checker.problems
