"""The clause file format, selection of the clauses an agreement needs, and their rendering.

A clause file (`clauses/<id>.yaml`) holds the id, the catalogue order, a title and a text
per language, the condition that includes it (`include_when`, the shared condition
language) and the checkpoints it addresses. The text is a sandboxed Jinja template; each
blank-line separated paragraph becomes a numbered point and each line starting with "- "
a lettered sub-item.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import yamlio
from .answers import Answers
from .conditions import Condition, ConditionError, Context, compile_condition
from .facts import Facts
from .i18n import gettext_for
from .labels import label
from .sandbox import ClauseRenderError, check_template, render_text

CLAUSE_KEYS = ("id", "order", "title", "include_when", "addresses", "notes", "text")
REQUIRED_KEYS = ("id", "order", "title", "include_when", "text")
LANGS = ("sv", "en")
_ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
# A line break typed by a user must stay a line break inside its paragraph, not start a new
# numbered point: user text carries it as U+2028 until the paragraphs are split.
LINE_SEPARATOR = "\u2028"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ClauseError(ValueError):
    """A clause that cannot be loaded or rendered, located as `file:line: reason`."""


@dataclass(frozen=True)
class Clause:
    """One clause of the library, checked and with its condition compiled."""

    id: str
    order: int
    title: dict[str, str]
    include_when: Any
    condition: Condition
    addresses: tuple[str, ...]
    notes: str
    text: dict[str, str]
    source: str = "<clause>"
    content_hash: str = ""
    text_lines: dict[str, int] = field(default_factory=dict)  # file line before each text's line 1

    def content(self) -> dict[str, Any]:
        """Return the clause as plain data in file order (what export writes and hashes cover)."""
        return {"id": self.id, "order": self.order, "title": dict(self.title),
                "include_when": _plain(self.include_when), "addresses": list(self.addresses),
                "notes": self.notes, "text": dict(self.text)}


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a rendered clause: level 2 is a numbered point, level 3 a lettered item."""

    text: str
    level: int


@dataclass(frozen=True)
class RenderedClause:
    id: str
    title: str
    paragraphs: list[Paragraph]
    addresses: tuple[str, ...] = ()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def content_hash(content: dict[str, Any]) -> str:
    """Hash a clause's content (not its file layout): equal content, equal hash."""
    canonical = {key: _plain(content.get(key)) for key in CLAUSE_KEYS}
    data = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


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


def build_clause(content: Any, source: str = "<clause>", lines: dict[str, yaml.Node] | None = None,
                 lang: str = "sv") -> Clause:
    """Check clause content (from a file or the database) and compile it, raising ClauseError."""
    _ = gettext_for(lang)
    lines = lines or {}

    def fail(key: str, message: str) -> ClauseError:
        node = lines.get(key)
        line = node.start_mark.line + 1 if node is not None else yamlio.line_of(content, 1)
        return ClauseError(f"{source}:{line}: {message}")

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
    if not isinstance(clause_id, str) or not _ID.match(clause_id):
        raise fail("id", _("ogiltigt id (små bokstäver, siffror och bindestreck)"))
    if not isinstance(content["order"], int) or isinstance(content["order"], bool):
        raise fail("order", _("order ska vara ett heltal"))
    for key in ("title", "text"):
        value = content[key]
        if not isinstance(value, dict) or not isinstance(value.get("sv"), str) or not value["sv"].strip():
            raise fail(key, _("%(key)s behöver en svensk text (sv)", key=key))
        for language, text in value.items():
            if language not in LANGS or not isinstance(text, str):
                raise fail(key, _("%(key)s: okänt språk eller ingen text: %(lang)s", key=key, lang=language))
    addresses = content.get("addresses") or []
    if not isinstance(addresses, list) or not all(isinstance(a, str) and _ID.match(a) for a in addresses):
        raise fail("addresses", _("addresses ska vara en lista med kontrollpunkters id"))
    notes = content.get("notes") or ""
    if not isinstance(notes, str):
        raise fail("notes", _("notes ska vara en text"))
    include_node = lines.get("include_when")
    try:
        condition = compile_condition(
            content["include_when"], source=source,
            line=include_node.start_mark.line + 1 if include_node is not None else 0)
    except ConditionError as exc:
        raise ClauseError(str(exc)) from None
    text_lines = {language: _text_offset(lines.get(f"text.{language}")) for language in content["text"]}
    for language, text in content["text"].items():
        problems = check_template(text, lang)
        if problems:
            first = problems[0]
            raise ClauseError(f"{source}:{text_lines[language] + first.line}: [{language}] {first.message}")
    clean = {"id": clause_id, "order": content["order"], "title": dict(content["title"]),
             "include_when": _plain(content["include_when"]), "addresses": list(addresses),
             "notes": notes, "text": dict(content["text"])}
    return Clause(id=clause_id, order=content["order"], title=clean["title"], include_when=clean["include_when"],
                  condition=condition, addresses=tuple(addresses), notes=notes, text=clean["text"],
                  source=source, content_hash=content_hash(clean), text_lines=text_lines)


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


def select(clauses: Iterable[Clause], ctx: Context) -> list[Clause]:
    """Return the clauses whose include_when holds, in catalogue order."""
    return sorted((c for c in clauses if c.condition.evaluate(ctx)), key=lambda c: (c.order, c.id))


def missing_language(clauses: Iterable[Clause], lang: str) -> list[Clause]:
    """Return the clauses that have no text (or title) in `lang`."""
    return [c for c in clauses if not c.text.get(lang, "").strip() or not c.title.get(lang, "").strip()]


def _protect(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\n", LINE_SEPARATOR)
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_protect(v) for v in value]
    return value


def _party(data: dict[str, Any], role: str, lang: str, is_company: bool) -> dict[str, Any]:
    org_form = data.get("org_form")
    return {"name": data["name"], "org_number": data["org_number"], "address": data.get("address", ""),
            "org_form": org_form, "org_form_label": label("org_form", org_form, lang) if org_form else "",
            "registered_ideburen": bool(data.get("registered_ideburen")), "role_label": role,
            "is_company": is_company, "contact": data.get("contact", {}), "signatory": data.get("signatory", {})}


# The defined terms of the agreement ("nedan kallad ”Partnern”"). They are contract wording
# in each language, like the clause texts, so they are not UI strings for the catalogue.
DEFINED_TERMS = {
    "sv": {"company": "Bostadsbolaget", "partner": "Partnern", "numbered": "Partner {n}"},
    "en": {"company": "Housing Company", "partner": "Partner", "numbered": "Partner {n}"},
}


def parties(answers: Answers, lang: str = "sv") -> list[dict[str, Any]]:
    """Return the parties as plain dicts: the housing company first, then the partners."""
    terms = DEFINED_TERMS.get(lang, DEFINED_TERMS["sv"])
    dumped = answers.model_dump(mode="python")
    result = [_party(dumped["housing_company"], terms["company"], lang, True)]
    single = len(dumped["partners"]) == 1
    for number, partner in enumerate(dumped["partners"], start=1):
        role = terms["partner"] if single else terms["numbered"].format(n=number)
        result.append(_party(partner, role, lang, False))
    return result


def text_context(answers: Answers, facts: Facts, findings: Iterable[str] = (), lang: str = "sv") -> dict[str, Any]:
    """Build the plain-data context a clause text is rendered with."""
    context = answers.model_dump(mode="python")
    for partner, own in zip(context["partners"], facts.partners):
        partner["facts"] = own.as_dict()
    context.update(facts=facts.as_dict(), parties=parties(answers, lang), findings=sorted(set(findings)), lang=lang)
    return _protect(context)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split rendered text into numbered points (blank-line separated) and "- " sub-items."""
    result: list[Paragraph] = []
    current: list[str] = []
    level = 2

    def flush() -> None:
        if current:
            joined = " ".join(current).strip()
            if joined:
                result.append(Paragraph(joined.replace(LINE_SEPARATOR, "\n"), level))
            current.clear()

    for raw in _XML_ILLEGAL.sub("", text).split("\n"):
        line = raw.strip(" \t")
        if not line.strip():
            flush()
            level = 2
        elif line.startswith("- "):
            flush()
            level = 3
            current.append(line[2:].strip(" \t"))
        else:
            current.append(line)
    flush()
    return result


def render_clause(clause: Clause, context: dict[str, Any], lang: str = "sv") -> RenderedClause:
    """Render a clause's title and text in `lang`, raising ClauseError with the file line."""
    _ = gettext_for(lang)
    source = clause.text.get(lang)
    if not source:
        message = _("klausulen %(id)s saknar text på %(lang)s", id=clause.id, lang=lang)
        raise ClauseError(f"{clause.source}:1: {message}")
    try:
        text = render_text(source, {**context, "lang": lang})
    except ClauseRenderError as exc:
        line = clause.text_lines.get(lang, 0) + exc.line
        raise ClauseError(f"{clause.source}:{line}: {exc.message}") from None
    title = clause.title.get(lang) or clause.title["sv"]
    return RenderedClause(clause.id, title, split_paragraphs(text), clause.addresses)

