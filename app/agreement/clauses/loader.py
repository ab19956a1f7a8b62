"""Reading and checking clause files (and clause content from the database)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .. import yamlio
from ..conditions import ConditionError, compile_condition
from ..i18n import gettext_for
from ..sandbox import check_template, names_used
from .model import CLAUSE_KEYS, LANGS, REQUIRED_KEYS, Assertion, Clause, ClauseError, content_hash, plain

CLAUSE_ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")  # a clause id: never a path
# A heading is plain text: it is never rendered as a template, so template syntax in it would print raw.
_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]|[}%#]\}")
MAX_TITLE_CHARS = 300


def _value_nodes(text: str) -> dict[str, yaml.Node]:
    """Map 'key' and 'text.sv'-style paths to their YAML nodes, for line numbers."""
    try:
        root = yaml.compose(text, Loader=yamlio.StrictBoolLoader)
    except yaml.YAMLError:
        return {}
    found: dict[str, yaml.Node] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            found[key.value] = value
            if isinstance(value, yaml.MappingNode):
                for sub_key, sub_value in value.value:
                    found[f"{key.value}.{sub_key.value}"] = sub_value
    return found


def _text_offset(node: yaml.Node | None) -> int:
    """Return the file line just before a text's first line (block scalars start below `|`)."""
    if node is None:
        return 0
    return node.start_mark.line + (1 if getattr(node, "style", None) in ("|", ">") else 0)


def title_problem(value: Any, lang: str = "sv", key: str = "title", required: bool = True) -> str | None:
    """Return why a heading (sv and en, plain text) cannot be used, or None."""
    _ = gettext_for(lang)
    if not isinstance(value, dict) or (required and (not isinstance(value.get("sv"), str) or not value["sv"].strip())):
        return _("%(key)s behöver en svensk text (sv)", key=key)
    for language, text in value.items():
        if language not in LANGS or not isinstance(text, str):
            return _("%(key)s: okänt språk eller ingen text: %(lang)s", key=key, lang=language)
        if _TEMPLATE_SYNTAX.search(text):
            return _("%(key)s är vanlig text: rubriken kan inte innehålla mallkod ({{ }}, {%% %%}, {# #})", key=key)
        if len(text) > MAX_TITLE_CHARS or "\n" in text.strip():
            return _("%(key)s ska vara en rad på högst %(max)s tecken", key=key, max=MAX_TITLE_CHARS)
    return None


def build_clause(content: Any, source: str = "<clause>", lines: dict[str, yaml.Node] | None = None,
                 lang: str = "sv") -> Clause:
    """Check clause content (from a file or the database) and compile it, raising ClauseError."""
    _ = gettext_for(lang)
    lines = lines or {}

    def line_of(key: str) -> int:
        node = lines.get(key)
        return node.start_mark.line + 1 if node is not None else yamlio.line_of(content, 1)

    def fail(key: str, message: str) -> ClauseError:
        return ClauseError(f"{source}:{line_of(key)}: {message}")

    if not isinstance(content, dict):
        message = _("en klausulfil ska vara ett objekt med fält")
        raise ClauseError(f"{source}:1: {message}")
    for key in content:
        if key not in CLAUSE_KEYS:
            raise fail(key, _("okänt fält: %(key)s", key=key))
    for key in REQUIRED_KEYS:
        if key not in content:
            message = _("fältet %(key)s saknas", key=key)
            raise ClauseError(f"{source}:1: {message}")
    clause_id = content["id"]
    if not isinstance(clause_id, str) or not CLAUSE_ID.match(clause_id):
        raise fail("id", _("ogiltigt id (små bokstäver, siffror och bindestreck)"))
    if not isinstance(content["order"], int) or isinstance(content["order"], bool):
        raise fail("order", _("order ska vara ett heltal"))
    for key, required in (("title", True), ("title_plural", False)):
        if key in content and (problem := title_problem(content[key], lang, key, required)):
            raise fail(key, problem)
    value = content["text"]
    if not isinstance(value, dict) or not isinstance(value.get("sv"), str) or not value["sv"].strip():
        raise fail("text", _("%(key)s behöver en svensk text (sv)", key="text"))
    for language, text in value.items():
        if language not in LANGS or not isinstance(text, str):
            raise fail("text", _("%(key)s: okänt språk eller ingen text: %(lang)s", key="text", lang=language))
    addresses = content.get("addresses") or []
    if not isinstance(addresses, list) or not all(isinstance(a, str) and CLAUSE_ID.match(a) for a in addresses):
        raise fail("addresses", _("addresses ska vara en lista med kontrollpunkters id"))
    notes = content.get("notes") or ""
    if not isinstance(notes, str):
        raise fail("notes", _("notes ska vara en text"))
    try:
        condition = compile_condition(content["include_when"], source=source, line=line_of("include_when"))
    except ConditionError as exc:
        raise ClauseError(str(exc)) from None
    asserts = _assertions(content.get("asserts"), source, line_of("asserts"), lang)
    text_lines = {language: _text_offset(lines.get(f"text.{language}")) for language in content["text"]}
    for language, text in content["text"].items():
        problems = check_template(text, lang)
        if problems:
            first = problems[0]
            raise ClauseError(f"{source}:{text_lines[language] + first.line}: [{language}] {first.message}")
    clean = {"id": clause_id, "order": content["order"], "title": dict(content["title"]),
             "title_plural": dict(content["title_plural"]) if content.get("title_plural") else None,
             "include_when": plain(content["include_when"]), "addresses": list(addresses),
             "asserts": [{"claim": a.claim, **({"when": plain(a.when)} if a.when != "always" else {})}
                         for a in asserts],
             "notes": notes, "text": dict(content["text"])}
    uses_documents = any("documents" in names_used(text) for text in clean["text"].values())
    return Clause(id=clause_id, order=content["order"], title=clean["title"], include_when=clean["include_when"],
                  condition=condition, addresses=tuple(addresses), notes=notes, text=clean["text"],
                  source=source, content_hash=content_hash(clean), text_lines=text_lines,
                  title_plural=clean["title_plural"], asserts=asserts, uses_documents=uses_documents,
                  line=yamlio.line_of(content, 1))


def _assertions(value: Any, source: str, line: int, lang: str) -> tuple[Assertion, ...]:
    """Check and compile the claims a clause declares: [{claim: id, when: condition}]."""
    _ = gettext_for(lang)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ClauseError(f"{source}:{line}: " + _("asserts ska vara en lista med påståenden (claim, when)"))
    result = []
    for item in value:
        item_line = yamlio.line_of(item, line)
        if not isinstance(item, dict) or set(item) - {"claim", "when"} or not isinstance(item.get("claim"), str) \
                or not CLAUSE_ID.match(item["claim"]):
            raise ClauseError(f"{source}:{item_line}: " + _("ett påstående skrivs {claim: id, when: villkor}"))
        when = plain(item.get("when", "always"))
        try:
            condition = compile_condition(when, source=source, line=item_line)
        except ConditionError as exc:
            raise ClauseError(str(exc)) from None
        result.append(Assertion(item["claim"], when, condition, item_line))
    return tuple(result)


def load_clause_file(path: str | Path, lang: str = "sv") -> Clause:
    """Read and check one clause file, raising ClauseError as 'file:line: reason'."""
    path = Path(path)
    _ = gettext_for(lang)
    try:
        text = path.read_text(encoding="utf-8")
        content = yamlio.load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ClauseError(f"{path}:1: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        message = _("YAML-syntaxfel: %(detail)s", detail=getattr(exc, "problem", exc))
        raise ClauseError(f"{path}:{line}: {message}") from None
    clause = build_clause(content, str(path), _value_nodes(text), lang)
    if clause.id != path.stem:
        message = _("id %(id)s ska vara samma som filnamnet", id=clause.id)
        raise ClauseError(f"{path}:1: {message}")
    return clause


def load_clause_dir(directory: str | Path, lang: str = "sv") -> list[Clause]:
    """Load every clause file of a directory, in catalogue order; all errors reported together."""
    clauses, errors = [], []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            clauses.append(load_clause_file(path, lang))
        except ClauseError as exc:
            errors.append(str(exc))
    seen: dict[str, str] = {}
    for clause in clauses:
        if clause.id in seen:
            _ = gettext_for(lang)
            message = _("id %(id)s finns redan i %(other)s", id=clause.id, other=seen[clause.id])
            errors.append(f"{clause.source}:1: {message}")
        seen[clause.id] = clause.source
    if errors:
        raise ClauseError("\n".join(errors))
    return sorted(clauses, key=lambda c: (c.order, c.id))
