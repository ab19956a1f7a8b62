"""YAML reading with line numbers and without YAML 1.1's surprises.

PyYAML's SafeLoader turns `yes`, `no`, `on` and `off` into booleans, which would silently
change `annex2_service: yes` into `True`. Here only `true` and `false` are booleans, as in
YAML 1.2 and JSON. Mappings remember the line they start on, so data files can report
errors as `file:line: reason`.
"""
from __future__ import annotations

import re
from typing import Any

import yaml


class LineDict(dict):
    """A dict that knows the 1-based line its YAML mapping started on."""

    line: int = 0


class StrictBoolLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and line-aware mappings."""


StrictBoolLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _construct_mapping(loader: StrictBoolLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict(loader.construct_pairs(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


StrictBoolLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str) -> Any:
    """Parse YAML text (a JSON text is YAML too)."""
    return yaml.load(text, Loader=StrictBoolLoader)  # noqa: S506 - a SafeLoader subclass


def line_of(node: Any, default: int = 0) -> int:
    """Return the line a mapping started on, or `default`."""
    return getattr(node, "line", default) or default
