"""The follow-up plan annex (Bilaga Uppföljningsplan): goals, indicators, meetings, process leaders, reporting."""
from __future__ import annotations

from typing import Any, Callable

from ..answers import Answers
from ..clauses import defined_terms
from ..facts import Facts, parties_without_leader
from ..formatting import uncapitalize
from ..i18n import gettext_for
from ..labels import in_text, label, proper_noun_labels
from .model import Annex, Body, Run

ChecklistFn = Callable[[Answers, Facts, str], list[Any]]
FOLLOW_UP_SECTION = "uppfoljning"


def checklist_provider() -> ChecklistFn | None:
    """Return app.agreement.checklist.checklist when that module exists (the innovation labs' checklist)."""
    try:
        from ..checklist import checklist  # type: ignore[import-not-found]
    except ImportError:
        return None
    return checklist


def _item(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def add_checklist(body: Body, items: list[Any], lang: str) -> None:
    """Add the innovation labs' recommendations, each marked met or open, with a tip when open."""
    _ = gettext_for(lang)
    body.add(_("Arbetssätt för långsiktig samverkan"), "BilagaRubrik2")
    body.add(_("Sveriges Allmännyttas innovationslabb lyfter fram arbetssätt som gör samverkan i "
               "bostadsområden långsiktig. Listan säger inget om de rättsliga riskerna ovan. Så här ser "
               "utkastet ut mot dem:"), "Brodtext")
    for item in items:
        met = bool(_item(item, "met"))
        status = _("Uppfyllt") if met else _("Öppet")
        runs = [Run(f"{status}: ", bold=True), Run(str(_item(item, "title") or ""))]
        tip = _item(item, "tip")
        if not met and tip:
            runs.append(Run(f" – {tip}", italic=True))
        body.runs(runs, "BilagaPunkt")


def followup_annex(answers: Answers, facts: Facts, number_: int, lang: str = "sv",
                   references: Any = None) -> Annex:
    """Build the follow-up plan annex (part of the agreement) from the answers."""
    _ = gettext_for(lang)
    activity, follow_up = answers.activity, answers.follow_up
    section = (references.words("section", FOLLOW_UP_SECTION, lang) if references is not None else None) \
        or _("avsnittet om uppföljning och utvärdering")
    body = Body()
    body.add(_("Uppföljningsplanen beskriver hur Parterna följer upp samverkan enligt %(section)s i Avtalet.",
               section=section), "Brodtext")

    body.add(_("Målområden och mål"), "BilagaRubrik2")
    if activity.goal_areas:
        areas = [in_text("goal_area", g, lang) for g in activity.goal_areas]
        body.labelled(_("Målområden"), ", ".join(areas[:1] + [uncapitalize(a, proper_noun_labels(lang)) for a in areas[1:]]))
    else:
        body.labelled(_("Målområden"), _("inte angivna – bestäms av Parterna vid första mötet"))
    body.labelled(_("Mål"), activity.goals or _("inte angivna – bestäms av Parterna vid första mötet"))
    if activity.area:
        body.labelled(_("Område"), activity.area)

    body.add(_("Indikatorer"), "BilagaRubrik2")
    if follow_up.indicators:
        for indicator in follow_up.indicators:
            body.add(indicator, "BilagaPunkt")
    else:
        body.add(_("Parterna kommer överens om indikatorer vid arbetsgruppens första möte."), "Brodtext")

    body.add(_("Möten och processledare"), "BilagaRubrik2")
    body.labelled(_("Uppföljningsmöten"), label("meeting_frequency", follow_up.meeting_frequency, lang))
    leaders = [leader for leader in follow_up.process_leaders if leader.name.strip()]
    if leaders:
        body.labelled(_("Processledare som har utsetts"), "")
        for leader in leaders:
            details = ", ".join(part for part in (leader.role, leader.organisation) if part)
            body.add(f"{leader.name} ({details})" if details else leader.name, "BilagaPunkt")
        for name in parties_without_leader(answers):
            body.add(_("%(party)s utser sin processledare och meddelar %(other)s skriftligen.", party=name,
                       other=defined_terms(len(answers.partners), lang)["other_party"]), "BilagaPunkt")
    else:
        body.labelled(_("Processledare"), _("inte utsedda – varje Part utser en processledare"))

    body.add(_("Rapportering"), "BilagaRubrik2")
    body.add(_("Inför varje uppföljningsmöte redovisar processledarna utfallet för indikatorerna i "
               "sammanställd form, utan uppgifter som kan identifiera enskilda deltagare."), "BilagaPunkt")
    body.add(_("Verksamhetsrapport och gemensam utvärdering lämnas och genomförs enligt %(section)s i Avtalet.",
               section=section), "BilagaPunkt")
    name = _("Uppföljningsplan")
    return Annex("uppfoljningsplan", number_, _("Bilaga %(n)s: %(name)s", n=number_, name=name), tuple(body.paras),
                 contractual=True, name=name)
