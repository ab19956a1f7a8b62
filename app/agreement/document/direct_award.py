"""The direct-award record (Bilaga Dokumentation av direktupphandling) the company files after signing.

Added when the checkpoint lou.direct-award-documentation fires. It fills in what the
answers know (the company, the partners, the subject, the estimated value and how it was
computed, the term) and leaves ruled lines for what only the company can say: how
competition was used or why only this partner was asked, the reasons, the date.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..answers import Answers
from ..facts import Facts
from ..formatting import long_date, sek
from ..i18n import gettext_for
from .annex import supporting_heading
from .model import Annex, Body

FINDING = "lou.direct-award-documentation"
BLANK_LINES = 3


def _blank(body: Body, caption: str, lines: int = BLANK_LINES) -> None:
    body.add(caption, "BilagaRubrik2")
    for _line in range(lines):
        body.add("", "Ifyllnad")


def _value_lines(answers: Answers, facts: Facts, lang: str) -> list[str]:
    """Say how the estimated value was computed: per year × months counted, plus related agreements."""
    _ = gettext_for(lang)
    paid = answers.exchange.amount_per_year_sek if answers.exchange.company_pays else 0
    lines = []
    if paid:
        lines.append(_("Betalning från Bostadsbolaget: %(amount)s per år", amount=sek(paid, lang)))
    if facts.rent_discount_sek_per_year:
        lines.append(_("Hyresrabatt (marknadshyra minus avtalad hyra): %(amount)s per år",
                       amount=sek(facts.rent_discount_sek_per_year, lang)))
    if answers.term.open_ended:
        basis = _("avtalet gäller tills vidare")
    elif answers.term.auto_renewal:
        basis = _("avtalet förlängs automatiskt")
    elif answers.term.extension_months:
        basis = _("avtalstiden %(term)s månader och förlängning %(ext)s månader", term=facts.term_months,
                  ext=answers.term.extension_months)
    else:
        basis = _("hela avtalstiden")
    lines.append(_("%(per_year)s per år × %(months)s månader (%(basis)s) / 12 = %(value)s",
                   per_year=sek(facts.given_per_year_sek, lang), months=facts.value_months, basis=basis,
                   value=sek(facts.estimated_value_sek, lang)))
    related = answers.exchange.related_agreements_12m_sek
    if related:
        lines.append(_("Andra avtal om samma slags tjänst de senaste 12 månaderna: %(related)s; sammanlagt "
                       "värde %(total)s", related=sek(related, lang), total=sek(facts.aggregated_value_sek, lang)))
    return lines


def direct_award_annex(answers: Answers, facts: Facts, number_: int, lang: str = "sv",
                       parameters: Mapping[str, Any] | None = None) -> Annex:
    """Build the direct-award record from the answers and facts, with lines for the company to fill in."""
    _ = gettext_for(lang)
    company = answers.housing_company
    limit = (parameters or {}).get("documentation_limit_sek")
    body = Body()
    intro = (_("En direktupphandling vars värde överstiger %(limit)s ska dokumenteras (19 a kap. 11 § LOU).",
               limit=sek(limit, lang)) if isinstance(limit, (int, float))
             else _("En direktupphandling ska dokumenteras när värdet överstiger dokumentationsgränsen (19 a kap. 11 § LOU)."))
    body.add(intro + " " + _(
        "Sedan den 1 januari 2024 ska dokumentationen vara klar inom 30 dagar från att avtalet tecknades. Följ "
        "också bolagets egna riktlinjer för direktupphandling. Dokumentationen är Bostadsbolagets egen handling "
        "och ingår inte i Avtalet."), "Brodtext")

    body.add(_("Uppgifter om upphandlingen"), "BilagaRubrik2")
    body.labelled(_("Upphandlande organisation"),
             _("%(name)s, organisationsnummer %(org)s", name=company.name, org=company.org_number))
    for partner in answers.partners:
        body.labelled(_("Leverantör"), _("%(name)s, organisationsnummer %(org)s", name=partner.name,
                                           org=partner.org_number) if partner.org_number else partner.name)
    body.labelled(_("Vad som upphandlas"), answers.title)
    if answers.activity.description:
        body.add(answers.activity.description, "Brodtext")
    end = long_date(answers.term.end_date, lang) if answers.term.end_date else _("tills vidare")
    body.labelled(_("Avtalstid"), f"{long_date(answers.term.start_date, lang)} – {end}")
    body.labelled(_("Uppskattat värde"), sek(facts.aggregated_value_sek, lang))
    body.labelled(_("Så har värdet beräknats"), "")
    for line in _value_lines(answers, facts, lang):
        body.add(line, "BilagaPunkt")

    _blank(body, _("Hur konkurrensen har tillvaratagits, eller varför bara denna leverantör tillfrågades"))
    _blank(body, _("Vilka leverantörer som tillfrågades och hur många som lämnade anbud"), 2)
    _blank(body, _("Skäl för valet av leverantör"))
    _blank(body, _("Datum då avtalet tecknades"), 1)
    _blank(body, _("Dokumentationen upprättad (datum, namn och befattning)"), 1)
    name = _("Dokumentation av direktupphandling")
    return Annex("direktupphandling", number_, supporting_heading(name, lang),
                 tuple(body.paras), contractual=False, name=name)
