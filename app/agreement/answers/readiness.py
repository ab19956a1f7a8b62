"""What a valid draft still lacks before it can be signed.

The answers format accepts a draft without signatories, contact persons or descriptions, so
that work can be saved as it goes; an agreement cannot be signed without them. A draft is
*komplett* only when its answers are valid and nothing here is missing.
"""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..i18n import N_, gettext_for
from .model import Answers

# (path, message) for one party; `who` names the party in the message.
_PARTY = (
    ("signatory.name", N_("ange vem som undertecknar för %(who)s")),
    ("signatory.title", N_("ange titeln för den som undertecknar för %(who)s")),
    ("contact.name", N_("ange en kontaktperson hos %(who)s")),
)


def signing_gaps(answers: Answers, lang: str = "sv") -> list[tuple[str, str]]:
    """Return (path, message) for each thing the agreement needs before signing, in wizard order."""
    _ = gettext_for(lang)
    gaps: list[tuple[str, str]] = []
    company = answers.housing_company
    for path, message in _PARTY:
        section, _sep, key = path.partition(".")
        if not getattr(getattr(company, section), key):
            gaps.append((f"housing_company.{path}", _(message, who=company.name)))
    for index, partner in enumerate(answers.partners):
        if not partner.org_number:
            gaps.append((f"partners[{index}].org_number",
                         _("organisationsnumret för %(who)s saknas: fyll i det när föreningen har fått det",
                           who=partner.name)))
        for path, message in _PARTY:
            section, _sep, key = path.partition(".")
            if not getattr(getattr(partner, section), key):
                gaps.append((f"partners[{index}].{path}", _(message, who=partner.name)))
    if not answers.activity.description:
        gaps.append(("activity.description", _("beskriv verksamheten: beskrivningen står i avtalet")))
    if not answers.activity.goals:
        gaps.append(("activity.goals", _("skriv vilka mål parterna har enats om")))
    if answers.exchange.partner_own_contribution and not answers.exchange.own_contribution_description:
        gaps.append(("exchange.own_contribution_description", _("beskriv partnerns egen insats")))
    if answers.premises.provided and answers.premises.rent in ("reduced", "free") \
            and not answers.premises.market_rent_sek_per_year:
        gaps.append(("premises.market_rent_sek_per_year", _("ange marknadshyran för lokalen")))
    return gaps


def is_signable(data: Any) -> bool:
    """Return True when the data are valid answers that lack nothing the agreement needs."""
    try:
        answers = Answers.model_validate(data)
    except ValidationError:
        return False
    return not signing_gaps(answers)


def term_warnings(start: Any, end: Any, today: Any) -> list[str]:
    """Return the msgids of what looks wrong with a term that is valid: all in the past, one single day.

    Neither stops a save (an agreement may be written down afterwards); both are worth a second look.
    """
    warnings = []
    if end is not None and end < today:
        warnings.append(N_("Hela avtalstiden ligger före i dag. Kontrollera datumen: ska avtalet gälla framåt?"))
    if end is not None and end == start:
        warnings.append(N_("Avtalet börjar och slutar samma dag. Kontrollera slutdatumet."))
    return warnings
