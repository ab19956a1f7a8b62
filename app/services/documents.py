"""Agreement documents: assess, select, render.

`render_answers` renders from the clause files (the CLI); the web export chooses approved and
pinned versions from the database (services.exports) and renders them with `render_selected`.
"""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any, Iterable

from flask import current_app, has_app_context

from ..agreement.answers import Answers
from ..agreement.checkpoints.describe import describer
from ..agreement.clauses import Clause, ClauseError, load_clause_dir, select
from ..agreement.consistency import claim_problems, scenarios, static_problems
from ..agreement.registry import DocumentRules, load_document_rules
from ..agreement.conditions import context_for
from ..agreement.document import DocumentModel, build_document, render_document
from ..agreement.facts import Facts, derive
from .assessment import assess_answers, get_rules

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent

_LIBRARY: dict[str, tuple[tuple[Any, ...], list[Clause]]] = {}
_LOCK = threading.Lock()


def clauses_dir() -> Path:
    """Return the clause directory: CLAUSES_DIR of the current app, else clauses/ in the project."""
    if has_app_context() and current_app.config.get("CLAUSES_DIR"):
        return Path(current_app.config["CLAUSES_DIR"])
    return PROJECT_ROOT / "clauses"


def _signature(directory: Path) -> tuple[Any, ...]:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.glob("*.yaml")))


def document_rules() -> DocumentRules:
    """Return the document rules (annexes and claims), checked against the rules file's checkpoint ids."""
    return load_document_rules(checkpoint_ids=set(get_rules().by_id))


def consistency_problems(clauses: list[Clause]) -> list[str]:
    """Return what the library as a whole contradicts: unknown names, and claims that contradict each other
    or the findings over the generated answers (the checks a library must pass to be loaded)."""
    rules, registry = get_rules(), document_rules()
    problems = static_problems(clauses, registry)
    return problems or claim_problems(clauses, rules, registry, scenarios(rules), rules.example_date)


def load_library(directory: str | Path | None = None) -> list[Clause]:
    """Load and check the clause files, reusing the parsed library until a file changes.

    A library whose clauses contradict each other or the findings is refused (ClauseError).
    """
    path = Path(directory) if directory is not None else clauses_dir()
    key = str(path.resolve())
    signature = _signature(path)
    with _LOCK:
        cached = _LIBRARY.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
    clauses = load_clause_dir(path)
    problems = consistency_problems(clauses)
    if problems:
        raise ClauseError("\n".join(problems))
    with _LOCK:
        _LIBRARY[key] = (signature, clauses)
    return clauses


def assess_for_document(answers: Answers, on: dt.date | None = None,
                        lang: str = "sv") -> tuple[Facts, list[str], dict[str, Any], dict[str, Any] | None]:
    """Return (facts, fired checkpoint ids, parameter values, assessment JSON or None)."""
    day = on or dt.date.today()
    assessment = assess_answers(answers, on=day, lang=lang)
    parameters = get_rules().parameter_values(day)
    return derive(answers, parameters), [f.id for f in assessment.findings], parameters, assessment.to_json()


def _describer(lang: str) -> Any:
    """Return the rules' describe function for 'why is this clause here' comments, or None."""
    try:
        return describer(get_rules(), lang)
    except (OSError, ValueError):  # an unreadable rules file: the comments say less, the export goes on
        return None


def render_answers(answers: Answers, lang: str = "sv", *, draft: bool = True, on: dt.date | None = None,
                   clauses: list[Clause] | None = None, with_comments: bool | None = None) -> bytes:
    """Assess the answers, select the clauses they need and render the agreement as .docx bytes.

    `clauses` defaults to the shipped library. A draft has the risk assessment as an annex and
    Word comments (risks and why each clause is included) unless `with_comments` is false; the
    final version holds the agreement and its contractual annexes only, and is refused
    (FinalRefused) while a stop finding is open.
    """
    facts, findings, parameters, assessment = assess_for_document(answers, on, lang)
    library = clauses if clauses is not None else load_library()
    chosen = select(library, context_for(answers, facts, parameters, findings))
    return render_document(answers, facts, chosen, assessment["findings"], lang, draft=draft, assessment=assessment,
                           issued=on, with_comments=with_comments, parameters=parameters,
                           describe=_describer(lang))


def document_model(answers: Answers, lang: str = "sv", *, draft: bool = True, on: dt.date | None = None,
                   clauses: list[Clause] | None = None) -> tuple[DocumentModel, dict[str, Any]]:
    """Assess, select and assemble the agreement as a document model; return it with the assessment."""
    facts, findings, parameters, assessment = assess_for_document(answers, on, lang)
    library = clauses if clauses is not None else load_library()
    chosen = select(library, context_for(answers, facts, parameters, findings))
    model = build_document(answers, facts, chosen, assessment["findings"], lang, draft=draft, assessment=assessment,
                           issued=on, parameters=parameters)
    return model, assessment


def _selected_inputs(answers: Answers, assessment: dict[str, Any] | None, on: dt.date) -> tuple[Facts, list, dict]:
    """Return (facts, fired findings, parameters) of a recorded assessment: its values, the rules' for the rest."""
    stored = (assessment or {}).get("parameters") or {}
    # The values the export recorded; any it lacks come from the rules file as it is now.
    parameters = {**get_rules().parameter_values(on),
                  **{name: p["value"] for name, p in stored.items() if "value" in p}}
    return derive(answers, parameters), (assessment or {}).get("findings") or [], parameters


def render_selected(answers: Answers, lang: str, clauses: list[Clause], assessment: dict[str, Any] | None, *,
                    draft: bool, on: dt.date, with_comments: bool | None = None, recorded: bool = False,
                    cleared: Iterable[str] = (), internal: bool = True) -> bytes:
    """Render clauses already chosen with an assessment already made (a recorded export's) as .docx bytes.

    Nothing is assessed or selected again, so a stored export renders the same text however
    the rules or the library have changed since; the parameters are the ones it recorded. A new
    final is refused while a stop finding is open that a legal reviewer has not accepted
    (`cleared`); a `recorded` export is made again as it was.
    """
    facts, fired, parameters = _selected_inputs(answers, assessment, on)
    return render_document(answers, facts, clauses, fired, lang, draft=draft, assessment=assessment or None,
                           issued=on, with_comments=with_comments, parameters=parameters,
                           describe=_describer(lang), refuse_open_stops=not recorded, cleared=cleared,
                           internal=internal)


def model_selected(answers: Answers, lang: str, clauses: list[Clause], assessment: dict[str, Any] | None, *,
                   on: dt.date, cleared: Iterable[str] = (), internal: bool = True) -> DocumentModel:
    """Assemble the draft version of chosen clauses as a document model (for reading on a page)."""
    facts, fired, parameters = _selected_inputs(answers, assessment, on)
    return build_document(answers, facts, clauses, fired, lang, draft=True, assessment=assessment or None,
                          issued=on, parameters=parameters, cleared=cleared, internal=internal)
