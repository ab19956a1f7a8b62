"""The condition language: every operator, partners, finding references and load-time errors."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from app.agreement import yamlio
from app.agreement.answers import validate
from app.agreement.conditions import ConditionError, compile_condition, context_for
from app.agreement.conditions.words import Vocabulary, describer
from app.agreement.facts import derive

PARAMS = {"value_months_open_ended": 48, "threshold_eur_sek_rate": 10.8126, "aid_eur_sek_rate": 10.8126,
          "direct_award_limit_sek": 700_000}


def ctx_for(data, findings=()):
    answers = validate(data)
    return context_for(answers, derive(answers, PARAMS), PARAMS, findings)


def holds(tree, data, findings=()):
    condition = compile_condition(tree, parameters=PARAMS, findings={"lou.contract-likely", "lou.market-exists"})
    return condition.evaluate(ctx_for(data, findings))


@pytest.mark.parametrize("tree,expected", [
    ("always", True),
    (None, True),
    ({"fact": "exchange.company_pays", "is": True}, True),
    ({"fact": "exchange.company_pays", "is": False}, False),
    ({"fact": "intended_form", "eq": "partnership"}, True),
    ({"fact": "intended_form", "ne": "partnership"}, False),
    ({"fact": "exchange.annex2_service", "ne": "yes"}, True),
    ({"fact": "premises.rent", "in": ["reduced", "free"]}, False),
    ({"fact": "exchange.payment_model", "in": ["lump_sum_grant", "per_unit"]}, True),
    ({"fact": "activity.kinds", "in": ["motesplats", "laxhjalp"]}, True),
    ({"fact": "activity.kinds", "in": ["laxhjalp"]}, False),
    ({"fact": "facts.estimated_value_sek", "gte": {"param": "direct_award_limit_sek"}}, True),
    ({"fact": "facts.estimated_value_sek", "gt": {"param": "direct_award_limit_sek"}}, False),
    ({"fact": "facts.estimated_value_sek", "lte": {"param": "direct_award_limit_sek"}}, True),
    ({"fact": "facts.estimated_value_sek", "lt": {"param": "direct_award_limit_sek"}}, False),
    ({"fact": "exchange.amount_per_year_sek", "gt": 349_999}, True),
    ({"fact": "exchange.amount_per_year_sek", "lt": 350_000}, False),
    ({"fact": "facts.term_months", "eq": 24}, True),
    ({"fact": "term.end_date", "gt": "2028-12-30"}, True),
    ({"fact": "term.end_date", "lte": dt.date(2028, 12, 30)}, False),
    ({"fact": "housing_company.address", "present": True}, True),
    ({"fact": "premises.address", "present": True}, False),
    ({"fact": "follow_up.indicators", "present": False}, False),
    ({"all": [{"fact": "exchange.company_pays", "is": True}, {"fact": "premises.provided", "is": True}]}, False),
    ({"any": [{"fact": "exchange.company_pays", "is": True}, {"fact": "premises.provided", "is": True}]}, True),
    ({"not": {"fact": "premises.provided", "is": True}}, True),
    ({"any_partner": {"fact": "org_form", "eq": "ideell_forening"}}, True),
    ({"any_partner": {"fact": "org_form", "in": ["aktiebolag", "kommun"]}}, False),
    ({"finding": "lou.contract-likely"}, False),
])
def test_every_operator(answers_data, tree, expected):
    assert holds(tree, answers_data) is expected


def test_finding_reference_follows_what_has_fired(answers_data):
    tree = {"all": [{"finding": "lou.contract-likely"}, {"not": {"finding": "lou.market-exists"}}]}
    assert holds(tree, answers_data, findings={"lou.contract-likely"})
    assert not holds(tree, answers_data, findings={"lou.contract-likely", "lou.market-exists"})


def test_any_partner_looks_at_every_partner(answers_data):
    tree = {"any_partner": {"all": [{"fact": "org_form", "eq": "registrerat_trossamfund"},
                                     {"fact": "sells_on_market", "is": False}]}}
    assert not holds(tree, answers_data)
    answers_data["partners"][0]["payment_share_percent"] = 100
    answers_data["partners"].append({"name": "Kyrkan", "org_number": "802500-0004",
                                     "org_form": "registrerat_trossamfund", "payment_share_percent": 0})
    assert holds(tree, answers_data)


def test_open_ended_end_date_is_never_greater(answers_data):
    answers_data["term"].update(open_ended=True, end_date=None)
    assert not holds({"fact": "term.end_date", "gt": "2000-01-01"}, answers_data)
    assert holds({"fact": "facts.value_months", "eq": 48}, answers_data)


def test_paths_and_references_are_exposed():
    condition = compile_condition({"all": [
        {"fact": "facts.aggregated_value_sek", "gte": {"param": "direct_award_limit_sek"}},
        {"any_partner": {"fact": "sells_on_market", "is": True}},
        {"finding": "lou.contract-likely"},
    ]})
    assert condition.paths == {"facts.aggregated_value_sek", "partners", "partners.sells_on_market"}
    assert condition.parameter_refs == {"direct_award_limit_sek"}
    assert condition.finding_refs == {"lou.contract-likely"}


def test_explain_names_the_partner_and_the_facts(answers_data):
    answers_data["partners"][0]["sells_on_market"] = True
    condition = compile_condition({"all": [{"fact": "exchange.company_pays", "is": True},
                                           {"any_partner": {"fact": "sells_on_market", "is": True}}]})
    lines = condition.explain(ctx_for(answers_data), "sv", describer(Vocabulary("sv")))
    name = answers_data["partners"][0]["name"]
    assert lines == ["Bolaget betalar: ja", f"{name} – säljer varor eller tjänster på en marknad: ja"]
    reasons = condition.reasons(ctx_for(answers_data))
    assert [r.answer_path for r in reasons] == ["exchange.company_pays", "partners[0].sells_on_market"]


def compile_yaml(text, **known):
    tree = yamlio.load(textwrap.dedent(text))
    return compile_condition(tree, source="regler.yaml", line=1, **known)


@pytest.mark.parametrize("text,line,message", [
    ("""\
     all:
       - {fact: exchange.company_pays, is: true}
       - {fact: exchange.amount_per_yr, gt: 0}
     """, 3, "okänd uppgift 'exchange.amount_per_yr'"),
    ("""\
     any:
       - {fact: premises.rent, in: [reduced, frre]}
     """, 2, "okänt värde 'frre' för premises.rent"),
    ("{fact: exchange.market_exists, is: true}", 1, "'exchange.market_exists' är inte ja/nej"),
    ("{fact: exchange.penalties, eq: 3}", 1, "fel typ på värdet '3' för exchange.penalties"),
    ("{fact: exchange.penalties, gte: true}", 1, "gte kräver ett tal eller datum"),
    ("{fact: exchange.penalties, equals: true}", 1, "okänd operator 'equals'"),
    ("{fact: exchange.amount_per_year_sek, gt: 0, lt: 5}", 1, "exakt en operator"),
    ("{fact: facts.aggregated_value_sek, gte: {param: direct_award_limt_sek}}", 1,
     "okänd parameter 'direct_award_limt_sek'"),
    ("""\
     not:
       finding: lou.contract-likly
     """, 2, "okänd kontrollpunkt 'lou.contract-likly'"),
    ("{fact: partners.org_form, eq: aktiebolag}", 1, "nås med any_partner"),
    ("{any_partner: {any_partner: {fact: org_form, eq: kommun}}}", 1, "any_partner kan inte nästlas"),
    ("{all: []}", 1, "minst ett villkor"),
    ("{when: always}", 1, "okänt villkor"),
    ("{fact: facts.not_a_fact, gt: 1}", 1, "okänd uppgift 'facts.not_a_fact'"),
    ("{fact: activity.kinds, eq: motesplats}", 1, "är en lista"),
])
def test_mistakes_are_reported_with_file_and_line(text, line, message):
    with pytest.raises(ConditionError) as info:
        compile_yaml(text, parameters=PARAMS, findings={"lou.contract-likely"})
    assert str(info.value).startswith(f"regler.yaml:{line}: ")
    assert message in info.value.message
    assert (info.value.source, info.value.line) == ("regler.yaml", line)


def test_unknown_parameters_and_findings_pass_when_not_checked():
    condition = compile_yaml("""\
        all:
          - {finding: something.else}
          - {fact: facts.estimated_value_sek, gte: {param: whatever}}
        """)
    assert condition.parameter_refs == {"whatever"} and condition.finding_refs == {"something.else"}
