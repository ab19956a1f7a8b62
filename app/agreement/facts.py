"""Derived facts: values computed from the answers, never typed in (DESIGN.md).

The contract value follows 5 kap. LOU: everything the company gives, in money and in kind
(a rent discount), over the whole term including options to extend; an open-ended or
uncapped self-renewing agreement counts `value_months_open_ended` months (5 kap. 13 §);
a fixed term longer than that counts in full. Amounts err high: a part month counts as a
whole one, and division rounds up.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any, Mapping

from .answers import IDEBUREN_FORMS, Answers

#: Parameters derive() needs, all held (dated, with source) in rules/checkpoints.yaml.
PARAMETERS_USED = ("value_months_open_ended", "threshold_eur_sek_rate", "aid_eur_sek_rate", "direct_award_limit_sek")


def add_months(day: dt.date, months: int) -> dt.date:
    """Return `day` moved `months` calendar months on, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_months(start: dt.date, end: dt.date) -> int:
    """Count whole calendar months from start to end, both days included; a part month counts."""
    end_exclusive = end + dt.timedelta(days=1)
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if add_months(start, months) > end_exclusive:
        months -= 1
    if add_months(start, months) < end_exclusive:
        months += 1
    return max(months, 1)


def _ceil_div(numerator: int | Decimal, denominator: int | Decimal) -> int:
    return int((Decimal(numerator) / Decimal(denominator)).to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class PartnerFacts:
    """What one partner receives: its share of the payment and its de minimis position (art. 3, 2023/2831)."""

    share_percent: float  # of the company's payment; 100 for a single partner
    paid_per_year_sek: int  # its share of the yearly payment
    rent_discount_sek_per_year: int  # the rent discount counted for it (see derive_partners)
    aid_value_sek: int  # what it receives over the months counted
    aid_value_eur: int  # the same in euro at the aid rate
    de_minimis_received_3y_eur: int  # its earlier de minimis aid
    aid_total_3y_eur: int  # the two together: the ceiling test
    aid_at_signing_sek: int = 0  # what is granted when the agreement is signed (without an extension option)
    aid_at_signing_eur: int = 0
    aid_extension_sek: int = 0  # what an extension option would grant when the extension is agreed

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Facts:
    """The derived values; `as_dict()` is what conditions and clause texts see under `facts`."""

    term_months: int | None
    value_months: int
    rent_discount_sek_per_year: int
    given_per_year_sek: int
    estimated_value_sek: int
    aggregated_value_sek: int
    aggregated_value_eur: int
    aid_value_eur: int
    company_gives: bool
    any_partner_ideburen: bool
    partner_count: int
    aid_total_3y_eur: int = 0  # de minimis received in 3 years + this aid (the ceiling test)
    process_leader_company: bool = False  # a process leader from the housing company
    process_leader_partner: bool = False  # a process leader from one of the partners
    process_leader_every_partner: bool = False  # a process leader from each of the partners
    share_of_direct_award_limit_pct: int = 0  # the aggregated value in whole per cent of the limit (rounded down)
    aid_eur_sek_rate: float = 0.0  # kronor per euro used for the aid values (provisional until the grant date)
    partners: tuple[PartnerFacts, ...] = ()  # per partner, in the partners' order (not a condition path)

    def as_dict(self) -> dict[str, Any]:
        """Return the company-level facts (what texts and conditions see under `facts`)."""
        return {name: value for name, value in vars(self).items() if name != "partners"}


def rent_discount(answers: Answers) -> int:
    """Return market rent minus rent per year when the company provides premises below market."""
    premises = answers.premises
    if not premises.provided or premises.rent == "market":
        return 0
    rent = 0 if premises.rent == "free" else premises.rent_sek_per_year
    return max(premises.market_rent_sek_per_year - rent, 0)


def _org_key(name: str) -> str:
    """Return an organisation name compared loosely: case, punctuation and spacing ignored."""
    return " ".join("".join(c if c.isalnum() else " " for c in name.casefold()).split())


def _leader_from(answers: Answers, organisations: list[str]) -> bool:
    """Return whether a named process leader belongs to one of the organisations."""
    keys = {_org_key(o) for o in organisations} - {""}
    return any(leader.name.strip() and _org_key(leader.organisation) in keys
               for leader in answers.follow_up.process_leaders)


def parties_without_leader(answers: Answers) -> list[str]:
    """Return the names of the parties (company first) for which no process leader is named."""
    names = [answers.housing_company.name, *(p.name for p in answers.partners)]
    return [name for name in names if not _leader_from(answers, [name])]


def share_percents(answers: Answers) -> list[float]:
    """Return each partner's share of the company's payment in per cent (shares as answered, or equal).

    One partner gets the whole. Shares given as amounts are turned into percentages; shares not
    given (answers recorded before shares existed) count as equal parts.
    """
    partners = answers.partners
    if len(partners) == 1:
        return [100.0]
    amount = answers.exchange.amount_per_year_sek
    if all(p.payment_share_percent is not None for p in partners):
        return [float(p.payment_share_percent or 0) for p in partners]
    if amount and all(p.payment_share_sek_per_year is not None for p in partners):
        return [100.0 * (p.payment_share_sek_per_year or 0) / amount for p in partners]
    return [100.0 / len(partners)] * len(partners)


def derive_partners(answers: Answers, value_months: int, discount: int, aid_rate: Decimal,
                    signing_months: int | None = None) -> tuple[PartnerFacts, ...]:
    """Compute what each partner receives and its de minimis total.

    The payment is shared by the partners' shares. The premises are not: who uses them and how
    the rent is divided follows from the separate lease, so the whole rent discount counts for each
    partner (the safe side for the de minimis ceiling). The ceiling test counts every month the
    agreement may run; what is granted at signing is `signing_months` of it (the term, when an
    extension option is granted only when the extension is agreed).
    """
    signing_months = value_months if signing_months is None else signing_months
    paid = answers.exchange.amount_per_year_sek if answers.exchange.company_pays else 0
    result = []
    for partner, percent in zip(answers.partners, share_percents(answers)):
        own_paid = _ceil_div(Decimal(paid) * Decimal(str(percent)), 100) if paid else 0
        own_discount = discount
        value = _ceil_div((own_paid + own_discount) * value_months, 12)
        aid = _ceil_div(value, aid_rate)
        received = partner.de_minimis_received_3y_eur
        if received is None:
            received = answers.exchange.de_minimis_received_3y_eur
        at_signing = _ceil_div((own_paid + own_discount) * signing_months, 12)
        result.append(PartnerFacts(percent, own_paid, own_discount, value, aid, received, received + aid,
                                   at_signing, _ceil_div(at_signing, aid_rate), value - at_signing))
    return tuple(result)


def derive(answers: Answers, parameters: Mapping[str, Any]) -> Facts:
    """Compute the derived facts; `parameters` maps parameter names to their values."""
    term = answers.term
    months = None if term.open_ended or term.end_date is None else term_months(term.start_date, term.end_date)
    open_ended_months = int(parameters["value_months_open_ended"])
    if months is None:
        value_months = open_ended_months
    elif term.auto_renewal:
        value_months = max(months + term.extension_months, open_ended_months)
    else:
        value_months = months + term.extension_months

    discount = rent_discount(answers)
    paid = answers.exchange.amount_per_year_sek if answers.exchange.company_pays else 0
    per_year = paid + discount
    estimated = _ceil_div(per_year * value_months, 12)
    aggregated = estimated + answers.exchange.related_agreements_12m_sek
    threshold_rate = Decimal(str(parameters["threshold_eur_sek_rate"]))
    aid_rate = Decimal(str(parameters["aid_eur_sek_rate"]))
    return Facts(
        term_months=months,
        value_months=value_months,
        rent_discount_sek_per_year=discount,
        given_per_year_sek=per_year,
        estimated_value_sek=estimated,
        aggregated_value_sek=aggregated,
        aggregated_value_eur=_ceil_div(aggregated, threshold_rate),
        aid_value_eur=_ceil_div(estimated, aid_rate),
        company_gives=per_year > 0 or (answers.premises.provided and answers.premises.rent != "market"),
        any_partner_ideburen=any(p.registered_ideburen or p.org_form in IDEBUREN_FORMS for p in answers.partners),
        partner_count=len(answers.partners),
        aid_total_3y_eur=answers.exchange.de_minimis_received_3y_eur + _ceil_div(estimated, aid_rate),
        process_leader_company=_leader_from(answers, [answers.housing_company.name]),
        process_leader_partner=_leader_from(answers, [p.name for p in answers.partners]),
        process_leader_every_partner=all(_leader_from(answers, [p.name]) for p in answers.partners),
        share_of_direct_award_limit_pct=aggregated * 100 // int(parameters["direct_award_limit_sek"]),
        aid_eur_sek_rate=float(aid_rate),
        partners=derive_partners(answers, value_months, discount, aid_rate,
                                 months if months is not None and not term.auto_renewal else None),
    )


def fact_names() -> tuple[str, ...]:
    """Return the names of the derived facts (for checking paths in rules and clauses)."""
    return tuple(name for name in Facts.__dataclass_fields__ if name != "partners")


def partner_fact_names() -> tuple[str, ...]:
    """Return the names of the per-partner facts (`facts.<name>` inside any_partner and on `partners`)."""
    return tuple(PartnerFacts.__dataclass_fields__)

