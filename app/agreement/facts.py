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
    share_of_direct_award_limit_pct: int = 0  # the aggregated value in whole per cent of the limit (rounded down)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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
        share_of_direct_award_limit_pct=aggregated * 100 // int(parameters["direct_award_limit_sek"]),
    )


def fact_names() -> tuple[str, ...]:
    """Return the names of the derived facts (for checking paths in rules and clauses)."""
    return tuple(Facts.__dataclass_fields__)

