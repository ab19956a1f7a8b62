"""The document rules (rules/document.yaml): the annexes an agreement can have and what clauses assert.

Annexes are named from this one registry, so that a clause cannot refer to an annex that the
document neither produces nor lists. Claims are the things a clause text states as fact
(that the agreement is not a purchase, the partner's role for personal data, the repayment
deadline …): each says which other claims and which findings contradict it, and which words
in a rendered text express it, so a contradiction is caught by a check, not by a reader.
Drafter notes are wordings that belong in a finding's action, never in the signed text.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import yamlio
from .conditions import ConditionError
from .i18n import LANGUAGES, N_, gettext_for

DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "rules" / "document.yaml"
ANNEX_KEYS = {"id", "title", "kind", "contractual", "mentions", "prevails_in", "supplied_by", "notes"}
CLAIM_KEYS = {"id", "title", "conflicts_with", "contradicted_by", "unique", "phrases", "notes"}
KINDS = ("produced", "supplied")
SUPPLIERS = ("partner", "parties", "market_partners")  # who attaches an annex the parties supply
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_sv = gettext_for("sv")
_cache: dict[str, tuple[int, "DocumentRules"]] = {}
_lock = threading.Lock()


class RegistryError(ValueError):
    """Mistakes in the document rules file, each as `file:line: reason`."""

    def __init__(self, errors: list[ConditionError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class AnnexSpec:
    """An annex the agreement can have: produced by the product or supplied by the parties."""

    id: str
    title: dict[str, str]
    kind: str
    contractual: bool
    mentions: dict[str, tuple[re.Pattern[str], ...]]
    prevails_in: dict[str, str] | None
    supplied_by: str | None  # partner | parties
    order: int

    @property
    def supplied(self) -> bool:
        return self.kind == "supplied"


@dataclass(frozen=True)
class ClaimSpec:
    """Something a clause can state as fact, and what contradicts it."""

    id: str
    title: dict[str, str]
    conflicts_with: frozenset[str]
    contradicted_by: frozenset[str]
    unique: bool
    phrases: dict[str, tuple[re.Pattern[str], ...]]
    line: int


@dataclass(frozen=True)
class DocumentRules:
    """The registry of annexes and claims, and the drafter-note wordings."""

    source: str
    annexes: dict[str, AnnexSpec]
    claims: dict[str, ClaimSpec]
    drafter_notes: dict[str, tuple[re.Pattern[str], ...]]

    def conflicting(self, first: str, second: str) -> bool:
        """Return whether two claims contradict each other (a unique claim contradicts itself)."""
        a, b = self.claims.get(first), self.claims.get(second)
        if a is None or b is None:
            return False
        if first == second:
            return a.unique
        return second in a.conflicts_with or first in b.conflicts_with


class _Reader:
    def __init__(self, source: str):
        self.source = source
        self.errors: list[ConditionError] = []

    def fail(self, line: int, message: str, **variables: Any) -> None:
        self.errors.append(ConditionError(self.source, line, _sv(message, **variables)))

    def texts(self, node: Any, key: str, line: int, required: bool = True) -> dict[str, str] | None:
        value = node.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(
                isinstance(v, str) and v.strip() for v in value.values()):
            self.fail(yamlio.line_of(value, line), N_("'%(key)s' ska ha text på både sv och en"), key=key)
            return {lang: "" for lang in LANGUAGES}
        return {lang: " ".join(text.split()) for lang, text in value.items()}

    def patterns(self, node: Any, key: str, line: int) -> dict[str, tuple[re.Pattern[str], ...]]:
        value = node.get(key) or {}
        result: dict[str, tuple[re.Pattern[str], ...]] = {}
        if not isinstance(value, dict) or set(value) - set(LANGUAGES):
            self.fail(yamlio.line_of(value, line), N_("'%(key)s' ska ha listor för sv och en"), key=key)
            return {lang: () for lang in LANGUAGES}
        for lang in LANGUAGES:
            items = value.get(lang) or []
            compiled = []
            for item in items if isinstance(items, list) else [items]:
                try:
                    compiled.append(re.compile(str(item)))
                except re.error as exc:
                    self.fail(yamlio.line_of(value, line), N_("ogiltigt mönster '%(pattern)s': %(reason)s"),
                              pattern=item, reason=str(exc))
            result[lang] = tuple(compiled)
        return result

    def ident(self, node: Any, line: int, seen: set[str], keys: set[str]) -> str | None:
        if not isinstance(node, dict):
            self.fail(line, N_("en post ska vara ett objekt med id"))
            return None
        line = yamlio.line_of(node, line)
        for key in node:
            if key not in keys:
                self.fail(line, N_("okänd nyckel '%(key)s'"), key=key)
        ident = node.get("id")
        if not isinstance(ident, str) or not _ID.match(ident):
            self.fail(line, N_("ogiltigt id (små bokstäver, siffror och bindestreck)"))
            return None
        if ident in seen:
            self.fail(line, N_("id '%(id)s' finns redan"), id=ident)
        seen.add(ident)
        return ident

    def annex(self, node: Any, line: int, seen: set[str], order: int) -> AnnexSpec | None:
        ident = self.ident(node, line, seen, ANNEX_KEYS)
        if ident is None:
            return None
        line = yamlio.line_of(node, line)
        kind = node.get("kind")
        if kind not in KINDS:
            self.fail(line, N_("kind ska vara produced eller supplied"))
        if not isinstance(node.get("contractual"), bool):
            self.fail(line, N_("contractual ska vara true eller false"))
        supplied_by = node.get("supplied_by")
        if kind == "supplied" and supplied_by not in SUPPLIERS:
            self.fail(line, N_("supplied_by ska vara partner eller parties"))
        return AnnexSpec(ident, self.texts(node, "title", line) or {}, str(kind), node.get("contractual") is True,
                         self.patterns(node, "mentions", line), self.texts(node, "prevails_in", line, False),
                         supplied_by, order)

    def claim(self, node: Any, line: int, seen: set[str]) -> ClaimSpec | None:
        ident = self.ident(node, line, seen, CLAIM_KEYS)
        if ident is None:
            return None
        line = yamlio.line_of(node, line)
        lists = {}
        for key in ("conflicts_with", "contradicted_by"):
            value = node.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(line, N_("%(key)s ska vara en lista med id"), key=key)
                value = []
            lists[key] = frozenset(value)
        if not isinstance(node.get("unique", False), bool):
            self.fail(line, N_("unique ska vara true eller false"))
        return ClaimSpec(ident, self.texts(node, "title", line) or {}, lists["conflicts_with"],
                         lists["contradicted_by"], node.get("unique") is True,
                         self.patterns(node, "phrases", line), line)


def parse_document_rules(text: str, source: str = "<document rules>",
                         checkpoint_ids: set[str] | None = None) -> DocumentRules:
    """Parse and check the document rules; raise RegistryError naming file and line."""
    try:
        data = yamlio.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RegistryError([ConditionError(source, mark.line + 1 if mark else 0, _sv(
            N_("ogiltig YAML: %(problem)s"), problem=getattr(exc, "problem", None) or exc))])
    reader = _Reader(source)
    if not isinstance(data, dict):
        raise RegistryError([ConditionError(source, 1, _sv(N_("filen ska vara ett objekt")))])
    for key in data:
        if key not in ("version", "annexes", "claims", "drafter_notes"):
            reader.fail(1, N_("okänd nyckel '%(key)s'"), key=key)
    seen: set[str] = set()
    annexes = {}
    for order, node in enumerate(data.get("annexes") or []):
        spec = reader.annex(node, yamlio.line_of(data, 1), seen, order)
        if spec is not None:
            annexes[spec.id] = spec
    seen = set()
    claims = {}
    for node in data.get("claims") or []:
        spec = reader.claim(node, yamlio.line_of(data, 1), seen)
        if spec is not None:
            claims[spec.id] = spec
    for claim in claims.values():
        for other in sorted(claim.conflicts_with - set(claims)):
            reader.fail(claim.line, N_("okänt påstående '%(id)s'"), id=other)
        if checkpoint_ids is not None:
            for finding in sorted(claim.contradicted_by - checkpoint_ids):
                reader.fail(claim.line, N_("okänd kontrollpunkt '%(id)s'"), id=finding)
    notes = reader.patterns(data, "drafter_notes", 1)
    if reader.errors:
        raise RegistryError(reader.errors)
    return DocumentRules(source, annexes, claims, notes)


def load_document_rules(path: str | Path | None = None, checkpoint_ids: set[str] | None = None) -> DocumentRules:
    """Return the checked document rules of a file (rules/document.yaml by default), reread on change."""
    path = Path(path) if path is not None else DEFAULT_PATH
    key, mtime = str(path.resolve()), path.stat().st_mtime_ns
    cached = _cache.get(key)
    if cached is not None and cached[0] == mtime and checkpoint_ids is None:
        return cached[1]
    rules = parse_document_rules(path.read_text(encoding="utf-8"), str(path), checkpoint_ids)
    with _lock:
        _cache[key] = (mtime, rules)
    return rules
