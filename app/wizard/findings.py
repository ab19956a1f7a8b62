"""Risk findings and the labs' checklist for the wizard: which step a finding belongs to, links, clauses.

A draft is assessed as a whole once every step validates. Before that, the steps saved so far
are assessed on top of the rules file's neutral `example_base` (the answers its examples build
on), and only findings resting entirely on saved steps are shown: a finding never appears
because of an answer the user has not given yet, and no step shows another step's errors.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from pydantic import ValidationError

from ..agreement import formatting, labels
from ..agreement.answers import Answers
from ..agreement.checklist import ChecklistError, checklist
from ..agreement.checkpoints import Assessment, Finding, RulesError
from ..agreement.clauses import Clause, ClauseError, select
from ..agreement.conditions import context_for
from ..request_memo import memo
from ..services.assessment import assess_answers, get_rules
from . import review, steps
from .formtools import anchor, resolve


@dataclass(frozen=True)
class DraftAssessment:
    """One assessment of a draft; `done` holds the steps it rests on, None when the draft is complete."""

    assessment: Assessment
    answers: Answers
    done: frozenset[str] | None

    @property
    def complete(self) -> bool:
        return self.done is None

    def shown(self) -> list[Finding]:
        """Return the findings that rest only on answers the user has given."""
        if self.done is None:
            return list(self.assessment.findings)
        return [f for f in self.assessment.findings
                if f.answer_paths and all(steps.by_path(p).slug in self.done for p in f.answer_paths)]


class RulesUnavailable(Exception):
    """The rules file cannot be read: the page must say so, never show an empty assessment."""


def assess_draft(answers: dict[str, Any], lang: str, on: dt.date | None = None) -> DraftAssessment | None:
    """Assess the draft's answers once: whole when complete, else the valid saved steps; None if nothing.

    Once per request for the same answers (the page's panels share it; a save forgets it).
    Raises RulesUnavailable when the rules file cannot be read.
    """
    held, result = memo(("assess_draft", id(answers), lang, on), lambda: (answers, _assess_draft(answers, lang, on)))
    return result if held is answers else _assess_draft(answers, lang, on)


def _assess_draft(answers: dict[str, Any], lang: str, on: dt.date | None) -> DraftAssessment | None:
    try:
        whole = Answers.model_validate(answers)
    except ValidationError:
        whole = None
    try:
        if whole is not None:
            return DraftAssessment(assess_answers(whole, on, lang), whole, None)
    except (RulesError, OSError) as exc:
        current_app.logger.exception("the rules file cannot be read")
        raise RulesUnavailable(str(exc)) from exc
    done = [s for s in steps.STEPS if steps.is_done(s, answers)]
    if not done:
        return None
    try:
        data = dict(get_rules().example_base)
    except (RulesError, OSError) as exc:
        current_app.logger.exception("the rules file cannot be read")
        raise RulesUnavailable(str(exc)) from exc
    for step in done:
        if step.section is None:
            data.update({key: answers[key] for key in steps.BASICS_KEYS if key in answers})
        else:
            data[step.section] = answers[step.section]
    try:
        typed = Answers.model_validate(data)
    except ValidationError:  # saved steps that only conflict with each other: say nothing yet
        return None
    return DraftAssessment(assess_answers(typed, on, lang), typed, frozenset(s.slug for s in done))


def card(finding: Finding, lang: str, answers: dict[str, Any] | None = None,
         forms: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return what a finding shows: severity text, title, why (linked to the questions) and the "read more" parts."""
    forms = {} if forms is None else forms
    why = []
    for item in finding.why:
        link = None
        if answers is not None and item.get("paths"):
            link = answer_link(item["paths"][0], answers, forms)
        why.append({"text": item["text"], "link": link, "finding": item.get("finding")})
    return {
        "id": finding.id, "severity": finding.severity,
        "severity_label": labels.label("severity", finding.severity, lang),
        "title": finding.title, "why": why, "handled": finding.handled, "notes": finding.notes,
        "triggered_by": finding.triggered_by, "explanation": finding.explanation,
        "legal_basis": finding.legal_basis, "practice": finding.practice, "action": finding.action,
        "sources": finding.sources, "links": [], "clauses": [],
    }


def for_steps(draft_assessment: DraftAssessment | None, slugs: list[str], lang: str,
              answers: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Return, per step slug, the findings its answers trigger (steps without findings left out).

    With the draft's `answers`, each "why" links to its question.
    """
    if draft_assessment is None:
        return []
    forms: dict[str, Any] = {}
    result = []
    shown = draft_assessment.shown()
    listed: set[str] = set()  # a finding resting on both steps is listed once
    for slug in dict.fromkeys(slugs):
        step = steps.by_slug(slug)
        if step is None:
            continue
        found = [card(f, lang, answers, forms) for f in shown
                 if f.id not in listed and any(steps.by_path(p).slug == slug for p in f.answer_paths)]
        listed.update(f["id"] for f in found)
        if found:
            result.append({"slug": slug, "title": step.title, "findings": found})
    return result


def answer_link(path: str, answers: dict[str, Any], forms: dict[str, Any]) -> dict[str, str]:
    """Return the link to the question that asks the answer at `path`: step slug, field anchor and label."""
    step = steps.by_path(path)
    if step.slug not in forms:
        forms[step.slug] = review.step_form(step, answers)
    form_path = path if step.section in (None, "partners") else path.partition(".")[2]
    field, label = resolve(forms[step.slug], form_path) if form_path else (None, "")
    return {"slug": step.slug, "anchor": anchor(field) if field is not None else "", "step": str(step.title),
            "label": label}


def answer_links(finding: Finding, answers: dict[str, Any], forms: dict[str, Any]) -> list[dict[str, str]]:
    """Return one link per answer the finding rests on: step slug, field anchor and label."""
    links: list[dict[str, str]] = []
    for path in finding.answer_paths:
        link = answer_link(path, answers, forms)
        if not any(link["slug"] == seen["slug"] and link["anchor"] == seen["anchor"] for seen in links):
            links.append(link)
    return links


def clause_lines(finding: Finding, chosen: list[Clause] | None, library: list[Clause], lang: str) -> list[str]:
    """Say which clause of the draft handles each clause the finding recommends, or that it is missing."""
    if chosen is None:
        return []
    position = {c.id: (i, c) for i, c in enumerate(chosen, start=1)}
    titles = {c.id: c.title.get(lang) or c.title.get("sv", c.id) for c in library}
    lines = []
    for clause_id in finding.recommended_clauses:
        if clause_id in position:
            number, clause = position[clause_id]
            lines.append(_("Avsnitt %(number)s (%(title)s) innehåller villkor om detta.", number=number,
                           title=clause.title.get(lang) or clause.title.get("sv", clause_id)))
        else:
            lines.append(_("Klausulen %(title)s ingår inte i utkastet", title=titles.get(clause_id, clause_id)))
    return lines


def chosen_clauses(draft_assessment: DraftAssessment,
                   draft: Any = None) -> tuple[list[Clause] | None, list[Clause]]:
    """Return the clauses the document would include (None when unknown) and the whole pool.

    With a draft, the export's own choice (services.exports): the same pool, the same selection.
    Without one (a preview of answers alone), the shipped clause files.
    """
    from ..services import exports
    from ..services.documents import load_library

    a = draft_assessment.assessment
    parameters = get_rules().parameter_values(a.assessed_on)
    context = context_for(draft_assessment.answers, a.facts_object, parameters, a.ids) \
        if a.facts_object is not None else None
    if draft is not None:
        pool = exports.clause_pool(draft)
        if pool is None:  # an empty library: the export refuses, so no section handles anything yet
            return None, []
        entries, withdrawn = pool
        library = [e.clause for e in [*entries.values(), *withdrawn.values()]]
        return (exports.choose_clauses(pool, context) if context is not None else None), library
    try:
        library = load_library()
    except (ClauseError, OSError):
        current_app.logger.exception("the clause library cannot be read")
        return None, []
    return (select(library, context) if context is not None else None), library


def provisional_notes(assessment: Assessment) -> list[dict[str, str]]:
    """Return title and note of each provisional parameter (an exchange rate) this assessment used."""
    return [{"title": p.get("title", name), "note": p.get("note") or ""}
            for name, p in assessment.parameters.items() if p.get("provisional")]


def for_review(answers: dict[str, Any], lang: str, draft: Any = None) -> dict[str, Any] | None:
    """Return the review page's assessment: verdict, date, notices, grouped findings with links and clauses.

    `draft` (optional) lets "handled by section N" follow the clause versions its export would use.
    """
    try:
        draft_assessment = assess_draft(answers, lang)
    except RulesUnavailable:
        return {"rules_error": True, "checklist": []}
    if draft_assessment is None:
        return None
    a = draft_assessment.assessment
    shown = {f.id for f in draft_assessment.shown()}
    chosen, library = chosen_clauses(draft_assessment, draft) if draft_assessment.complete else (None, [])
    forms: dict[str, Any] = {}
    groups = []
    for group, title, found in a.grouped():
        cards = [{**card(f, lang, answers, forms), "links": answer_links(f, answers, forms),
                  "clauses": clause_lines(f, chosen, library, lang)} for f in found if f.id in shown]
        if cards:
            groups.append({"id": group, "title": title, "findings": cards})
    return {
        "complete": draft_assessment.complete,
        "verdict": {"code": a.verdict.code, "text": a.verdict.text} if draft_assessment.complete else None,
        "assessed_on": formatting.long_date(a.assessed_on, lang),
        "provisional": provisional_notes(a) if draft_assessment.complete else [],
        "groups": groups,
        "checklist": checklist_items(draft_assessment, lang),
    }


def checklist_items(draft_assessment: DraftAssessment, lang: str) -> list[dict[str, Any]]:
    """Return the labs' recommendations as met/open items (only for a complete draft)."""
    a = draft_assessment.assessment
    if not draft_assessment.complete or a.facts_object is None:
        return []
    try:
        items = checklist(draft_assessment.answers, a.facts_object, lang)
    except (ChecklistError, OSError):
        current_app.logger.exception("the checklist file cannot be read")
        return []
    return [item.to_json() for item in items]
