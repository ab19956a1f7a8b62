"""The one condition language of rules (`when:`) and clauses (`include_when:`).

A condition is a small declarative tree read from YAML: `always`, `{all: [..]}`,
`{any: [..]}`, `{not: ..}`, a comparison `{fact: path, <op>: value}`, `{any_partner: ..}`
and `{finding: id}`. Compiling checks every path against the answers schema and the
derived facts, so a typo is an error with file and line instead of a silently false rule.
"""
from __future__ import annotations

from .compiler import compile_condition
from .nodes import (
    OPS, Always, AnyPartner, Compare, Condition, ConditionError, Context, Describe, FindingRef, Group, Leaf, Node,
    Not, Param, Reason, context_for, describe_reasons,
)

__all__ = [
    "OPS", "Always", "AnyPartner", "Compare", "Condition", "ConditionError", "Context", "Describe", "FindingRef",
    "Group", "Leaf", "Node", "Not", "Param", "Reason", "compile_condition", "context_for", "describe_reasons",
]
