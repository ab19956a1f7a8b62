"""The follow-up plan annex (Bilaga Uppföljningsplan): goals, indicators, meetings, process leaders, reporting."""
from __future__ import annotations

from typing import Any, Callable

from docxtpl import RichText, RichTextParagraph

from ..answers import Answers
from ..facts import Facts
from ..i18n import gettext_for
from ..labels import label
from .annex import labelled

ChecklistFn = Callable[[Answers, Facts, str], list[Any]]


def checklist_provider() -> ChecklistFn | None:
    """Return app.agreement.checklist.checklist when that module exists (the innovation labs' checklist)."""
    try:
        from ..checklist import checklist  # type: ignore[import-not-found]
    except ImportError:
        return None
    return checklist


def _item(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def add_checklist(body: RichTextParagraph, items: list[Any], lang: str) -> None:
    """Add the innovation labs' recommendations, each marked met or open, with a tip when open."""
    _ = gettext_for(lang)
    body.add(RichText(_("Innovationslabbens rekommendationer")), parastyle="BilagaRubrik2")
    body.add(RichText(_("Sveriges Allmännyttas innovationslabb rekommenderar fem arbetssätt. Så här ser "
                        "utkastet ut mot dem:")), parastyle="Brodtext")
    for item in items:
        met = bool(_item(item, "met"))
        rich = RichText()
        status = _("Uppfyllt") if met else _("Öppet")
        rich.add(f"{status}: ", bold=True)
        rich.add(str(_item(item, "title") or ""))
        tip = _item(item, "tip")
        if not met and tip:
            rich.add(f" – {tip}", italic=True)
        body.add(rich, parastyle="BilagaPunkt")


def followup_annex(answers: Answers, facts: Facts, number_: int, lang: str = "sv",
                   checklist: ChecklistFn | None = None) -> dict[str, Any]:
    """Build the follow-up plan annex from the answers (and the checklist when one is given)."""
    _ = gettext_for(lang)
    activity, follow_up = answers.activity, answers.follow_up
    body = RichTextParagraph()
    body.add(RichText(_("Uppföljningsplanen beskriver hur Parterna följer upp samverkan enligt avsnittet om "
                        "uppföljning och utvärdering i Avtalet.")), parastyle="Brodtext")

    body.add(RichText(_("Målområden och mål")), parastyle="BilagaRubrik2")
    if activity.goal_areas:
        labelled(body, _("Målområden"), ", ".join(label("goal_area", g, lang) for g in activity.goal_areas))
    else:
        labelled(body, _("Målområden"), _("inte angivna – bestäms av Parterna vid första mötet"))
    labelled(body, _("Mål"), activity.goals or _("inte angivna – bestäms av Parterna vid första mötet"))
    if activity.area:
        labelled(body, _("Område"), activity.area)

    body.add(RichText(_("Indikatorer")), parastyle="BilagaRubrik2")
    if follow_up.indicators:
        for indicator in follow_up.indicators:
            body.add(RichText(indicator), parastyle="BilagaPunkt")
    else:
        body.add(RichText(_("Parterna kommer överens om indikatorer vid arbetsgruppens första möte.")),
                 parastyle="Brodtext")

    body.add(RichText(_("Möten och processledare")), parastyle="BilagaRubrik2")
    labelled(body, _("Uppföljningsmöten"), label("meeting_frequency", follow_up.meeting_frequency, lang))
    leaders = [leader for leader in follow_up.process_leaders if leader.name.strip()]
    if leaders:
        labelled(body, _("Processledare"), "")
        for leader in leaders:
            details = ", ".join(part for part in (leader.role, leader.organisation) if part)
            body.add(RichText(f"{leader.name} ({details})" if details else leader.name), parastyle="BilagaPunkt")
    else:
        labelled(body, _("Processledare"), _("inte utsedda – varje Part utser en processledare"))

    body.add(RichText(_("Rapportering")), parastyle="BilagaRubrik2")
    body.add(RichText(_("Inför varje uppföljningsmöte sammanställer processledarna utfallet för indikatorerna i "
                        "sammanställd form, utan uppgifter som kan identifiera enskilda deltagare.")),
             parastyle="BilagaPunkt")
    body.add(RichText(_("Verksamhetsrapport och gemensam utvärdering lämnas och genomförs enligt avsnittet om "
                        "uppföljning och utvärdering i Avtalet.")), parastyle="BilagaPunkt")

    if checklist is not None:
        add_checklist(body, list(checklist(answers, facts, lang)), lang)
    return {"title": _("Bilaga %(n)s: Uppföljningsplan", n=number_), "body": body}
