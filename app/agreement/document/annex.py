"""Annexes of the agreement document: the risk assessment (Bilaga 1: Riskbedömning)."""
from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from docxtpl import RichText, RichTextParagraph

from ..formatting import eur, long_date, number, sek
from ..i18n import gettext_for
from ..labels import label

LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def _labelled(body: RichTextParagraph, caption: str, text: str, style: str = "Brodtext") -> None:
    rich = RichText()
    rich.add(f"{caption}: ", bold=True)
    rich.add(text)
    body.add(rich, parastyle=style)


def parameter_value(parameter: dict[str, Any], lang: str) -> str:
    """Format a rules parameter with its unit: 700 000 kr, 216 000 euro, 48 månader."""
    value, unit = parameter.get("value"), str(parameter.get("unit") or "")
    if unit.upper() == "SEK":
        return sek(value, lang)
    if unit.upper() == "EUR":
        return eur(value, lang)
    if not isinstance(value, (int, float)):
        return str(value)
    if unit == "months":
        return gettext_for(lang)("%(n)s månader", n=number(value, lang))
    # Exchange rates keep their four decimals: rounding them would misstate the source.
    return f"{format_decimal(value, format='#,##0.####', locale=LOCALES.get(lang, 'sv_SE'))} {unit if unit != 'rate' else ''}".strip()


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


def risk_annex(assessment: dict[str, Any], number_: int, lang: str = "sv") -> dict[str, Any]:
    """Build the risk assessment annex from Assessment.to_json(): title and styled paragraphs."""
    _ = gettext_for(lang)
    body = RichTextParagraph()
    verdict = assessment.get("verdict") or {}
    _labelled(body, _("Samlad bedömning"), verdict.get("text", "") if isinstance(verdict, dict) else str(verdict))
    if assessment.get("assessed_on"):
        _labelled(body, _("Bedömningsdatum"), long_date(assessment["assessed_on"], lang))
    body.add(RichText(_("Bilagan visar de kontrollpunkter som svaren har utlöst, med rättslig grund, förklaring "
                        "och vad parterna bör göra. Den ingår inte i avtalet utan är ett underlag för "
                        "parternas beslut.")), parastyle="Brodtext")
    findings = assessment.get("findings") or []
    if not findings:
        body.add(RichText(_("Inga kontrollpunkter utlöstes.")), parastyle="Brodtext")
    for finding in findings:
        heading = f"{label('severity', finding.get('severity', ''), lang)}: {finding.get('title', '')}"
        body.add(RichText(heading), parastyle="BilagaRubrik2")
        if finding.get("legal_basis"):
            _labelled(body, _("Rättslig grund"), finding["legal_basis"])
        if finding.get("explanation"):
            body.add(RichText(finding["explanation"]), parastyle="Brodtext")
        if finding.get("action"):
            _labelled(body, _("Åtgärd"), finding["action"])
        triggered = finding.get("triggered_by") or []
        if triggered:
            _labelled(body, _("Utlöst av"), "")
            for line in triggered:
                body.add(RichText(line), parastyle="BilagaPunkt")
    parameters = assessment.get("parameters") or {}
    if parameters:
        body.add(RichText(_("Parametrar som bedömningen bygger på")), parastyle="BilagaRubrik2")
        for name, parameter in parameters.items():
            title = parameter.get("title") or name
            text = f"{title}: {parameter_value(parameter, lang)} ({_period(parameter, lang)}"
            if parameter.get("source"):
                text += _("; källa: %(source)s", source=parameter["source"])
            text += ")"
            if parameter.get("provisional"):
                text += " " + _("Preliminärt värde.")
            body.add(RichText(text), parastyle="BilagaPunkt")
    body.add(RichText(_("Riskbedömningen är ett beslutsstöd och inte juridisk rådgivning. Den bygger på svaren "
                        "och på de parametrar som gällde på bedömningsdagen.")), parastyle="Anmarkning")
    return {"title": _("Bilaga %(n)s: Riskbedömning", n=number_), "body": body}
