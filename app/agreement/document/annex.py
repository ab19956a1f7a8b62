"""Annexes of the agreement document: the risk assessment (Bilaga Riskbedömning) and shared helpers."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..conditions.words import amount
from ..formatting import NBSP, long_date
from ..i18n import gettext_for
from ..labels import label
from .followup import add_checklist
from .model import Annex, Body

_DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_UNIT = re.compile(r"(?<=\d) (?=(?:kr|euro|SEK|EUR)\b)|(?<=\b(?:SEK|EUR)) (?=\d)")


def keep_amounts_together(text: str) -> str:
    """Put non-breaking spaces inside amounts in texts from the rules file: '2 389 585 kr'."""
    return _UNIT.sub(NBSP, _DIGIT_GROUP.sub(NBSP, text))


def parameter_value(parameter: dict[str, Any], lang: str) -> str:
    """Format a rules parameter with its unit: 700 000 kr, 216 000 euro, 48 månader, 10,8126."""
    value, unit = parameter.get("value"), str(parameter.get("unit") or "").lower()
    if not isinstance(value, (int, float)):
        return str(value)
    return amount(value, unit, lang)


def _period(parameter: dict[str, Any], lang: str) -> str:
    _ = gettext_for(lang)
    start, end = parameter.get("valid_from"), parameter.get("valid_to")
    if start and end:
        return _("gäller %(start)s–%(end)s", start=long_date(start, lang), end=long_date(end, lang))
    if start:
        return _("gäller från %(start)s", start=long_date(start, lang))
    if end:
        return _("gäller till %(end)s", end=long_date(end, lang))
    return _("utan tidsgräns")


SEVERITY_ORDER = {"stop": 0, "warning": 1, "info": 2}
#: The style of a paragraph that stays on the page of the next one ("…Hall": keep with next).
KEPT_STYLES = {"Brodtext": "BrodtextHall", "BilagaPunkt": "BilagaPunktHall"}


def keep_together(body: Body, start: int) -> None:
    """Keep the paragraphs from `start` to the end on one page, where they fit (a finding, say)."""
    for index in range(start, len(body.paras) - 1):
        para = body.paras[index]
        body.paras[index] = replace(para, style=KEPT_STYLES.get(para.style, para.style))


def supporting_heading(name: str, lang: str) -> str:
    """Head an annex that is material for the parties, not part of the agreement: it has no annex number."""
    _ = gettext_for(lang)
    return _("%(name)s – underlag som inte ingår i avtalet", name=name)


def judgment_text(judgment: dict[str, Any], lang: str) -> str:
    """Say a legal reviewer's judgment of a finding: verdict, reason, who and when, and whether it has lapsed."""
    _ = gettext_for(lang)
    verdict = label("verdict", judgment.get("verdict", ""), lang)
    text = f"{verdict}. {judgment['reason']}" if judgment.get("reason") else f"{verdict}."
    text += " " + _("(%(by)s, %(on)s)", by=judgment.get("by", ""), on=long_date(str(judgment.get("at", ""))[:10], lang))
    if judgment.get("lapsed"):
        text += " " + _("Bedömningen gäller inte längre: svaren som kontrollpunkten bygger på har ändrats sedan dess.")
    return text


def risk_annex(assessment: dict[str, Any], number_: int, lang: str = "sv", checklist: list[Any] | None = None) -> Annex:
    """Build the risk assessment annex from Assessment.to_json(), with the innovation labs' checklist.

    The annex is advice to the parties before they sign, never part of the agreement.
    """
    _ = gettext_for(lang)
    body = Body()
    verdict = assessment.get("verdict") or {}
    body.labelled(_("Samlad bedömning"), verdict.get("text", "") if isinstance(verdict, dict) else str(verdict))
    if assessment.get("assessed_on"):
        body.labelled(_("Bedömningsdatum"), long_date(assessment["assessed_on"], lang))
    body.add(_("Riskbedömningen visar de kontrollpunkter som svaren har utlöst, med rättslig grund, förklaring "
              "och vad parterna bör göra. Den ingår inte i avtalet utan är ett underlag för "
              "parternas beslut."), "Brodtext")
    body.add(_("Riskbedömningen är ett beslutsstöd och inte juridisk rådgivning. Den bygger på svaren "
              "och på de parametrar som gällde på bedömningsdagen."), "Brodtext", italic=True)
    # Stops first, then warnings, then information; the rules' own order within each.
    findings = sorted(assessment.get("findings") or [], key=lambda f: SEVERITY_ORDER.get(f.get("severity"), 3))
    review = assessment.get("legal_review") or {}
    judged = {j.get("finding"): j for j in review.get("judgments") or []}
    approval = review.get("approval")
    if approval:
        body.labelled(_("Juridisk granskning"), _("Godkänt för underskrift av %(by)s den %(on)s.", by=approval["by"],
                                                  on=long_date(approval["at"][:10], lang))
                      + (" " + approval["note"] if approval.get("note") else ""))
    if not findings:
        body.add(_("Inga kontrollpunkter utlöstes."), "Brodtext")
    for finding in findings:
        start = len(body.paras)
        heading = f"{label('severity', finding.get('severity', ''), lang)}: {finding.get('title', '')}"
        body.add(heading, "BilagaRubrik2")
        if finding.get("legal_basis"):
            body.labelled(_("Rättslig grund"), finding["legal_basis"])
        if finding.get("practice"):
            body.labelled(_("Praxis och kriterier"), finding["practice"])
        if finding.get("explanation"):
            body.add(keep_amounts_together(finding["explanation"]), "Brodtext")
        if finding.get("handled"):
            body.labelled(_("Redan hanterat"), keep_amounts_together(finding["handled"]))
        for note in finding.get("notes") or []:
            body.add(keep_amounts_together(note), "Brodtext")
        if finding.get("action"):
            body.labelled(_("Åtgärd"), keep_amounts_together(finding["action"]))
        sources = [s.get("title", "") if isinstance(s, dict) else str(s) for s in finding.get("sources") or []]
        if sources:
            body.labelled(_("Källor"), keep_amounts_together("; ".join(s for s in sources if s)))
        triggered = finding.get("triggered_by") or []
        if triggered:
            body.labelled(_("Utlöst av"), "")
            for line in triggered:
                body.add(keep_amounts_together(line), "BilagaPunkt")
        if finding.get("id") in judged:
            body.labelled(_("Juristens bedömning"), judgment_text(judged[finding["id"]], lang))
        keep_together(body, start)
    parameters = assessment.get("parameters") or {}
    if parameters:
        body.add(_("Parametrar som bedömningen bygger på"), "BilagaRubrik2")
        # By name: a stored assessment (PostgreSQL JSONB) does not keep key order, and a past
        # export must read the same when it is made again.
        for name, parameter in sorted(parameters.items()):
            title = str(parameter.get("title") or name)
            text = f"{title[:1].upper()}{title[1:]}: {parameter_value(parameter, lang)} ({_period(parameter, lang)}"
            if parameter.get("source"):
                text += _("; källa: %(source)s", source=parameter["source"])
            text += ")."
            note = str(parameter.get("note") or "").strip()
            if parameter.get("provisional"):
                text += " " + (_("Preliminärt värde: %(note)s", note=note) if note else _("Preliminärt värde."))
            if parameter.get("stale"):
                text += " " + _("Värdet gäller inte på bedömningsdagen – kontrollera det.")
                if note and not parameter.get("provisional"):
                    text += " " + note
            body.add(keep_amounts_together(text), "BilagaPunkt")
    if checklist:
        add_checklist(body, checklist, lang)
    name = _("Riskbedömning")
    return Annex("riskbedomning", number_, supporting_heading(name, lang), tuple(body.paras),
                 contractual=False, name=name)
