"""assess(): run the checkpoints on one set of answers and say what was found and why."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from ..answers import Answers
from ..conditions import Context, FindingRef, Reason, context_for, describe_reasons
from ..facts import Facts, derive
from ..i18n import LANGUAGES, N_, gettext_for
from .describe import (aid_partners, aid_summary, aid_summary_parameters, describer, reason_parameters, stale_lines,
                       value_summary, value_summary_parameters)
from .model import Checkpoint, Rules, fill_terms

VERDICTS = {
    "none": N_("Inga risker hittade"),
    "warnings": N_("Risker att hantera"),
    "stop": N_("Stopp: kontakta jurist innan avtalet undertecknas"),
}
_TERM = ("term.start_date", "term.end_date", "term.open_ended", "term.auto_renewal", "term.extension_months")
_RENT = ("premises.provided", "premises.rent", "premises.market_rent_sek_per_year", "premises.rent_sek_per_year")
_VALUE = ("exchange.company_pays", "exchange.amount_per_year_sek") + _RENT + _TERM
#: The answers each derived fact is computed from, so a finding can link to the wizard steps.
FACT_SOURCES: dict[str, tuple[str, ...]] = {
    "term_months": _TERM,
    "value_months": _TERM,
    "rent_discount_sek_per_year": _RENT,
    "given_per_year_sek": _VALUE[:2] + _RENT,
    "estimated_value_sek": _VALUE,
    "aggregated_value_sek": _VALUE + ("exchange.related_agreements_12m_sek",),
    "aggregated_value_eur": _VALUE + ("exchange.related_agreements_12m_sek",),
    "aid_value_eur": _VALUE,
    "aid_total_3y_eur": _VALUE + ("exchange.de_minimis_received_3y_eur",),
    "company_gives": _VALUE[:2] + _RENT[:2],
    "any_partner_ideburen": ("partners",),
    "partner_count": ("partners",),
}


@dataclass(frozen=True)
class Verdict:
    """The one-line verdict: code none|warnings|stop and its text."""

    code: str
    text: str


@dataclass(frozen=True)
class Finding:
    """A checkpoint that fired, with its texts in the assessment's language."""

    id: str
    severity: str
    group: str
    group_title: str
    title: str
    explanation: str
    action: str
    legal_basis: str
    sources: list[dict[str, str]]
    triggered_by: list[str]
    recommended_clauses: list[str]
    answer_paths: list[str]
    # The exact facts the finding fired on, by path: what a legal reviewer's judgment rests on.
    basis: dict[str, Any] = field(default_factory=dict)
    # "Why", for someone who is not a lawyer: the answers that decided it, the most telling first;
    # each {text, paths} (the answers to link to) or {text, finding} (another finding it rests on).
    why: list[dict[str, Any]] = field(default_factory=list)
    handled: str = ""  # what the answers already do about it (the action then says what is left)
    notes: list[str] = field(default_factory=list)
    practice: str = ""  # criteria, practice and guidance, apart from the law

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "severity": self.severity, "group": self.group, "group_title": self.group_title,
            "title": self.title, "explanation": self.explanation, "action": self.action,
            "legal_basis": self.legal_basis, "sources": [dict(s) for s in self.sources],
            "triggered_by": list(self.triggered_by), "recommended_clauses": list(self.recommended_clauses),
            "answer_paths": list(self.answer_paths), "basis": dict(self.basis),
            "why": [dict(item) for item in self.why], "handled": self.handled, "notes": list(self.notes),
            "practice": self.practice,
        }


@dataclass(frozen=True)
class Assessment:
    """The result of one assessment: verdict, findings in catalogue order, facts and parameters used."""

    verdict: Verdict
    findings: list[Finding]
    facts: dict[str, Any]
    parameters: dict[str, dict[str, Any]]
    assessed_on: dt.date
    lang: str
    groups: dict[str, str] = field(default_factory=dict)
    facts_object: Facts | None = None  # the typed facts, for clause texts (not part of the JSON)

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.findings]

    def finding(self, finding_id: str) -> Finding | None:
        """Return the finding with this id, if it fired."""
        return next((f for f in self.findings if f.id == finding_id), None)

    def grouped(self) -> list[tuple[str, str, list[Finding]]]:
        """Return (group, group title, findings) for every group with findings, in catalogue order."""
        return [(g, title, found) for g, title in self.groups.items()
                if (found := [f for f in self.findings if f.group == g])]

    def to_json(self) -> dict[str, Any]:
        """Return the assessment as plain JSON-compatible data."""
        parameters = {
            name: {**p, "valid_from": _iso(p["valid_from"]), "valid_to": _iso(p["valid_to"])}
            for name, p in self.parameters.items()
        }
        return {
            "verdict": {"code": self.verdict.code, "text": self.verdict.text},
            "assessed_on": self.assessed_on.isoformat(),
            "language": self.lang,
            "findings": [f.to_json() for f in self.findings],
            "facts": dict(self.facts),
            "parameters": parameters,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def verdict_for(severities: list[str], lang: str = "sv") -> Verdict:
    """Compute the verdict: any stop → stop, any warning → warnings, else none."""
    code = "stop" if "stop" in severities else "warnings" if "warning" in severities else "none"
    return Verdict(code, gettext_for(lang)(VERDICTS[code]))


def fact_sources(fact: str, answers: dict) -> list[str]:
    """Return the answers a derived fact rests on here (premises, options and so on only when used)."""
    exchange, term, premises = answers["exchange"], answers["term"], answers["premises"]
    skip = set()
    if not premises["provided"] or premises["rent"] == "market":
        skip.update(_RENT[2:])
    if not premises["provided"]:
        skip.add("premises.rent")
    skip.update(f"term.{k}" for k in ("open_ended", "auto_renewal", "extension_months") if not term[k])
    if term["open_ended"]:
        skip.add("term.end_date")
    skip.update(f"exchange.{k}" for k in ("related_agreements_12m_sek", "de_minimis_received_3y_eur")
                if not exchange[k])
    return [p for p in FACT_SOURCES.get(fact, ()) if p not in skip]


def _partner_aid_paths(index: int, ctx: Context) -> list[str]:
    """Return the answers one partner's aid rests on: its share, its earlier aid, what the company gives."""
    paths = [f"partners[{index}].payment_share_percent", f"partners[{index}].de_minimis_received_3y_eur"]
    return paths + [p for p in fact_sources("aid_value_eur", ctx.answers) if p not in paths]


def _aid_paths(ctx: Context) -> list[str]:
    """Return the answers the aid lines of every partner that sells on a market rest on."""
    paths: list[str] = []
    for index in aid_partners(ctx):
        paths.extend(p for p in _partner_aid_paths(index, ctx) if p not in paths)
    return paths


def _answer_paths(reasons: list[Reason], ctx: Context, found: dict[str, list[str]]) -> list[str]:
    paths: list[str] = []
    for reason in reasons:
        leaf = reason.leaf
        if isinstance(leaf, FindingRef):
            new = found.get(leaf.finding, [])
        elif reason.partner_index is not None and leaf.keys[0] == "facts":  # what one partner receives
            new = _partner_aid_paths(reason.partner_index, ctx)
        elif reason.answer_path is not None:
            new = [reason.answer_path]
        else:
            new = fact_sources(leaf.keys[0], ctx.answers)
        paths.extend(p for p in new if p not in paths)
    return paths


def _plain(value: Any) -> Any:
    """Return a value as JSON keeps it (dates as ISO strings), so a stored basis compares equal to a new one."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def answer_at(answers: dict, path: str) -> Any:
    """Return the answer at a path such as 'exchange.amount_per_year_sek' or 'partners[1].org_form'."""
    value: Any = answers
    for part in path.split("."):
        name, _sep, index = part.partition("[")
        value = value.get(name) if isinstance(value, dict) else None
        if index and isinstance(value, list):
            position = int(index.rstrip("]"))
            value = value[position] if position < len(value) else None
    return value


def why_items(reasons: list[Reason], ctx: Context, rules: Rules, lang: str, describe: Any,
              partner_count: int) -> list[dict[str, Any]]:
    """Return the answers that decided a finding, each once, the most telling first.

    An answer that few checkpoints look at (a logo for the company) tells more than one that
    many do ("the company pays"); another finding the checkpoint rests on comes last, by its title.
    """
    ranked: list[tuple[int, dict[str, Any]]] = []
    for reason in reasons:
        leaf = reason.leaf
        if isinstance(leaf, FindingRef):
            if not reason.negated and leaf.finding in rules.by_id:
                title = rules.by_id[leaf.finding].text("title", lang, partner_count)
                ranked.append((10 ** 6, {"text": title, "finding": leaf.finding}))
            continue
        text = describe(reason, ctx, lang)
        if not text:
            continue
        key = f"partners.{leaf.path}" if reason.partner_index is not None else leaf.path
        ranked.append((rules.path_uses.get(key, 0), {"text": text, "paths": _answer_paths([reason], ctx, {})}))
    ranked.sort(key=lambda pair: pair[0])
    items: list[dict[str, Any]] = []
    for _weight, item in ranked:
        if not any(seen["text"] == item["text"] for seen in items):
            items.append(item)
    return items


def finding_basis(severity: str, answer_paths: list[str], reasons: list[Reason], ctx: Context) -> dict[str, Any]:
    """Return what a finding fired on: its severity, the answers at its paths and the computed values it compared.

    A judgment stored with this basis lapses when a later assessment gives another one.
    """
    basis: dict[str, Any] = {"severity": severity}
    for path in answer_paths:
        value = answer_at(ctx.answers, path)
        if path == "partners":  # the partners' kind, not their contact details
            value = [{k: p.get(k) for k in ("name", "org_form", "registered_ideburen", "sells_on_market")}
                     for p in value or []]
        basis[path] = _plain(value)
    for reason in reasons:
        leaf = reason.leaf
        if isinstance(leaf, FindingRef):
            basis[f"finding:{leaf.finding}"] = not reason.negated
        elif leaf.root == "facts":
            partner = ctx.answers["partners"][reason.partner_index] if reason.partner_index is not None else None
            key = leaf.path if partner is None else f"partners[{reason.partner_index}].{leaf.path}"
            basis[key] = _plain(leaf.actual(ctx, partner))
    return basis


def evaluate(answers: Answers, rules: Rules, on: dt.date) -> Context:
    """Return the evaluation context with the fired checkpoints only: no texts, for checks over many answers."""
    values = rules.parameter_values(on)
    ctx = context_for(answers, derive(answers, values), values)
    stale = any(not rules.parameters[n].valid_on(on) for n in rules.used_parameters)
    for cp in rules.evaluation_order:
        if (stale if cp.system == "stale_parameters" else cp.when is not None and cp.when.evaluate(ctx)):
            ctx.findings.add(cp.id)
    return ctx


def assess(answers: Answers, rules: Rules, on: dt.date, lang: str = "sv") -> Assessment:
    """Run every checkpoint on the answers; findings come back in catalogue order."""
    lang = lang if lang in LANGUAGES else "sv"
    values = rules.parameter_values(on)
    facts = derive(answers, values)
    ctx = context_for(answers, facts, values)
    stale = [rules.parameters[n] for n in rules.used_parameters if not rules.parameters[n].valid_on(on)]
    severity: dict[str, str] = {}
    paths: dict[str, list[str]] = {}
    reasons: dict[str, tuple[list[Reason], list[Reason]]] = {}
    for cp in rules.evaluation_order:
        fired = bool(stale) if cp.system == "stale_parameters" else cp.when is not None and cp.when.evaluate(ctx)
        if not fired:
            continue
        ctx.findings.add(cp.id)
        escalated = cp.escalate is not None and cp.escalate[1].evaluate(ctx)
        severity[cp.id] = cp.escalate[0] if cp.escalate and escalated else cp.severity
        why = cp.when.reasons(ctx) if cp.when else []
        why_escalated = cp.escalate[1].reasons(ctx) if cp.escalate and escalated else []
        reasons[cp.id] = (why, why_escalated)
        paths[cp.id] = _answer_paths(why + why_escalated, ctx, paths)
        if cp.show_value:
            paths[cp.id] += [p for p in fact_sources("aggregated_value_sek", ctx.answers) if p not in paths[cp.id]]
        if cp.show_aid:
            paths[cp.id] += [p for p in _aid_paths(ctx) if p not in paths[cp.id]]
    describe = describer(rules, lang)
    partner_count = len(answers.partners)
    findings = []
    shown: set[str] = set()  # the parameters the findings rest on or show
    for cp in rules.checkpoints:
        if cp.id not in severity:
            continue
        if cp.system == "stale_parameters":
            lines = stale_lines(stale, on, lang)
            shown.update(p.name for p in stale)
        elif cp.show_value:
            lines = value_summary(ctx, rules, lang)
            shown.update(value_summary_parameters(ctx))
        else:
            lines = describe_reasons(reasons[cp.id][0], ctx, lang, describe)
            shown.update(reason_parameters(reasons[cp.id][0], ctx))
        if cp.show_aid:
            lines += [line for line in aid_summary(ctx, rules, lang) if line not in lines]
            shown.update(aid_summary_parameters(ctx))
        lines += [line for line in describe_reasons(reasons[cp.id][1], ctx, lang, describe) if line not in lines]
        shown.update(reason_parameters(reasons[cp.id][1], ctx), cp.text_parameters)
        basis = finding_basis(severity[cp.id], paths[cp.id], reasons[cp.id][0] + reasons[cp.id][1], ctx)
        if cp.system == "stale_parameters":
            basis["stale_parameters"] = sorted(p.name for p in stale)
            why = [{"text": line, "paths": []} for line in lines]
        else:
            why = why_items(reasons[cp.id][1] + reasons[cp.id][0], ctx, rules, lang, describe, partner_count)
        finding = _finding(cp, severity[cp.id], paths[cp.id], lines, rules, lang, partner_count, basis)
        handled = cp.handled is not None and cp.handled.when.evaluate(ctx)
        extra: dict[str, Any] = {
            "why": why, "practice": cp.practice[lang] if cp.practice else "",
            "notes": [fill_terms(text[lang], lang, partner_count) for condition, text in cp.notes
                      if condition.evaluate(ctx)],
        }
        if handled and cp.handled is not None:
            extra["handled"] = fill_terms(cp.handled.note[lang], lang, partner_count)
            if cp.handled.action:
                extra["action"] = fill_terms(cp.handled.action[lang], lang, partner_count)
        findings.append(replace(finding, **extra))
    used = {}
    for name, p in rules.parameters.items():  # in the rules file's order
        if name not in shown:
            continue
        used[name] = {"value": p.value, "unit": p.unit, "title": p.title[lang], "valid_from": p.valid_from,
                      "valid_to": p.valid_to, "source": p.source[lang], "provisional": p.provisional,
                      "note": p.note[lang] if p.note else None, "stale": p in stale}
    groups = {g: titles[lang] for g, titles in rules.groups.items()}
    return Assessment(verdict_for([f.severity for f in findings], lang), findings, dict(ctx.facts), used, on, lang,
                      groups, facts)


def _finding(cp: Checkpoint, severity: str, answer_paths: list[str], lines: list[str], rules: Rules,
             lang: str, partner_count: int = 1, basis: dict[str, Any] | None = None) -> Finding:
    return Finding(
        id=cp.id, severity=severity, group=cp.group, group_title=rules.groups[cp.group][lang],
        title=cp.text("title", lang, partner_count), explanation=cp.text("explanation", lang, partner_count),
        action=cp.text("action", lang, partner_count), legal_basis=cp.legal_basis.get(lang, ""),
        sources=[{"title": s["title"][lang], "url": s["url"]} for s in cp.sources], triggered_by=lines,
        recommended_clauses=list(cp.recommends), answer_paths=answer_paths, basis=basis or {},
    )
