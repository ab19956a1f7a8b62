"""Derived facts, on the boundaries of 5 kap. LOU."""
from __future__ import annotations

import datetime as dt

import pytest

from app.agreement.answers import validate
from app.agreement.facts import derive, term_months

PARAMS = {"value_months_open_ended": 48, "threshold_eur_sek_rate": 10, "aid_eur_sek_rate": 10,
          "direct_award_limit_sek": 700_000}


def facts_for(data, **term):
    data["term"].update(term)
    return derive(validate(data), PARAMS)


@pytest.mark.parametrize("start,end,months", [
    ("2027-01-01", "2028-12-31", 24),
    ("2027-01-01", "2027-01-31", 1),
    ("2027-01-01", "2027-02-01", 2),  # a part month counts whole
    ("2027-01-15", "2028-01-14", 12),
    ("2027-01-31", "2027-02-27", 1),
    ("2027-03-01", "2027-03-01", 1),
    ("2027-01-01", "2032-12-31", 72),
])
def test_term_months(start, end, months):
    assert term_months(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == months


def test_350k_a_year_for_24_months_is_700k(answers_data):
    facts = facts_for(answers_data)
    assert (facts.term_months, facts.value_months, facts.estimated_value_sek) == (24, 24, 700_000)


def test_options_count(answers_data):
    facts = facts_for(answers_data, extension_months=12)
    assert facts.value_months == 36 and facts.estimated_value_sek == 1_050_000


def test_open_ended_counts_48_months(answers_data):
    facts = facts_for(answers_data, end_date=None, open_ended=True)
    assert facts.term_months is None and facts.value_months == 48 and facts.estimated_value_sek == 1_400_000


def test_uncapped_auto_renewal_counts_at_least_48(answers_data):
    assert facts_for(answers_data, auto_renewal=True).value_months == 48


def test_six_fixed_years_count_six(answers_data):
    facts = facts_for(answers_data, end_date="2032-12-31")
    assert facts.value_months == 72 and facts.estimated_value_sek == 2_100_000


def test_rent_discount_counts_in_the_value(answers_data):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    answers_data["premises"] = {"provided": True, "address": "Torget 3", "rent": "reduced",
                                "market_rent_sek_per_year": 120_000, "rent_sek_per_year": 20_000}
    facts = facts_for(answers_data)
    assert facts.rent_discount_sek_per_year == 100_000 and facts.estimated_value_sek == 200_000
    assert facts.company_gives


def test_free_premises_discount_is_the_market_rent(answers_data):
    answers_data["premises"] = {"provided": True, "address": "Torget 3", "rent": "free",
                                "market_rent_sek_per_year": 60_000}
    facts = facts_for(answers_data)
    assert facts.rent_discount_sek_per_year == 60_000
    assert facts.estimated_value_sek == (350_000 + 60_000) * 2


def test_aggregation_and_conversion(answers_data):
    answers_data["exchange"]["related_agreements_12m_sek"] = 50_000
    answers_data["exchange"]["amount_per_year_sek"] = 100_001
    facts = facts_for(answers_data)
    assert facts.estimated_value_sek == 200_002
    assert facts.aggregated_value_sek == 250_002
    assert facts.aggregated_value_eur == 25_001  # rounded up: the value errs high
    assert facts.aid_value_eur == 20_001


def test_part_month_value_rounds_up(answers_data):
    facts = facts_for(answers_data, end_date="2027-07-10")
    assert facts.term_months == 7 and facts.estimated_value_sek == 204_167


@pytest.mark.parametrize("per_year,share", [(279_999, 79), (280_000, 80), (350_000, 100), (700_000, 200)])
def test_share_of_the_direct_award_limit_is_rounded_down(answers_data, per_year, share):
    """The voluntary-transparency advice starts at 80 %: 559 998 kr is still 79 %."""
    answers_data["exchange"]["amount_per_year_sek"] = per_year
    assert facts_for(answers_data).share_of_direct_award_limit_pct == share
