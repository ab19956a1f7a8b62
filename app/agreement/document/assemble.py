"""Assembling the agreement: the clauses in their number and with their claims, the annexes, the references.

The clauses render first, with the claims each makes in this agreement. The annexes then follow
from what the clauses refer to: the follow-up plan always, each annex the parties supply once a
clause names it, and, in a draft, the risk assessment and the direct-award record. The clause
that lists the agreement's documents renders last, when that list is known; then every
reference gets its number. Two clauses that state contradicting things, or a statement the
assessment contradicts, stop the document: the library has to be mended, not the agreement.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..answers import Answers
from ..clauses import (
    Clause, ClauseError, RenderedClause, References, active_claims, defined_terms, missing_language, parties,
    referenced, render_clause, resolve_references, text_context,
)
from ..conditions import context_for
from ..facts import Facts
from ..formatting import join_and, long_date
from ..i18n import N_, gettext_for
from ..registry import DocumentRules, load_document_rules
from .annex import risk_annex
from .direct_award import FINDING as DIRECT_AWARD_FINDING
from .direct_award import direct_award_annex
from .followup import ChecklistFn, checklist_provider, followup_annex
from .model import Annex, Body, DocumentModel

FOLLOW_UP = "uppfoljningsplan"

#: Every label the template shows, in the document's language.
TEMPLATE_LABELS = {
    "agreement_kind": N_("SAMVERKANSAVTAL"),
    "between": N_("Avtalsparter"),
    "col_party": N_("Part"),
    "col_org_number": N_("Org.nr"),
    "col_address": N_("Adress"),
    "col_contact": N_("Kontaktperson"),
    "draft_notice": N_("Detta är ett utkast. Läs igenom hela avtalet, och låt en jurist granska det, innan det undertecknas."),
    "draft_mark": N_("UTKAST"),
    "for_party": N_("För"),
    "place": N_("Ort"),
    "date": N_("Datum"),
    "signature": N_("Underskrift"),
    "name_clarification": N_("Namnförtydligande"),
    "signatory_title": N_("Titel"),
    "decision_support_note": N_(
        "Utkastet har tagits fram med Samverkansguiden, ett beslutsstöd för samverkansavtal. Det är inte "
        "juridisk rådgivning: parterna ansvarar själva för avtalets innehåll och för att det följer lag."),
    "page": N_("Sida"),
    "of": N_("av"),
}
# What the cover calls the agreement, by the form the parties chose ("SAMVERKANSAVTAL" otherwise).
AGREEMENT_KINDS = {
    "grant": N_("BIDRAGSAVTAL"),
    "sponsorship": N_("SPONSRINGSAVTAL"),
    "procurement": N_("AVTAL OM TJÄNSTER"),
}


class DocumentError(ValueError):
    """The document cannot be produced; `messages` say why, for the user."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


class FinalRefused(DocumentError):
    """The final version is refused while stop findings are open; `stops` holds their ids."""

    def __init__(self, messages: list[str], stops: list[str]):
        super().__init__(messages)
        self.stops = stops


def open_stops(findings: Iterable[Any], cleared: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Return the stop findings that nobody has cleared (a legal reviewer's judgment clears one)."""
    done = set(cleared)
    result: dict[str, dict[str, Any]] = {}
    for finding in findings:
        data = finding if isinstance(finding, dict) else (finding.to_json() if hasattr(finding, "to_json") else {})
        if data.get("severity") == "stop" and data.get("id") not in done:
            result.setdefault(data.get("id", ""), data)
    return list(result.values())


def refuse_final(findings: Iterable[Any], lang: str, cleared: Iterable[str] = ()) -> None:
    """Raise FinalRefused, listing them, when stop findings are open: the version to sign waits for them."""
    stops = open_stops(findings, cleared)
    if not stops:
        return
    _ = gettext_for(lang)
    messages = [_("Slutversionen, den som Parterna skriver under, kan inte skapas så länge riskbedömningen har "
                  "stopp: avtalet bör inte skrivas under i sin nuvarande form. Gör om upplägget enligt det som "
                  "står under varje stopp och ändra sedan svaren så att de beskriver det nya upplägget; ett "
                  "stopp som inte längre gäller försvinner då. Ett stopp som finns kvar betyder att avtalet inte "
                  "bör tecknas i den här formen: ska köpet till exempel upphandlas enligt LOU, tecknas avtalet "
                  "inom upphandlingen. Utkastet med riskbedömningen kan ni ta fram som vanligt, till exempel för "
                  "att gå igenom det med en jurist.")]
    for stop in stops:
        title, action = stop.get("title") or stop.get("id"), stop.get("action")
        messages.append(f"– {title}: {action}" if action else f"– {title}")
    raise FinalRefused(messages, [stop.get("id", "") for stop in stops])


@dataclass(frozen=True)
class PlannedAnnex:
    """An annex the document will have: its key, number, name and whether the parties supply it."""

    key: str
    number: int
    name: str
    contractual: bool
    supplied: bool = False
    supplied_by: str = ""
    prevails_in: str = ""


def finding_ids(findings: Iterable[Any]) -> list[str]:
    """Return the ids of fired checkpoints given as ids, dicts or Finding objects."""
    return [f if isinstance(f, str) else (f["id"] if isinstance(f, dict) else f.id) for f in findings]


def parameter_values(parameters: Mapping[str, Any] | None, assessment: dict[str, Any] | None) -> dict[str, Any]:
    """Return name → value: the parameters given, else those an assessment recorded."""
    if parameters is not None:
        return dict(parameters)
    return {name: p.get("value") for name, p in ((assessment or {}).get("parameters") or {}).items()}


def check_claims(clauses: list[Clause], claims: dict[str, tuple[str, ...]], fired: set[str],
                 registry: DocumentRules, lang: str) -> list[str]:
    """Return a message for each pair of clauses that state contradicting things, and each statement a
    fired finding contradicts."""
    _ = gettext_for(lang)
    problems = []
    made = [(clause, claim) for clause in clauses for claim in claims[clause.id]]
    for i, (clause, claim) in enumerate(made):
        for other, other_claim in made[i + 1:]:
            if other is not clause and registry.conflicting(claim, other_claim):
                problems.append(_("Avsnitten ”%(a)s” och ”%(b)s” säger emot varandra (%(claim_a)s – %(claim_b)s). "
                                  "Klausulbiblioteket behöver rättas av en jurist innan avtalet kan skapas.",
                                  a=clause.heading(lang, False), b=other.heading(lang, False),
                                  claim_a=registry.claims[claim].title[lang],
                                  claim_b=registry.claims[other_claim].title[lang]))
        spec = registry.claims.get(claim)
        for finding in sorted(spec.contradicted_by & fired) if spec else ():
            problems.append(_("Avsnittet ”%(a)s” säger ”%(claim)s”, men riskbedömningen (%(finding)s) säger emot. "
                              "Klausulbiblioteket behöver rättas av en jurist innan avtalet kan skapas.",
                              a=clause.heading(lang, False), claim=spec.title[lang], finding=finding))
    return problems


def plan_annexes(supplied: list[str], registry: DocumentRules, lang: str, answers: Answers) -> list[PlannedAnnex]:
    """Number the agreement's own annexes: the follow-up plan, then those the parties supply, in registry order.

    Who supplies an annex is named by its defined term: "Partnern" or "Partnerna", "Parterna",
    and an annex only the partners on a market supply names them: "Partner 2".
    """
    terms = defined_terms(len(answers.partners), lang)
    roles = [p["role_label"] for p in parties(answers, lang)[1:]]
    on_market = [role for role, partner in zip(roles, answers.partners) if partner.sells_on_market]
    article = "the " if lang == "en" else ""  # "provided by the Partner", but "by Partner 2"
    parties_word = {"partner": article + terms["partner"], "parties": article + terms["parties"],
                    "market_partners": (join_and(on_market, lang) if 0 < len(on_market) < len(roles)
                                        else article + terms["partner"])}
    planned = []
    for spec in sorted(registry.annexes.values(), key=lambda s: s.order):
        if spec.id != FOLLOW_UP and spec.id not in supplied:
            continue
        planned.append(PlannedAnnex(spec.id, len(planned) + 1, spec.title[lang], spec.contractual, spec.supplied,
                                    parties_word.get(spec.supplied_by or "", ""),
                                    (spec.prevails_in or {}).get(lang, "")))
    return planned


def supplied_annex(planned: PlannedAnnex, lang: str) -> Annex:
    """Return the cover page of an annex the parties supply: its number, name and who provides it."""
    _ = gettext_for(lang)
    body = Body()
    body.add(_("Bilagan tillhandahålls av %(who)s och fogas till Avtalet.", who=planned.supplied_by))
    return Annex(planned.key, planned.number, _("Bilaga %(n)s: %(name)s", n=planned.number, name=planned.name),
                 tuple(body.paras), contractual=True, supplied=True, name=planned.name)


def build_document(answers: Answers, facts: Facts, clauses: list[Clause], findings: list[Any], lang: str = "sv",
                   *, draft: bool = True, assessment: dict[str, Any] | None = None,
                   issued: dt.date | None = None, parameters: Mapping[str, Any] | None = None,
                   checklist: ChecklistFn | None = None, registry: DocumentRules | None = None,
                   cleared: Iterable[str] = (), refuse_open_stops: bool = True,
                   internal: bool = True) -> DocumentModel:
    """Assemble the agreement as plain data: labels, parties, numbered clauses and annexes.

    A draft keeps the risk assessment and the direct-award record as annexes after the
    agreement's own; the final version holds the agreement and its contractual annexes only, and
    is refused while a stop finding is open (`cleared` are the ones a legal reviewer has judged;
    a recorded export is made again without the refusal). A draft that is not `internal` (the one
    the partner reads) leaves out the company's own assessment: no risk annex, no direct-award
    record, no stop notice.
    """
    _ = gettext_for(lang)
    if not draft and refuse_open_stops:
        refuse_final([*((assessment or {}).get("findings") or []), *findings], lang, cleared)
    issued = issued or dt.date.today()
    registry = registry or load_document_rules()
    clauses = list(clauses)
    fired = finding_ids(findings)
    values = parameter_values(parameters, assessment)
    lacking = missing_language(clauses, lang)
    if lacking:
        names = ", ".join(c.title.get("sv", c.id) for c in lacking)
        raise DocumentError([_("Dessa klausuler saknar text på engelska: %(names)s", names=names)
                             if lang == "en" else _("Dessa klausuler saknar text: %(names)s", names=names)])
    ctx = context_for(answers, facts, values, fired)
    claims = {clause.id: active_claims(clause, ctx) for clause in clauses}
    problems = check_claims(clauses, claims, set(fired), registry, lang)
    if problems:
        raise DocumentError(problems)

    context = text_context(answers, facts, fired, lang)
    rendered: dict[str, RenderedClause] = {}
    errors: list[str] = []

    def render(clause: Clause, extra: dict[str, Any]) -> None:
        try:
            rendered[clause.id] = render_clause(clause, {**context, **extra}, lang, claims=claims[clause.id],
                                                keep_references=True)
        except ClauseError as exc:
            errors.append(str(exc))

    for clause in clauses:
        if not clause.uses_documents:
            render(clause, {})
    texts = [p.text for r in rendered.values() for p in r.paragraphs]
    supplied = [key for key in referenced(texts, "annex") if key in registry.annexes]
    planned = plan_annexes(supplied, registry, lang, answers)
    documents = [{"number": a.number, "title": a.name, "supplied": a.supplied, "supplied_by": a.supplied_by,
                  "prevails_in": a.prevails_in, "produced": not a.supplied} for a in planned if a.contractual]
    for clause in clauses:
        if clause.uses_documents:
            render(clause, {"documents": documents})
    if errors:
        raise DocumentError(errors)

    ordered = [rendered[c.id] for c in clauses]
    references = References(sections={r.id: (i, r.title) for i, r in enumerate(ordered, start=1)},
                            annexes={a.key: (a.number, a.name) for a in planned})
    ordered = [_resolved(r, references, lang, errors) for r in ordered]
    if errors:
        raise DocumentError(errors)

    labels = {key: _(text) for key, text in TEMPLATE_LABELS.items()}
    labels["agreement_kind"] = _(AGREEMENT_KINDS.get(answers.intended_form, TEMPLATE_LABELS["agreement_kind"]))
    # A final is dated where the parties sign; the day it was produced is not the agreement's date.
    labels["date_line"] = _("Utkast daterat %(date)s", date=long_date(issued, lang)) if draft else ""
    stops = open_stops([*((assessment or {}).get("findings") or []), *findings], cleared) if draft and internal else []
    labels["stop_notice"] = "" if not stops else (
        _("Riskbedömningen har ett stopp: avtalet bör inte skrivas under i sin nuvarande form. Se "
          "riskbedömningen sist i utkastet.") if len(stops) == 1 else
        _("Riskbedömningen har %(count)s stopp: avtalet bör inte skrivas under i sin nuvarande form. Se "
          "riskbedömningen sist i utkastet.", count=len(stops)))
    if checklist is None:
        checklist = checklist_provider()
    annexes: list[Annex] = []
    for item in planned:
        if item.key == FOLLOW_UP:
            annexes.append(followup_annex(answers, facts, item.number, lang, references))
        else:
            annexes.append(supplied_annex(item, lang))
    if draft and internal and assessment is not None:
        items = list(checklist(answers, facts, lang)) if checklist is not None else None
        annexes.append(risk_annex(assessment, len(annexes) + 1, lang, items))
    if draft and internal and DIRECT_AWARD_FINDING in fired:
        annexes.append(direct_award_annex(answers, facts, len(annexes) + 1, lang, values))
    return DocumentModel(lang=lang, title=answers.title, draft=draft, labels=labels, parties=parties(answers, lang),
                         clauses=ordered, annexes=annexes)


def _resolved(clause: RenderedClause, references: References, lang: str, errors: list[str]) -> RenderedClause:
    _ = gettext_for(lang)
    missing: list[str] = []
    paragraphs = [type(p)(resolve_references(p.text, references, lang, missing), p.level) for p in clause.paragraphs]
    if missing:
        errors.append(_("Avsnittet ”%(title)s” hänvisar till något som avtalet inte har: %(refs)s",
                        title=clause.title, refs=", ".join(missing)))
    return RenderedClause(clause.id, clause.title, paragraphs, clause.addresses, clause.claims)
