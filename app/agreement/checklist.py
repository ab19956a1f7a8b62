"""The innovation labs' five recommendations as a checklist, read from rules/checklist.yaml (pure core)."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .checkpoints.loader import RulesReader
from . import yamlio
from .answers import Answers
from .conditions import Condition, ConditionError, compile_condition, context_for
from .facts import Facts
from .i18n import LANGUAGES, N_, gettext_for

DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "rules" / "checklist.yaml"
ITEM_KEYS = {"id", "title", "tip", "notes", "met_when"}
_sv = gettext_for("sv")
_cache: dict[str, tuple[int, list["Recommendation"]]] = {}
_lock = threading.Lock()


class ChecklistError(ValueError):
    """One or more mistakes in a checklist file, each as `file:line: reason`."""

    def __init__(self, errors: list[ConditionError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Recommendation:
    """One recommendation as the file states it: texts in sv and en and when it counts as met."""

    id: str
    title: dict[str, str]
    tip: dict[str, str]
    notes: str
    met_when: Condition
    line: int


@dataclass(frozen=True)
class ChecklistItem:
    """One recommendation for one agreement: met or open, with a tip while open."""

    id: str
    title: str
    met: bool
    tip: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "met": self.met, "tip": self.tip}


class _Reader(RulesReader):
    """Reads the checklist file, collecting every error with its line (as the rules file does)."""

    def text(self, node: dict, key: str, line: int) -> dict[str, str]:
        value = node.get(key)
        if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(
                isinstance(v, str) and v.strip() for v in value.values()):
            self.fail(yamlio.line_of(value, line), N_("'%(key)s' ska ha text på både sv och en"), key=key)
            return {lang: "" for lang in LANGUAGES}
        return {lang: " ".join(text.split()) for lang, text in value.items()}

    def item(self, node: Any, line: int, seen: set[str]) -> Recommendation | None:
        if not isinstance(node, dict):
            self.fail(line, N_("en punkt ska vara ett objekt med id, title, tip och met_when"))
            return None
        line = yamlio.line_of(node, line)
        for key in node:
            if key not in ITEM_KEYS:
                self.fail(line, N_("okänd nyckel '%(key)s'"), key=key)
        item_id = node.get("id")
        if not isinstance(item_id, str) or not item_id.strip():
            self.fail(line, N_("punkten saknar id"))
        elif item_id in seen:
            self.fail(line, N_("id '%(id)s' finns redan"), id=item_id)
        seen.add(str(item_id))
        title, tip = self.text(node, "title", line), self.text(node, "tip", line)
        if "met_when" not in node:
            self.fail(line, N_("punkten saknar met_when"))
            return None
        try:
            condition = compile_condition(node["met_when"], source=self.source, line=line, parameters=(),
                                          findings=())
        except ConditionError as exc:
            self.errors.append(exc)
            return None
        return Recommendation(str(item_id), title, tip, " ".join(str(node.get("notes") or "").split()),
                              condition, line)


def parse_checklist(text: str, source: str = "<checklist>") -> list[Recommendation]:
    """Parse and check a checklist file's text; raise ChecklistError naming file and line."""
    try:
        data = yamlio.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ChecklistError([ConditionError(source, line, _sv(N_("ogiltig YAML: %(problem)s"),
                                                                problem=getattr(exc, "problem", None) or exc))])
    reader = _Reader(source)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or not data["items"]:
        raise ChecklistError([ConditionError(source, yamlio.line_of(data, 1),
                                             _sv(N_("filen ska ha en lista items med minst en punkt")))])
    seen: set[str] = set()
    items = [reader.item(node, yamlio.line_of(data, 1), seen) for node in data["items"]]
    if reader.errors:
        raise ChecklistError(reader.errors)
    return [item for item in items if item is not None]


def load_checklist(path: str | Path | None = None) -> list[Recommendation]:
    """Return the checked recommendations of a file (rules/checklist.yaml by default), reread on change."""
    path = Path(path) if path is not None else DEFAULT_PATH
    key, mtime = str(path.resolve()), path.stat().st_mtime_ns
    cached = _cache.get(key)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    items = parse_checklist(path.read_text(encoding="utf-8"), str(path))
    with _lock:
        _cache[key] = (mtime, items)
    return items


def evaluate(recommendations: list[Recommendation], answers: Answers, facts: Facts,
             lang: str = "sv") -> list[ChecklistItem]:
    """Mark each recommendation met or open for these answers and facts."""
    lang = lang if lang in LANGUAGES else "sv"
    ctx = context_for(answers, facts, {})
    result = []
    for rec in recommendations:
        met = rec.met_when.evaluate(ctx)
        result.append(ChecklistItem(rec.id, rec.title[lang], met, "" if met else rec.tip[lang]))
    return result


def checklist(answers: Answers, facts: Facts, lang: str = "sv",
              path: str | Path | None = None) -> list[ChecklistItem]:
    """Return the five recommendations for this agreement, each met or open (a tip while open)."""
    return evaluate(load_checklist(path), answers, facts, lang)
