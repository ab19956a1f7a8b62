"""Compile a condition tree (parsed YAML) into nodes, checking paths, values and references."""
from __future__ import annotations

from typing import Any, Collection

from .. import yamlio
from ..i18n import N_, gettext_for
from .nodes import (
    OPS, ORDER_OPS, Always, AnyPartner, Compare, Condition, ConditionError, FindingRef, Group, Node, Not, Param,
)
from .schema import ANSWER_FIELDS, FACT_FIELDS, PARTNER_FIELDS, FieldType, check_value

_sv = gettext_for("sv")


class _Compiler:
    def __init__(self, source: str, parameters: Collection[str] | None, findings: Collection[str] | None):
        self.source, self.known_parameters, self.known_findings = source, parameters, findings
        self.paths: set[str] = set()
        self.parameter_refs: set[str] = set()
        self.finding_refs: set[str] = set()

    def error(self, line: int, message: str, **variables: Any) -> ConditionError:
        return ConditionError(self.source, line, _sv(message, **variables))

    def node(self, tree: Any, line: int, partner: bool) -> Node:
        if tree is None or tree == "always":
            return Always()
        if not isinstance(tree, dict):
            raise self.error(line, N_("ogiltigt villkor %(tree)r: väntade always eller ett objekt"), tree=tree)
        line = yamlio.line_of(tree, line)
        for key in ("all", "any", "not", "any_partner", "finding"):
            if key in tree:
                if len(tree) != 1:
                    extra = sorted(str(k) for k in tree if k != key)
                    raise self.error(line, N_("okänd nyckel '%(key)s' bredvid %(op)s"), key=extra[0], op=key)
                return self.logic(key, tree[key], line, partner)
        if "fact" in tree:
            return self.compare(tree, line, partner)
        raise self.error(line, N_("okänt villkor med nycklarna %(keys)s (väntade fact, all, any, not, "
                                  "any_partner eller finding)"), keys=", ".join(sorted(map(str, tree))))

    def logic(self, key: str, value: Any, line: int, partner: bool) -> Node:
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise self.error(line, N_("%(op)s ska följas av en lista med minst ett villkor"), op=key)
            return Group(key, [self.node(item, line, partner) for item in value])
        if key == "not":
            return Not(self.node(value, line, partner))
        if key == "any_partner":
            if partner:
                raise self.error(line, N_("any_partner kan inte nästlas"))
            self.paths.add("partners")
            return AnyPartner(self.node(value, line, True))
        if not isinstance(value, str):
            raise self.error(line, N_("finding ska följas av en kontrollpunkts id"))
        if self.known_findings is not None and value not in self.known_findings:
            raise self.error(line, N_("okänd kontrollpunkt '%(id)s'"), id=value)
        self.finding_refs.add(value)
        return FindingRef(value)

    def compare(self, tree: dict, line: int, partner: bool) -> Node:
        path = tree["fact"]
        ops = [k for k in tree if k != "fact"]
        for op in ops:
            if op not in OPS:
                raise self.error(line, N_("okänd operator '%(op)s' (tillåtna: %(ops)s)"), op=op, ops=", ".join(OPS))
        if len(ops) != 1:
            raise self.error(line, N_("en jämförelse ska ha exakt en operator"))
        op = ops[0]
        root, keys, ftype = self.resolve(path, line, partner)
        value = self.value(op, tree[op], ftype, path, line)
        self.paths.add(f"partners.{path}" if partner else path)
        return Compare(path, root, keys, ftype, op, value, self.source, line)

    def resolve(self, path: Any, line: int, partner: bool) -> tuple[str, tuple[str, ...], FieldType]:
        if not isinstance(path, str) or not path:
            raise self.error(line, N_("okänd uppgift '%(path)s'"), path=path)
        parts = tuple(path.split("."))
        if partner:
            ftype = PARTNER_FIELDS.get(path)
            root = "partner"
        elif parts[0] == "facts":
            ftype = FACT_FIELDS.get(".".join(parts[1:]))
            root, parts = "facts", parts[1:]
        else:
            ftype = ANSWER_FIELDS.get(path)
            root = "answers"
        if ftype is None:
            if not partner and parts[0] == "partners" and len(parts) > 1:
                raise self.error(line, N_("uppgifter om partner nås med any_partner: '%(path)s'"), path=path)
            raise self.error(line, N_("okänd uppgift '%(path)s'"), path=path)
        return root, parts, ftype

    def value(self, op: str, value: Any, ftype: FieldType, path: str, line: int) -> Any:
        if op in ("is", "present"):
            if not isinstance(value, bool):
                raise self.error(line, N_("%(op)s ska följas av true eller false"), op=op)
            if op == "is" and ftype.kind != "bool":
                raise self.error(line, N_("'%(path)s' är inte ja/nej: använd eq eller in"), path=path)
            return value
        if isinstance(value, dict) and "param" in value:
            return self.param(value, op, ftype, path, line)
        if op == "in":
            if not isinstance(value, list) or not value:
                raise self.error(line, N_("in ska följas av en lista med värden"))
            if ftype.kind not in ("enum", "str", "number", "list"):
                raise self.error(line, N_("in kan inte användas på '%(path)s'"), path=path)
            item_type = ftype.item if ftype.kind == "list" else ftype
            if item_type is None or item_type.kind == "model":
                raise self.error(line, N_("in kan inte användas på '%(path)s'"), path=path)
            return frozenset(self.checked(v, item_type, path, line) for v in value)
        if ftype.kind in ("list", "model"):
            raise self.error(line, N_("'%(path)s' är en lista: använd in eller present"), path=path)
        if op in ORDER_OPS and ftype.kind not in ("number", "date"):
            raise self.error(line, N_("%(op)s kräver ett tal eller datum, men '%(path)s' är inte det"), op=op, path=path)
        return self.checked(value, ftype, path, line)

    def checked(self, value: Any, ftype: FieldType, path: str, line: int) -> Any:
        problem, converted = check_value(value, ftype)
        if problem == "value":
            raise self.error(line, N_("okänt värde '%(value)s' för %(path)s (tillåtna: %(allowed)s)"),
                             value=value, path=path, allowed=", ".join(map(str, ftype.choices)))
        if problem:
            raise self.error(line, N_("fel typ på värdet '%(value)s' för %(path)s: väntade %(expected)s"),
                             value=value, path=path, expected=problem)
        return converted

    def param(self, value: dict, op: str, ftype: FieldType, path: str, line: int) -> Param:
        name = value["param"]
        if len(value) != 1 or not isinstance(name, str):
            raise self.error(line, N_("en parameter skrivs {param: namn}"))
        if op not in ORDER_OPS + ("eq", "ne") or ftype.kind not in ("number", "date"):
            raise self.error(line, N_("en parameter kan bara jämföras med ett tal eller datum"))
        if self.known_parameters is not None and name not in self.known_parameters:
            raise self.error(line, N_("okänd parameter '%(name)s'"), name=name)
        self.parameter_refs.add(name)
        return Param(name)


def compile_condition(tree: Any, *, source: str = "<condition>", line: int = 0,
                      parameters: Collection[str] | None = None,
                      findings: Collection[str] | None = None) -> Condition:
    """Compile a condition tree, raising ConditionError (file and line) on any mistake."""
    compiler = _Compiler(source, parameters, findings)
    root = compiler.node(tree, yamlio.line_of(tree, line), partner=False)
    return Condition(root, frozenset(compiler.paths), frozenset(compiler.parameter_refs),
                     frozenset(compiler.finding_refs), source, yamlio.line_of(tree, line))
