"""Agreement documents for the CLI, the wizard's export and the API: assess, select, render."""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context

from ..agreement.answers import Answers
from ..agreement.clauses import Clause, load_clause_dir, select
from ..agreement.conditions import context_for
from ..agreement.document import render_document
from ..agreement.facts import Facts, derive

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
# Used only while the rules file cannot be read: the values rules/checkpoints.yaml holds.
FALLBACK_PARAMETERS = {"value_months_open_ended": 48, "threshold_eur_sek_rate": 10.8126,
                       "aid_eur_sek_rate": 10.8126}

_LIBRARY: dict[str, tuple[tuple[Any, ...], list[Clause]]] = {}
_LOCK = threading.Lock()


def clauses_dir() -> Path:
    """Return the clause directory: CLAUSES_DIR of the current app, else clauses/ in the project."""
    if has_app_context() and current_app.config.get("CLAUSES_DIR"):
        return Path(current_app.config["CLAUSES_DIR"])
    return PROJECT_ROOT / "clauses"


def _signature(directory: Path) -> tuple[Any, ...]:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.glob("*.yaml")))


def load_library(directory: str | Path | None = None) -> list[Clause]:
    """Load and check the clause files, reusing the parsed library until a file changes."""
    path = Path(directory) if directory is not None else clauses_dir()
    key = str(path.resolve())
    signature = _signature(path)
    with _LOCK:
        cached = _LIBRARY.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
    clauses = load_clause_dir(path)
    with _LOCK:
        _LIBRARY[key] = (signature, clauses)
    return clauses


def assess_for_document(answers: Answers, on: dt.date | None = None,
                        lang: str = "sv") -> tuple[Facts, list[str], dict[str, Any], dict[str, Any] | None]:
    """Return (facts, fired checkpoint ids, parameter values, assessment JSON or None)."""
    try:
        from .assessment import assess_answers, get_rules
    except ImportError:  # the rules are not installed: no findings, the documented parameter values
        return derive(answers, FALLBACK_PARAMETERS), [], dict(FALLBACK_PARAMETERS), None
    day = on or dt.date.today()
    assessment = assess_answers(answers, on=day, lang=lang)
    parameters = {**FALLBACK_PARAMETERS, **get_rules().parameter_values(day)}
    return derive(answers, parameters), [f.id for f in assessment.findings], parameters, assessment.to_json()


def render_answers(answers: Answers, lang: str = "sv", *, draft: bool = True, on: dt.date | None = None,
                   clauses: list[Clause] | None = None, with_assessment: bool = True) -> bytes:
    """Assess the answers, select the clauses they need and render the agreement as .docx bytes.

    `clauses` defaults to the shipped library; the annex with the risk assessment is added
    unless `with_assessment` is false (a clean copy for signing).
    """
    facts, findings, parameters, assessment = assess_for_document(answers, on, lang)
    library = clauses if clauses is not None else load_library()
    chosen = select(library, context_for(answers, facts, parameters, findings))
    return render_document(answers, facts, chosen, findings, lang, draft=draft,
                           assessment=assessment if with_assessment else None, issued=on)
