"""The shipped risk checkpoints: catalogue, embedded examples, whole agreements, load errors."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from app import PROJECT_ROOT
from app.agreement.answers import validate
from app.agreement.checkpoints import RulesError, assess, load_rules, run_example
from app.agreement.consistency import scenarios
from app.agreement.formatting import NBSP
from app.services.examples import load_examples

RULES_FILE = PROJECT_ROOT / "rules" / "checkpoints.yaml"
ON = dt.date(2026, 6, 1)
# The catalogue's order (checkpoints.md): group by group – is it a contract (with the IOP
# criteria), value and procedure, state aid and municipal law, data, children and public
# access, practical points – and within a group as the catalogue lists them.
CATALOGUE = [
    "lou.contracting-authority", "lou.contract-likely", "lou.detailed-control", "lou.market-exists",
    "lou.market-unknown", "lou.unit-payment", "lou.penalties", "lou.cost-reimbursement-not-safe",
    "lou.iop-label-on-purchase", "iop.no-own-contribution", "iop.company-initiative", "iop.no-repayment-clause",
    "lou.over-direct-award-limit", "lou.over-eu-threshold", "lou.annex2-direct-award",
    "lou.annex2-unknown", "lou.post-award-notice", "lou.value-full-term", "lou.splitting",
    "lou.direct-award-documentation", "lou.voluntary-transparency", "lou.direct-award-guidelines",
    "lou.reserved-procurement-option", "term.open-ended",
    "stateaid.economic-activity", "stateaid.de-minimis-exceeded", "allbolagen.premises-below-market",
    "kl.mandate", "kl.support-to-business", "neutrality.religious-political", "grant.equal-treatment",
    "gdpr.processor-agreement", "gdpr.joint-controllers", "gdpr.special-categories", "children.record-check",
    "osl.public-documents",
    "vat.consideration", "marketing.logo-counterperformance", "competition.exclusivity",
    "ethics.conflict-of-interest", "liability.insurance", "disputes.court", "disputes.joint-review",
    "partner.tenants-union", "partner.public-body", "system.stale-parameters",
]
RULES = load_rules(RULES_FILE)


def test_every_catalogue_checkpoint_in_catalogue_order():
    assert [cp.id for cp in RULES.checkpoints] == CATALOGUE
    for cp in RULES.checkpoints:
        assert cp.texts["title"]["sv"] and cp.texts["title"]["en"] and cp.sources and (cp.legal_basis or cp.practice)["sv"]
        assert any(ex.triggers for ex in cp.examples)
        assert cp.when is None or cp.when.paths == set() or any(not ex.triggers for ex in cp.examples)


def test_recommended_clauses_are_exposed():
    assert {"pub", "registerkontroll", "de-minimis", "avtalstid", "aterbetalning"} <= RULES.recommended_clause_ids


@pytest.mark.parametrize("checkpoint", RULES.checkpoints, ids=lambda cp: cp.id)
def test_embedded_examples(checkpoint):
    failures = [run_example(RULES, checkpoint, example) for example in checkpoint.examples]
    assert [f for f in failures if f] == []


def paying(data, amount, model="lump_sum_grant", **exchange):
    data["exchange"].update(company_pays=True, amount_per_year_sek=amount, payment_model=model, **exchange)
    return data


def no_money(d):
    d["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")


def service(d, amount=500_000, **extra):
    paying(d, amount, "per_unit", partner_delivers_to_company=True, company_would_otherwise_buy=True,
           market_exists="yes", annex2_service="no", **extra)


def at_limit(d):
    paying(d, 350_000, partner_delivers_to_company=True, annex2_service="no")


def just_under(d):
    paying(d, 699_999, partner_delivers_to_company=True, annex2_service="no")
    d["term"]["end_date"] = "2027-12-31"


def open_ended(d):
    paying(d, 100_000)
    d["term"].update(open_ended=True, end_date=None)


def options(d):
    paying(d, 200_000, partner_delivers_to_company=True, annex2_service="no")
    d["term"]["extension_months"] = 24


def annex2_ideburen(d):
    paying(d, 500_000, partner_delivers_to_company=True, annex2_service="yes")
    d["partners"][0]["registered_ideburen"] = True


def de_minimis(received):
    def change(d):
        paying(d, 1_621_890, de_minimis_received_3y_eur=received)  # 3 243 780 kr = exactly 300 000 euro
        d["partners"][0]["sells_on_market"] = True
    return change


def special_data(d):
    no_money(d)
    d["personal_data"].update(company_shares_tenant_data=True, special_categories=True)


def iop_per_leader_hour(d):
    """The "IOP" paid per leader hour with penalties and detailed control; "nothing is delivered"."""
    d["intended_form"] = "iop"
    paying(d, 350_000, "per_unit", penalties=True, detailed_control=True, partner_delivers_to_company=False,
           company_would_otherwise_buy=False, annex2_service="no")


def market_price_purchase(d):
    """A purchase at market price from a social-enterprise company that also sells to others."""
    d["intended_form"] = "procurement"
    paying(d, 300_000, "per_unit", annex2_service="no", de_minimis_received_3y_eur=290_000)
    d["partners"][0].update(org_form="aktiebolag", sells_on_market=True)


def documented(amount):
    def change(d):
        paying(d, amount, partner_delivers_to_company=True, annex2_service="no")
        d["term"]["end_date"] = "2027-12-31"  # one year: the value is the amount
    return change


def free_premises(d):
    """Premises rent-free and no money: support in kind, not a purchase."""
    no_money(d)
    d["premises"] = {"provided": True, "address": "Storgatan 2", "rent": "free", "market_rent_sek_per_year": 120_000}


def related_grant(d):
    paying(d, 300_000, related_agreements_12m_sek=200_000)


def related_purchase(d):
    paying(d, 300_000, related_agreements_12m_sek=200_000, partner_delivers_to_company=True, annex2_service="no")


AGREEMENTS = [
    ("an IOP paid per leader hour", iop_per_leader_hour, "stop",
     {"lou.contract-likely", "lou.unit-payment", "lou.penalties", "lou.detailed-control",
      "lou.iop-label-on-purchase", "lou.over-direct-award-limit"},
     # Over the limit the stop says procure: a notice of intent to award directly is no way round it.
     {"iop.no-repayment-clause", "grant.equal-treatment", "lou.voluntary-transparency"}),
    ("a market-price purchase from a social enterprise", market_price_purchase, "warnings",
     {"lou.contract-likely", "lou.direct-award-documentation", "lou.direct-award-guidelines"},
     {"stateaid.economic-activity", "stateaid.de-minimis-exceeded", "kl.support-to-business",
      "iop.no-repayment-clause", "grant.equal-treatment"}),
    ("documentation at exactly 100 000 kr", documented(100_000), "warnings",
     {"lou.contract-likely", "lou.direct-award-guidelines"}, {"lou.direct-award-documentation"}),
    ("documentation at 100 001 kr", documented(100_001), "warnings",
     {"lou.direct-award-documentation"}, set()),
    ("a grant with earlier similar agreements", related_grant, "none",
     {"grant.equal-treatment"}, {"lou.splitting", "lou.contract-likely"}),
    ("a purchase with the same earlier agreements", related_purchase, "stop",
     {"lou.splitting", "lou.contract-likely", "lou.over-direct-award-limit"}, {"grant.equal-treatment"}),
    ("partnership with no money", no_money, "none",
     {"lou.contracting-authority", "osl.public-documents", "liability.insurance"},
     {"lou.contract-likely", "lou.value-full-term", "iop.no-repayment-clause", "lou.over-direct-award-limit"}),
    ("rent-free premises and no money", free_premises, "warnings",
     {"allbolagen.premises-below-market", "grant.equal-treatment", "lou.value-full-term"},
     {"lou.contract-likely", "stateaid.economic-activity", "iop.no-repayment-clause"}),
    ("grant with own contribution", lambda d: None, "none",
     {"lou.value-full-term"},
     {"lou.contract-likely", "lou.over-direct-award-limit", "iop.no-own-contribution", "iop.no-repayment-clause",
      "vat.consideration"}),
    ("paid service over the limit", service, "stop",
     {"lou.contract-likely", "lou.unit-payment", "lou.market-exists", "lou.over-direct-award-limit",
      "vat.consideration"},
     {"lou.over-eu-threshold", "lou.direct-award-documentation", "lou.annex2-direct-award", "lou.annex2-unknown",
      "iop.no-repayment-clause"}),
    ("open-ended agreement", open_ended, "warnings",
     {"term.open-ended", "lou.value-full-term"},
     {"lou.over-direct-award-limit", "lou.contract-likely"}),
    ("exactly at the direct-award limit", at_limit, "stop",
     {"lou.contract-likely", "lou.over-direct-award-limit"},
     {"lou.direct-award-documentation", "lou.splitting", "lou.over-eu-threshold", "lou.voluntary-transparency"}),
    ("just under the direct-award limit", just_under, "warnings",
     {"lou.contract-likely", "lou.direct-award-documentation", "lou.voluntary-transparency"},
     {"lou.over-direct-award-limit"}),
    ("extension options counted", options, "stop",
     {"lou.over-direct-award-limit"},
     {"lou.direct-award-documentation", "term.open-ended"}),
    ("annex-2 service with an idéburen partner", annex2_ideburen, "warnings",
     {"lou.annex2-direct-award", "lou.post-award-notice", "lou.reserved-procurement-option",
      "lou.direct-award-documentation", "lou.voluntary-transparency"},
     {"lou.over-direct-award-limit", "lou.over-eu-threshold", "lou.annex2-unknown"}),
    ("de minimis exactly at the ceiling", de_minimis(0), "warnings",
     {"stateaid.economic-activity", "kl.support-to-business"},
     {"stateaid.de-minimis-exceeded"}),
    ("de minimis just above the ceiling", de_minimis(1), "stop",
     {"stateaid.economic-activity", "stateaid.de-minimis-exceeded"},
     set()),
    ("tenant data with special categories", special_data, "stop",
     {"gdpr.processor-agreement", "gdpr.special-categories"},
     {"gdpr.joint-controllers", "lou.contract-likely"}),
]


@pytest.mark.parametrize("name,change,verdict,fires,silent", AGREEMENTS, ids=[a[0] for a in AGREEMENTS])
def test_whole_agreements(answers_data, name, change, verdict, fires, silent):
    change(answers_data)
    result = assess(validate(answers_data), RULES, ON)
    assert fires <= set(result.ids), f"missing: {fires - set(result.ids)}"
    assert not silent & set(result.ids), f"unexpected: {silent & set(result.ids)}"
    assert result.verdict.code == verdict
    assert result.ids == [i for i in CATALOGUE if i in result.ids]


def test_triggered_by_shows_the_value_against_the_limit(answers_data):
    at_limit(answers_data)
    finding = assess(validate(answers_data), RULES, ON).finding("lou.over-direct-award-limit")
    expected = ("bolaget betalar 350 000 kr/år i 24 månader → uppskattat värde 700 000 kr ≥ "
                "direktupphandlingsgränsen 700 000 kr").replace(" kr", f"{NBSP}kr").replace(" 000", f"{NBSP}000")
    assert expected in finding.triggered_by
    assert finding.severity == "stop"
    assert {"exchange.amount_per_year_sek", "term.end_date", "exchange.partner_delivers_to_company"} <= set(
        finding.answer_paths)
    assert "premises.rent" not in finding.answer_paths


def test_value_close_to_a_provisional_threshold_says_check(answers_data):
    paying(answers_data, 1_150_000)  # 2 300 000 kr ≈ 212 715 euro: within 5 % of 216 000 euro
    lines = assess(validate(answers_data), RULES, ON).finding("lou.value-full-term").triggered_by
    assert any("nära gränsen – kontrollera" in line and "preliminär kurs" in line for line in lines)
    paying(answers_data, 500_000)
    lines = assess(validate(answers_data), RULES, ON).finding("lou.value-full-term").triggered_by
    assert not any("nära gränsen" in line for line in lines)


def test_severity_escalates(answers_data):
    open_ended(answers_data)
    answers_data["activity"]["children_involved"] = True
    answers_data["governance"]["insurance_required"] = False
    result = assess(validate(answers_data), RULES, ON)
    assert result.finding("lou.value-full-term").severity == "warning"
    insurance = result.finding("liability.insurance")
    assert insurance.severity == "warning"
    assert "governance.insurance_required" in insurance.answer_paths
    answers_data["governance"]["insurance_required"] = True
    assert assess(validate(answers_data), RULES, ON).finding("liability.insurance").severity == "info"


def test_partner_findings_link_to_that_partner(answers_data):
    answers_data["partners"][0]["payment_share_percent"] = 100
    answers_data["partners"].append({"name": "Kyrkan i Öst", "org_number": "802500-0004",
                                     "org_form": "registrerat_trossamfund", "payment_share_percent": 0})
    finding = assess(validate(answers_data), RULES, ON).finding("neutrality.religious-political")
    assert finding.answer_paths == ["partners[1].org_form"]
    assert finding.triggered_by == ["Kyrkan i Öst – organisationsform: registrerat trossamfund"]


# An answer path ("governance.dispute_resolution"), a code word ("mediation_then_court") or a
# list as Python prints it: what a reader of the risk annex must never see.
RAW = re.compile(r"\b[a-z_]+\.[a-z_]+\b|\b[a-z]+_[a-z_]+\b|\[['\"]")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_reason_in_the_annex_is_written_in_words(lang):
    """Over the shipped examples, every example in the rules file and random agreements of every shape."""
    answers = scenarios(RULES, [e.answers for e in load_examples()], count=300)
    seen = set()
    for item in answers:
        for finding in assess(item, RULES, ON, lang).findings:
            if finding.id == "system.stale-parameters":
                continue  # names the parameter to correct in the rules file, on purpose
            for line in finding.triggered_by:
                assert not RAW.search(line), f"{finding.id}: {line}"
                seen.add(finding.id)
    assert {"disputes.joint-review", "lou.voluntary-transparency", "lou.contract-likely"} <= seen


def test_stale_parameters_after_the_threshold_period(answers_data):
    answers = validate(answers_data)
    assert "system.stale-parameters" not in assess(answers, RULES, ON).ids
    result = assess(answers, RULES, dt.date(2028, 6, 1))
    stale = result.finding("system.stale-parameters")
    assert stale is not None and any("eu_threshold_services_eur" in line for line in stale.triggered_by)
    assert result.parameters["eu_threshold_services_eur"]["stale"] is True
    assert result.parameters["direct_award_limit_sek"]["stale"] is False


def test_english_texts_and_json(answers_data):
    result = assess(validate(answers_data), RULES, ON, lang="en")
    data = json.loads(json.dumps(result.to_json()))
    assert data["findings"][0]["title"] == "The housing company is a contracting authority"
    assert data["parameters"]["threshold_eur_sek_rate"]["provisional"] is True
    assert data["parameters"]["direct_award_limit_sek"]["valid_from"] == "2022-02-01"
    assert data["facts"]["estimated_value_sek"] == 700_000
    assert [g for g, _, _ in result.grouped()] == ["contract", "value", "stateaid_kl", "data_children", "practical"]


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, int]:
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    position = text.index(old)
    path = tmp_path / "checkpoints.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path, text[:position].count("\n") + 1


@pytest.mark.parametrize("old,new,message", [
    ("{fact: exchange.detailed_control, is: true}", "{fact: exchange.detailed_contrl, is: true}",
     "okänd uppgift 'exchange.detailed_contrl'"),
    ("  - id: lou.penalties\n    severity: warning", "  - id: lou.penalties\n    severity: high",
     "okänd allvarlighetsgrad 'high'"),
    ("  - id: lou.penalties\n    severity: warning", "  - id: lou.penalties\n    severty: warning",
     "okänd nyckel 'severty'"),
    ("      sv: Exklusivitet\n      en: Exclusivity\n", "      sv: Exklusivitet\n",
     "'title' ska ha text på både sv och en"),
    ("{fact: exchange.market_exists, eq: yes}", "{finding: lou.iop-label-on-purchase}",
     "cirkulär hänvisning mellan kontrollpunkter"),
    ("{finding: lou.contract-likely}", "{finding: lou.contract-likly}", "okänd kontrollpunkt 'lou.contract-likly'"),
])
def test_load_errors_name_file_and_line(tmp_path, old, new, message):
    path, line = broken(tmp_path, old, new)
    with pytest.raises(RulesError) as info:
        load_rules(path)
    errors = [e for e in info.value.errors if message in e.message]
    assert errors, str(info.value)
    assert errors[0].source == str(path)
    assert errors[0].line == line


def test_a_purchase_by_its_terms_says_which_terms(answers_data):
    """The user says nothing is delivered; the terms (per hour, penalties) make it a purchase all the same."""
    iop_per_leader_hour(answers_data)
    answers_data["exchange"]["detailed_control"] = False
    finding = assess(validate(answers_data), RULES, ON).finding("lou.contract-likely")
    assert finding is not None
    lines = " | ".join(finding.triggered_by)
    assert "Betalningsmodell: betalning per timme, deltagare eller annan enhet" in lines
    assert "Vite, avdrag eller hävning vid brister: ja" in lines
    assert "Partnern utför uppgifter som bolaget behöver" not in lines
    assert {"exchange.payment_model", "exchange.penalties"} <= set(finding.answer_paths)
    assert "HFD 2020 ref. 15" in finding.explanation


def test_texts_take_their_amounts_from_the_parameters(answers_data):
    at_limit(answers_data)
    result = assess(validate(answers_data), RULES, ON)
    stop = result.finding("lou.over-direct-award-limit")
    assert f"700{NBSP}000{NBSP}kr" in stop.explanation and f"20{NBSP}000{NBSP}000{NBSP}kr" in stop.explanation
    assert "{" not in stop.explanation
    english = assess(validate(answers_data), RULES, ON, lang="en").finding("lou.over-direct-award-limit")
    assert f"SEK{NBSP}700,000" in english.explanation and "10 per cent" in english.explanation


def test_an_unknown_placeholder_in_a_text_names_its_line(tmp_path):
    path, line = broken(tmp_path, "förlängs automatiskt räknas som {value_months_open_ended}.",
                        "förlängs automatiskt räknas som {value_months_open_endd}.")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert any("okänd parameter 'value_months_open_endd' i texten" in e.message for e in info.value.errors)


def test_show_aid_must_be_a_boolean(tmp_path):
    path, _line = broken(tmp_path, "    show_aid: true\n", "    show_aid: gärna\n")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert any("show_aid ska vara true eller false" in e.message for e in info.value.errors)


def test_only_the_aid_checkpoint_shows_the_aid():
    assert [cp.id for cp in RULES.checkpoints if cp.show_aid] == ["stateaid.economic-activity"]
    assert [cp.id for cp in RULES.checkpoints if cp.show_value] == ["lou.value-full-term"]
