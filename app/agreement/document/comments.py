"""Word comments on the clause headings: the risks a clause handles and why it is in the agreement.

Comments are added with python-docx after docxtpl has rendered (never inside the looped
template, where Word comments would be duplicated with one id). Each clause heading gets
one comment per fired finding the clause addresses, naming the finding and its action,
and one comment saying why the clause is included: its condition in words.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping

from docx.oxml.ns import qn

from ..clauses import Clause, RenderedClause
from ..conditions import Context, Describe
from ..i18n import gettext_for
from ..labels import label

AUTHOR = "Samverkansguiden"
INITIALS = "SG"
CLAUSE_HEADING = "Klausul1"


def clause_reasons(clauses: Iterable[Clause], ctx: Context, lang: str,
                   describe: Describe) -> dict[str, list[str] | None]:
    """Return, per clause id, the lines saying why its include condition holds (None: they cannot be told)."""
    reasons: dict[str, list[str] | None] = {}
    for clause in clauses:
        if clause.include_when in (None, "always"):
            reasons[clause.id] = []  # in every agreement
            continue
        try:
            reasons[clause.id] = clause.condition.explain(ctx, lang, describe) or None
        except (KeyError, TypeError, ValueError):  # a parameter the caller did not pass
            reasons[clause.id] = None
    return reasons


def _findings_by_id(findings: Iterable[Any]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for finding in findings:
        if isinstance(finding, str):
            result[finding] = {"id": finding}
        elif isinstance(finding, dict):
            result[finding["id"]] = finding
        else:
            result[finding.id] = finding.to_json() if hasattr(finding, "to_json") else {"id": finding.id}
    return result


def risk_text(finding: dict[str, Any], lang: str) -> str:
    """Return the comment for a finding a clause addresses: severity, title and action."""
    _ = gettext_for(lang)
    severity = label("severity", finding.get("severity", ""), lang) if finding.get("severity") else _("Risk")
    text = _("%(severity)s: %(title)s", severity=severity, title=finding.get("title") or finding["id"])
    if finding.get("action"):
        text += "\n" + _("Åtgärd: %(action)s", action=finding["action"])
    return text


def why_text(reasons: list[str] | None, addressed: list[dict[str, Any]], lang: str) -> str:
    """Return the 'why is this clause here' comment: its condition in words and what it addresses.

    `reasons` is empty for a clause in every agreement and None when its condition could not be
    put into words; a failure never reads as "in every agreement".
    """
    _ = gettext_for(lang)
    lines = [_("Varför finns klausulen här?")]
    if reasons:
        lines.append(_("Den tas med eftersom:"))
        lines += [f"– {reason}" for reason in reasons]
    elif reasons is None:
        lines.append(_("Den tas med eftersom svaren uppfyller dess villkor, men villkoret kunde inte skrivas ut "
                       "här. Se klausulens villkor i klausulbiblioteket."))
    else:  # in every agreement: said only beside the checkpoints it handles here
        lines.append(_("Den ingår i alla avtal, och här hanterar den kontrollpunkter som har slagit till."))
    if addressed:
        titles = ", ".join(f.get("title") or f["id"] for f in addressed)
        lines.append(_("Kontrollpunkter som klausulen hanterar: %(titles)s", titles=titles))
    return "\n".join(lines)


def add_clause_comments(document: Any, rendered: list[RenderedClause], findings: Iterable[Any],
                        reasons: Mapping[str, list[str]], lang: str, issued: dt.date) -> int:
    """Anchor risk and 'why' comments on the clause headings; return how many were added."""
    fired = _findings_by_id(findings)
    # The style id straight from the paragraph's XML: `p.style` looks the style up in styles.xml by
    # XPath for each of the ~500 paragraphs, which took half the export's time.
    headings = [p for p in document.paragraphs if p._p.style == CLAUSE_HEADING]
    stamp = dt.datetime.combine(issued, dt.time(0, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
    count = 0
    for clause, heading in zip(rendered, headings):
        runs = [run for run in heading.runs if run.text]
        if not runs:
            continue
        addressed = [fired[f] for f in clause.addresses if f in fired]
        texts = [risk_text(finding, lang) for finding in addressed]
        why = reasons.get(clause.id)
        if why != [] or addressed:  # a clause in every agreement that handles nothing here says nothing
            texts.append(why_text(why, addressed, lang))
        for text in texts:
            comment = document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
            comment._comment_elm.set(qn("w:date"), stamp)  # the issue date: a regenerated export is identical
            count += 1
    return count
