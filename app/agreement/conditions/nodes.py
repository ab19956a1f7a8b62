"""Compiled condition nodes, the evaluation context and the explanation of outcomes."""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..answers import Answers
from ..facts import Facts
from ..i18n import N_, gettext_for
from .schema import FieldType

_sv = gettext_for("sv")
OPS = ("eq", "ne", "in", "gt", "gte", "lt", "lte", "is", "present")
ORDER_OPS = ("gt", "gte", "lt", "lte")


class ConditionError(ValueError):
    """A mistake in a condition or rules file, located as `source:line: message`."""

    def __init__(self, source: str, line: int, message: str):
        super().__init__(f"{source}:{line}: {message}")
        self.source, self.line, self.message = source, line, message


@dataclass
class Context:
    """What a condition is evaluated against."""

    answers: dict
    facts: dict
    parameters: dict[str, Any]
    findings: set[str] = field(default_factory=set)


def context_for(answers: Answers, facts: Facts, parameters: Mapping[str, Any],
                findings: Iterable[str] = ()) -> Context:
    """Build an evaluation context from typed answers and facts."""
    dumped = answers.model_dump(mode="python")
    for partner, own in zip(dumped["partners"], facts.partners):
        partner["facts"] = own.as_dict()  # what each partner receives, for any_partner conditions
    return Context(dumped, facts.as_dict(), dict(parameters), set(findings))


@dataclass(frozen=True)
class Param:
    """A reference to a named, dated parameter of the rules file."""

    name: str


@dataclass(frozen=True)
class Reason:
    """A leaf that made a condition come out as it did (for 'triggered_by')."""

    leaf: "Leaf"
    partner_index: int | None
    negated: bool

    @property
    def answer_path(self) -> str | None:
        """Return the answers path this reason rests on (partners[i].x for partner leaves)."""
        if isinstance(self.leaf, FindingRef) or self.leaf.root == "facts":
            return None
        if self.partner_index is not None:
            return f"partners[{self.partner_index}].{'.'.join(self.leaf.keys)}"
        return self.leaf.path


Describe = Callable[[Reason, Context, str], str | None]


class Node:
    """A compiled node; `test` evaluates it, `reasons` says why it has the given outcome."""

    def test(self, ctx: Context, partner: dict | None) -> bool:
        raise NotImplementedError

    def reasons(self, ctx: Context, partner: dict | None, index: int | None, outcome: bool) -> Iterator[Reason]:
        raise NotImplementedError


class Always(Node):
    """Always true."""

    def test(self, ctx: Context, partner: dict | None) -> bool:
        return True

    def reasons(self, ctx, partner, index, outcome):
        return iter(())


class Group(Node):
    """all/any of the children."""

    def __init__(self, kind: str, children: list[Node]):
        self.kind, self.children = kind, children

    def test(self, ctx: Context, partner: dict | None) -> bool:
        if self.kind == "all":
            return all(c.test(ctx, partner) for c in self.children)
        return any(c.test(ctx, partner) for c in self.children)

    def reasons(self, ctx, partner, index, outcome):
        for child in self.children:
            if child.test(ctx, partner) == outcome:
                yield from child.reasons(ctx, partner, index, outcome)


class Not(Node):
    """The opposite of the child."""

    def __init__(self, child: Node):
        self.child = child

    def test(self, ctx: Context, partner: dict | None) -> bool:
        return not self.child.test(ctx, partner)

    def reasons(self, ctx, partner, index, outcome):
        return self.child.reasons(ctx, partner, index, not outcome)


class AnyPartner(Node):
    """True when the child holds for at least one partner."""

    def __init__(self, child: Node):
        self.child = child

    def test(self, ctx: Context, partner: dict | None) -> bool:
        return any(self.child.test(ctx, p) for p in ctx.answers["partners"])

    def reasons(self, ctx, partner, index, outcome):
        for i, p in enumerate(ctx.answers["partners"]):
            if self.child.test(ctx, p) == outcome:
                yield from self.child.reasons(ctx, p, i, outcome)


class Leaf(Node):
    """Base of the nodes that look at one thing."""


class FindingRef(Leaf):
    """True when another checkpoint has fired."""

    def __init__(self, finding: str):
        self.finding = finding

    def test(self, ctx: Context, partner: dict | None) -> bool:
        return self.finding in ctx.findings

    def reasons(self, ctx, partner, index, outcome):
        yield Reason(self, index, not outcome)


_ORDER = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class Compare(Leaf):
    """A fact path compared with a value or a parameter."""

    def __init__(self, path: str, root: str, keys: tuple[str, ...], ftype: FieldType, op: str, value: Any,
                 source: str, line: int):
        self.path, self.root, self.keys, self.ftype = path, root, keys, ftype
        self.op, self.value, self.source, self.line = op, value, source, line

    def actual(self, ctx: Context, partner: dict | None) -> Any:
        value: Any = partner if partner is not None else (ctx.facts if self.root == "facts" else ctx.answers)
        if len(self.keys) == 2:  # the usual section.field: skip the loop
            section = value.get(self.keys[0])
            return None if section is None else section.get(self.keys[1])
        for key in self.keys:
            if value is None:
                return None
            value = value.get(key)
        return value

    def expected(self, ctx: Context) -> Any:
        if isinstance(self.value, Param):
            try:
                return ctx.parameters[self.value.name]
            except KeyError:
                raise ConditionError(self.source, self.line,
                                     _sv(N_("parametern '%(name)s' saknar värde"), name=self.value.name)) from None
        return self.value

    def test(self, ctx: Context, partner: dict | None) -> bool:
        actual = self.actual(ctx, partner)
        op = self.op
        if op == "is":
            return actual is self.value
        if op == "present":
            return _present(actual) is self.value
        expected = self.expected(ctx)
        if op == "in":
            if self.ftype.kind == "list":
                return any(item in expected for item in actual or ())
            return actual in expected
        if op == "eq":
            return actual == expected
        if op == "ne":
            return actual != expected
        if actual is None or expected is None:
            return False
        return _ORDER[op](actual, expected)

    def reasons(self, ctx, partner, index, outcome):
        yield Reason(self, index, not outcome)


class Condition:
    """A compiled, immutable condition."""

    __slots__ = ("_root", "paths", "parameter_refs", "finding_refs", "source", "line")

    def __init__(self, root: Node, paths: frozenset[str], parameter_refs: frozenset[str],
                 finding_refs: frozenset[str], source: str, line: int):
        self._root, self.paths, self.parameter_refs = root, paths, parameter_refs
        self.finding_refs, self.source, self.line = finding_refs, source, line

    def evaluate(self, ctx: Context) -> bool:
        """Return whether the condition holds in `ctx`."""
        return self._root.test(ctx, None)

    def reasons(self, ctx: Context) -> list[Reason]:
        """Return the leaves that make the condition come out as it does."""
        return list(self._root.reasons(ctx, None, None, self._root.test(ctx, None)))

    def explain(self, ctx: Context, lang: str, describe: Describe) -> list[str]:
        """Return one line per reason (deduplicated), put into words by `describe` (see conditions.words)."""
        return describe_reasons(self.reasons(ctx), ctx, lang, describe)


def describe_reasons(reasons: Iterable[Reason], ctx: Context, lang: str, describe: Describe) -> list[str]:
    """Return one line per reason, without repeats."""
    lines: list[str] = []
    for reason in reasons:
        line = describe(reason, ctx, lang)
        if line and line not in lines:
            lines.append(line)
    return lines
