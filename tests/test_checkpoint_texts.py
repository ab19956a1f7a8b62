"""What the risk annex says, as a municipal lawyer read it: each text true in every case it fires in.

The checkpoints' texts, legal bases and sources in both languages; the words that depend on
the number of partners; the parameters the annex lists; the order of the findings.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from app import PROJECT_ROOT
from app.agreement.answers import validate
from app.agreement.checkpoints import RulesError, assess, load_rules
from app.agreement.checkpoints.model import fill_terms

RULES_FILE = PROJECT_ROOT / "rules" / "checkpoints.yaml"
RULES = load_rules(RULES_FILE)
ON = dt.date(2026, 6, 1)
LANGS = ("sv", "en")


def paying(data, amount, model="lump_sum_grant", **exchange):
    data["exchange"].update(company_pays=True, amount_per_year_sek=amount, payment_model=model, **exchange)
    return data


def found(data, lang="sv", on=ON):
    return assess(validate(data), RULES, on, lang)


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "checkpoints.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(RulesError) as info:
        load_rules(path)
    return [e.message for e in info.value.errors]


def three_partners(data):
    """Two associations and a municipality, as in the integration example; the first gets all the money."""
    data["partners"][0]["payment_share_percent"] = 100
    data["partners"] += [
        {"name": "Föreningen Två", "org_number": "802455-5552", "org_form": "ideell_forening",
         "registered_ideburen": False, "sells_on_market": False, "payment_share_percent": 0},
        {"name": "Exempelstads kommun", "org_number": "212000-1231", "org_form": "kommun",
         "registered_ideburen": False, "sells_on_market": False, "payment_share_percent": 0},
    ]
    return data


# --- 1. The notice of intent to award directly --------------------------------------------


@pytest.mark.parametrize("amount,annex2", [(350_000, "no"), (350_000, "unknown"), (450_000, "no")])
def test_no_notice_advice_next_to_the_stop_over_the_limit(answers_data, amount, annex2):
    paying(answers_data, amount, partner_delivers_to_company=True, annex2_service=annex2)
    ids = found(answers_data).ids
    assert "lou.over-direct-award-limit" in ids
    assert "lou.voluntary-transparency" not in ids


def test_the_notice_is_offered_where_a_direct_award_is_allowed(answers_data):
    paying(answers_data, 349_999, partner_delivers_to_company=True, annex2_service="no")
    assert "lou.voluntary-transparency" in found(answers_data).ids
    paying(answers_data, 450_000, partner_delivers_to_company=True, annex2_service="yes")  # 900 000 kr, Annex 2
    result = found(answers_data)
    assert "lou.voluntary-transparency" in result.ids and "lou.over-direct-award-limit" not in result.ids


def test_the_stop_says_a_notice_is_no_way_round_the_limit(answers_data):
    paying(answers_data, 350_000, partner_delivers_to_company=True, annex2_service="no")
    for lang, words in (("sv", "inget sätt att direktupphandla över gränsen"),
                        ("en", "no way to award directly above the limit")):
        stop = found(answers_data, lang).finding("lou.over-direct-award-limit")
        assert words in stop.explanation
        assert "osäkert om den skyddar mot avgiften" in stop.explanation or "uncertain" in stop.explanation
        assert stop.recommended_clauses == ["ersattning", "avtalstid"]


# --- 2. Annex 2 not known --------------------------------------------------------------------


def test_annex2_unknown_says_what_each_answer_leads_to(answers_data):
    paying(answers_data, 350_000, partner_delivers_to_company=True, annex2_service="unknown")
    result = found(answers_data)
    text = result.finding("lou.annex2-unknown").explanation
    assert "Är svaret ja" in text and "Är svaret nej" in text
    assert "750\u00a0000\u00a0euro" in text and "700\u00a0000\u00a0kr" in text and "100\u00a0000\u00a0kr" in text
    assert "efterannonseras" in text and "19 kap. 25 a §" in text and "annars ska köpet annonseras" in text
    assert "CPV-koder, EU:s gemensamma nummerkoder" in text
    assert "bilaga 2" in result.finding("lou.over-direct-award-limit").explanation
    english = found(answers_data, "en").finding("lou.annex2-unknown").explanation
    assert "If it is yes" in english and "If it is no" in english and "CPV codes, the EU's common" in english


def test_cpv_is_explained_wherever_a_text_names_it():
    for cp in RULES.checkpoints:
        for lang, explained in (("sv", "gemensamma nummerkoder"), ("en", "common number codes")):
            texts = [cp.texts[k][lang] for k in ("explanation", "action")] + [cp.legal_basis.get(lang, "")]
            if any("CPV" in t for t in texts):
                assert explained in cp.texts["explanation"][lang], (cp.id, lang)


# --- 3–6. Texts true in every case ------------------------------------------------------------


def test_support_to_business_is_a_point_to_check(answers_data):
    paying(answers_data, 100_000)
    answers_data["partners"][0]["sells_on_market"] = True
    finding = found(answers_data).finding("kl.support-to-business")
    assert "synnerliga skäl, det vill säga" in finding.explanation
    assert "osäkert – kontrollera" in finding.explanation and "ägardirektivet" in finding.explanation
    assert "upphandling" not in finding.action and "köp" not in finding.action
    assert "osäkert – kontrollera" in finding.legal_basis
    english = found(answers_data, "en").finding("kl.support-to-business")
    assert "uncertain – check" in english.explanation and "procurement" not in english.action


@pytest.mark.parametrize("model,extra", [("per_unit", {}), ("outcome_based", {}),
                                         ("lump_sum_grant", {"penalties": True}),
                                         ("lump_sum_grant", {"partner_delivers_to_company": True}),
                                         ("lump_sum_grant", {"logo_or_marketing_for_company": True})])
def test_vat_advice_gives_no_label_to_write(answers_data, model, extra):
    paying(answers_data, 100_000, model, **extra)
    sv = found(answers_data).finding("vat.consideration")
    assert "bidrag utan motprestation\"" not in sv.action and "räcker inte" in sv.action
    en = found(answers_data, "en").finding("vat.consideration")
    assert "the Swedish Tax Agency (Skatteverket)" in en.action and "is not enough" in en.action


def test_the_dispute_clause_does_not_change_the_procurement_assessment(answers_data):
    paying(answers_data, 350_000, partner_delivers_to_company=True)
    answers_data["governance"]["dispute_resolution"] = "court"
    result = found(answers_data)
    assert "lou.contract-likely" in result.ids
    action = result.finding("disputes.court").action
    assert "ändrar inte bedömningen enligt LOU" in action and "passa bättre" not in action
    answers_data["governance"]["dispute_resolution"] = "joint_review"
    review = found(answers_data).finding("disputes.joint-review").explanation
    assert "talar mot ett kontrakt" not in review and "ändrar inte bedömningen enligt LOU" in review


def test_contract_likely_holds_whatever_was_answered_about_deliveries(answers_data):
    paying(answers_data, 350_000, partner_delivers_to_company=True)
    finding = found(answers_data).finding("lou.contract-likely")
    assert "Partnern utför uppgifter som bolaget behöver: ja" in finding.triggered_by
    assert "även om svaren säger" not in finding.explanation
    assert "vad svaren än säger" in finding.explanation


def test_uncertain_facts_stay_uncertain():
    cost = RULES.by_id["lou.cost-reimbursement-not-safe"].texts["explanation"]
    assert "Sverige saknar" not in cost["sv"] and "osäkert – kontrollera" in cost["sv"]
    assert "Sweden has no" not in cost["en"] and "uncertain – check" in cost["en"]
    label = RULES.by_id["lou.iop-label-on-purchase"].texts["explanation"]
    assert "Just så" not in label["sv"] and "That is what" not in label["en"]
    assert "borde ha upphandlats" in label["sv"]


# --- 7–8. Legal bases and sources a non-lawyer can read, in both languages ---------------------

EXPANSIONS = {  # an abbreviation in a legal basis -> what must stand with it
    "sv": {"LOU": "(2016:1145)", "KL": "kommunallagen (2017:725)", "GDPR": "(EU) 2016/679", "OSL": "(2009:400)",
           "FEUF": "fördraget om Europeiska unionens funktionssätt", "HFD": "Högsta förvaltningsdomstolen",
           "IOP": "idéburet offentligt partnerskap"},
    "en": {"LOU": "(2016:1145)", "KL": "Local Government Act (2017:725)", "GDPR": "(EU) 2016/679",
           "OSL": "(2009:400)", "TFEU": "Treaty on the Functioning of the European Union",
           "HFD": "Supreme Administrative Court", "IOP": "non-profit public partnership"},
}
MAINTAINER_NOTES = re.compile(r"ska verifieras|att kontrollera|to be verified|\bverify\b", re.I)
SWEDISH_DATE = re.compile(r"\d+ (jan|feb|mars|apr|maj|juni|juli|aug|sep|okt|nov|dec)\w*\b")


@pytest.mark.parametrize("cp", RULES.checkpoints, ids=lambda cp: cp.id)
def test_legal_basis_spells_out_what_it_cites(cp):
    if not cp.legal_basis:  # criteria and practice only: under their own heading
        assert cp.practice and not re.search(r"§|\blagen\b|\bHFD\b", cp.practice["sv"]), cp.id
        return
    for lang in LANGS:
        basis = cp.legal_basis[lang]
        assert not MAINTAINER_NOTES.search(basis), basis
        assert not re.search(r"\bKamR\b|t\.o\.m\.|\bart\. \d", basis), basis
        for short, long in EXPANSIONS[lang].items():
            if re.search(rf"\b{short}\b", basis):
                assert long in basis, (cp.id, lang, short)
    english = cp.legal_basis["en"]
    assert not re.search(r"\bkap\.|\blagen\b|\boch\b|§", english), english


@pytest.mark.parametrize("cp", RULES.checkpoints, ids=lambda cp: cp.id)
def test_sources_have_an_english_title(cp):
    for source in cp.sources:
        english = source["title"]["en"]
        assert not SWEDISH_DATE.search(english), english
        assert not re.search(r"\bkap\.|t\.o\.m\.|\brapport\b", english) or "(" in english, english


def test_parameter_sources_in_both_languages():
    for p in RULES.parameters.values():
        assert p.source["sv"] and p.source["en"]
        assert not re.search(r"\bkap\.|§|\bnov\b", p.source["en"]), (p.name, p.source["en"])


def test_a_source_title_may_be_one_string_or_both_languages(tmp_path):
    rules = load_rules(broken(tmp_path, '      - {title: {sv: "Hyresförhandlingslagen (1978:304)", '
                                        'en: "Hyresförhandlingslagen (1978:304) (the Tenancy Negotiation Act)"}, '
                                        'url: "https://rkrattsbaser.gov.se/sfst?bet=1978:304"}',
                              '      - "Hyresförhandlingslagen (1978:304)"'))
    assert rules.by_id["partner.tenants-union"].sources[0]["title"] == {"sv": "Hyresförhandlingslagen (1978:304)",
                                                                       "en": "Hyresförhandlingslagen (1978:304)"}
    path = broken(tmp_path, 'en: "Hyresförhandlingslagen (1978:304) (the Tenancy Negotiation Act)"}, url', '}, url')
    assert any("'title' ska ha text på både sv och en" in m for m in messages(path))


def test_findings_carry_the_sources_in_the_assessment_language(answers_data):
    sv, en = found(answers_data), found(answers_data, "en")
    first_sv = sv.finding("lou.contracting-authority").sources[0]
    first_en = en.finding("lou.contracting-authority").sources[0]
    assert "11 juli 2022" in first_sv["title"] and "11 July 2022" in first_en["title"]
    assert first_sv["url"] == first_en["url"]


# --- 9. Several partners -----------------------------------------------------------------------


def test_partner_words_follow_the_number_of_partners(answers_data):
    one = found(answers_data)
    assert "Partnern bör känna till det." in one.finding("osl.public-documents").explanation
    three_partners(answers_data)
    several, english = found(answers_data), found(answers_data, "en")
    assert "Partnerna bör känna till det." in several.finding("osl.public-documents").explanation
    assert "Har ni svarat att partnerna ska ha försäkring" in several.finding("liability.insurance").action
    assert "varför just partnerna får bolagets stöd" in several.finding("grant.equal-treatment").action
    assert "The partners should know this." in english.finding("osl.public-documents").explanation
    assert "If you answered that the partners must be insured" in english.finding("liability.insurance").action
    for finding in several.findings + english.findings:
        assert "{" not in finding.title + finding.explanation + finding.action, finding.id


def test_a_title_with_a_partner_word_reads_right_when_another_finding_names_it(answers_data):
    three_partners(answers_data)
    answers_data["exchange"]["partner_own_contribution"] = False
    result = found(answers_data)
    assert result.finding("iop.no-own-contribution").title == "Partnerna bidrar inte med egen insats"
    assert RULES.by_id["iop.no-own-contribution"].texts["title"]["sv"] == "Partnern bidrar inte med egen insats"


def test_fill_terms():
    assert fill_terms("{Partner} och {partner_gen} plan", "sv", 2) == "Partnerna och partnernas plan"
    assert fill_terms("{Partner} and {partner_gen} plan", "en", 1) == "The partner and the partner's plan"
    assert fill_terms("{partner_gen} plan", "en", 3) == "the partners' plan"


def test_the_load_time_fill_leaves_partner_words_and_rejects_unknown_names(tmp_path):
    template = RULES.by_id["osl.public-documents"].templates["explanation"]["sv"]
    assert "{Partner} bör känna till det." in template
    path = broken(tmp_path, "{Partner} bör känna till det.", "{Partnr} bör känna till det.")
    assert any("okänd parameter 'Partnr' i texten" in m for m in messages(path))


def test_premises_alone_are_covered_by_the_neutrality_text(answers_data):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    answers_data["premises"] = {"provided": True, "address": "Storgatan 2", "rent": "free",
                                "market_rent_sek_per_year": 120_000}
    answers_data["activity"]["religious_or_political_content"] = True
    finding = found(answers_data).finding("neutrality.religious-political")
    assert "en lokal" in finding.explanation and "Bolagets pengar" not in finding.explanation


# --- 11. Order ---------------------------------------------------------------------------------


def test_findings_come_group_by_group(answers_data):
    three_partners(answers_data)
    paying(answers_data, 350_000, "per_unit", partner_delivers_to_company=True, partner_own_contribution=False)
    answers_data["activity"]["religious_or_political_content"] = True
    answers_data["personal_data"] = {"company_shares_tenant_data": True}
    groups = [f.group for f in found(answers_data).findings]
    order = list(RULES.groups)
    assert groups == sorted(groups, key=order.index)


def test_a_checkpoint_out_of_its_group_is_refused(tmp_path):
    text = RULES_FILE.read_text(encoding="utf-8")
    start = text.index("  - id: iop.no-repayment-clause\n")
    end = text.index("  # --- Value and procedure")
    block = text[start:end]
    moved = text[:start] + text[end:]
    at = moved.index("  # --- State aid and municipal law")
    path = tmp_path / "checkpoints.yaml"
    path.write_text(moved[:at] + block + moved[at:], encoding="utf-8")
    assert any("iop.no-repayment-clause hör till gruppen 'contract' men står efter gruppen 'value'" in m
               for m in messages(path))


# --- 13. The parameters the annex lists --------------------------------------------------------


def test_parameters_are_those_the_findings_use(answers_data):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    assert found(answers_data).parameters == {}
    paying(answers_data, 350_000, "per_unit", partner_delivers_to_company=True, annex2_service="no")
    listed = found(answers_data).parameters
    assert {"direct_award_limit_sek", "procurement_fee_min_sek", "procurement_fee_max_sek",
            "procurement_fee_max_share_pct", "threshold_eur_sek_rate", "eu_threshold_services_eur"} <= set(listed)
    assert not {"aid_eur_sek_rate", "de_minimis_eur_3y", "eu_threshold_works_eur"} & set(listed)
    assert list(listed) == [name for name in RULES.parameters if name in listed]  # the rules file's order


def test_state_aid_lists_the_de_minimis_parameters(answers_data):
    paying(answers_data, 1_621_890, de_minimis_received_3y_eur=1)
    answers_data["partners"][0]["sells_on_market"] = True
    listed = found(answers_data).parameters
    assert {"de_minimis_eur_3y", "aid_eur_sek_rate"} <= set(listed)
    assert listed["aid_eur_sek_rate"]["provisional"] is True


def test_open_ended_values_list_the_months(answers_data):
    paying(answers_data, 100_000)
    answers_data["term"].update(open_ended=True, end_date=None)
    listed = found(answers_data).parameters
    assert listed["value_months_open_ended"]["value"] == 48


def test_stale_parameters_are_listed(answers_data):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    listed = found(answers_data, on=dt.date(2028, 6, 1)).parameters
    assert listed and all(p["stale"] for p in listed.values())


# --- 14. Actions say what the agreement already does, and what is left to the user ------------

# The clause each action says the agreement contains whenever the finding fires.
ACTION_CLAUSES = {
    "iop.no-repayment-clause": "aterbetalning", "lou.penalties": "uppfoljning", "iop.company-initiative": "bakgrund",
    "stateaid.economic-activity": "de-minimis", "allbolagen.premises-below-market": "lokaler",
    "neutrality.religious-political": "neutralitet", "gdpr.processor-agreement": "personuppgifter",
    "gdpr.joint-controllers": "gemensamt-ansvar", "gdpr.special-categories": "personuppgifter",
    "children.record-check": "registerkontroll", "osl.public-documents": "offentlighet",
    "marketing.logo-counterperformance": "kommunikation", "ethics.conflict-of-interest": "jav",
    "liability.insurance": "ansvar", "disputes.joint-review": "tvist",
}


def test_what_an_action_says_the_agreement_contains_is_in_the_agreement(app):
    from app.agreement.consistency import scenarios
    from app.services.documents import document_model, load_library
    from app.services.examples import load_examples

    library = load_library()
    seen: set[str] = set()
    for answers in scenarios(RULES, [e.answers for e in load_examples()], count=60):
        model, assessment = document_model(answers, "sv", on=ON, clauses=library)
        fired = {f["id"] for f in assessment["findings"]}
        included = {c.id for c in model.clauses}
        for finding_id, clause_id in ACTION_CLAUSES.items():
            if finding_id in fired:
                assert clause_id in included, (finding_id, clause_id)
                seen.add(finding_id)
        if "lou.direct-award-documentation" in fired:  # "Dokumentet har en bilaga, Dokumentation av …"
            assert "direktupphandling" in {a.key for a in model.annexes}
        if "iop.no-repayment-clause" in fired:
            text = " ".join(p.text for c in model.clauses if c.id == "aterbetalning" for p in c.paragraphs)
            assert "som inte har använts" in text
    assert seen == set(ACTION_CLAUSES)


@pytest.mark.parametrize("cp_id", list(ACTION_CLAUSES))
def test_the_action_says_so(cp_id):
    action = RULES.by_id[cp_id].texts["action"]
    assert action["sv"].startswith("Avtalet") or "Avtalets" in action["sv"] or "avtalet" in action["sv"]
    assert not re.match(r"(Ta med|Lägg till) (klausulen|en klausul)", action["sv"]), action["sv"]
    assert not re.match(r"(Include|Add) (the|a) clause", action["en"]), action["en"]


def test_no_action_asks_for_what_the_agreement_does():
    for cp in RULES.checkpoints:
        for text in (cp.texts["action"]["sv"], cp.texts["action"]["en"]):
            assert not re.search(r"\bTa med klausulen|\bLägg till en klausul|\bInclude the clause|\bAdd a clause", text), cp.id


def test_the_end_date_advice_says_when_it_applies(answers_data):
    """A fixed end date already given is handled: the finding says so and no longer asks for one."""
    paying(answers_data, 100_000)
    fixed = found(answers_data).finding("lou.value-full-term")
    assert fixed.handled.startswith("Avtalet har ett fast slutdatum och förlängs inte automatiskt")
    assert "fast slutdatum" not in fixed.action and fixed.action.startswith("Kontrollera beräkningen")
    answers_data["term"].update(open_ended=True, end_date=None)
    open_ended = found(answers_data).finding("lou.value-full-term")
    assert not open_ended.handled
    assert "Gäller avtalet tills vidare eller förlängs det automatiskt, ge det ett fast slutdatum" in open_ended.action


def test_premises_below_market_with_a_business_reason_is_handled(answers_data):
    answers_data["premises"] = {"provided": True, "address": "Storgatan 2", "rent": "free",
                                "market_rent_sek_per_year": 120000}
    without = found(answers_data).finding("allbolagen.premises-below-market")
    assert not without.handled and "har ni inte angett något skäl, gör det" in without.action
    answers_data["premises"]["business_rationale"] = "Fler vuxna i rörelse ger tryggare gårdar och färre skador."
    handled = found(answers_data).finding("allbolagen.premises-below-market")
    assert handled.handled.startswith("Ni har angett ett affärsmässigt skäl")
    assert "har ni inte angett" not in handled.action and "bolagets egen nytta" in handled.action
    assert handled.severity == without.severity  # handling explains; it never lowers the finding


def test_the_value_is_information_when_the_agreement_is_no_purchase(answers_data):
    paying(answers_data, 100_000)
    plain = found(answers_data)
    assert "lou.contract-likely" not in plain.ids
    note = plain.finding("lou.value-full-term").notes
    assert note and "inte ut som ett köp" in note[0] and "Värdet visas ändå" in note[0]
    answers_data["exchange"]["logo_or_marketing_for_company"] = True
    purchase = found(answers_data)
    assert "lou.contract-likely" in purchase.ids and purchase.finding("lou.value-full-term").notes == []


def test_why_names_the_telling_answer_first(answers_data):
    """With a logo ticked, "why" leads with the logo, not with "the company pays"."""
    paying(answers_data, 100_000)
    answers_data["exchange"]["logo_or_marketing_for_company"] = True
    result = found(answers_data)
    why = result.finding("lou.contract-likely").why
    assert why[0]["text"].startswith("Logotyp eller marknadsföring för bolaget: ja")
    assert why[0]["paths"] == ["exchange.logo_or_marketing_for_company"]
    assert any(item["text"] == "Bolaget betalar: ja" for item in why[1:])
    # A finding resting on another names its own answer first and the other finding last, by title.
    answers_data["exchange"]["annex2_service"] = "unknown"
    annex2 = found(answers_data).finding("lou.annex2-unknown").why
    assert annex2[0]["paths"] == ["exchange.annex2_service"]
    assert annex2[-1] == {"text": "Avtalet liknar ett köp enligt LOU", "finding": "lou.contract-likely"}


def test_the_value_basis_reads_for_a_housing_officer():
    basis = RULES.by_id["lou.value-full-term"].legal_basis
    assert "räknas inte upp för" not in basis["sv"] and "do not list that chapter" not in basis["en"]
    assert "ett avtal som gäller tills vidare räknas som 48 månader" in basis["sv"]
    assert "osäkert – kontrollera" in basis["sv"] and "uncertain – check" in basis["en"]


# --- 15. Plain words and marked uncertainty --------------------------------------------------------


def test_contract_likely_in_plain_swedish_and_tax_fin_lex_marked_uncertain():
    cp = RULES.by_id["lou.contract-likely"]
    text = cp.texts["explanation"]["sv"]
    assert "villkoren är sådana som gäller vid ett köp" in text and "Sådana villkor räcker i sig" in text
    assert "ett köps" not in text and "för det ensamma" not in text
    for lang, words in (("sv", "vad domen innebär här är osäkert – kontrollera"),
                        ("en", "what the judgment means here is uncertain – check")):
        basis = cp.legal_basis[lang]
        assert "C-367/19" in basis and words in basis.split("C-367/19", 1)[1]


@pytest.mark.parametrize("pays", [True, False])
def test_joint_review_is_true_whether_the_company_pays_or_not(answers_data, pays):
    answers_data["governance"]["dispute_resolution"] = "joint_review"
    if pays:
        paying(answers_data, 100_000)
    else:
        answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    finding = found(answers_data).finding("disputes.joint-review")
    assert "anspråk på återbetalning när bolaget har betalat ut pengar" in finding.explanation
    assert "Bolagets rätt att få tillbaka pengar" not in finding.explanation
    # The label holds whether or not the dispute clause has a repayment limb (it has one only when the company pays).
    assert "vissa tvister, som skadestånd och hävning, kan ändå prövas av domstol" in " ".join(finding.triggered_by)
    english = found(answers_data, "en").finding("disputes.joint-review").explanation
    assert "repayment where it has paid out money" in english


def test_a_public_partner_covers_premises_and_value_transfers_to_the_owner():
    cp = RULES.by_id["partner.public-body"]
    sv, en = cp.texts["explanation"]["sv"], cp.texts["explanation"]["en"]
    assert "det bolaget betalar till en myndighet" not in sv
    assert "en lokal under marknadshyra" in sv and "värdeöverföring till ägaren" in sv
    assert "vilken paragraf som gäller är osäkert – kontrollera" in sv
    assert "premises below market rent" in en and "value transfer to the owner" in en and "uncertain – check" in en
    assert "(2010:879)" in cp.legal_basis["sv"] and "osäkert – kontrollera" in cp.legal_basis["sv"]


def test_premises_below_market_rent_the_rationale_and_the_lease(answers_data):
    answers_data["premises"] = {"provided": True, "address": "Storgatan 2", "rent": "reduced",
                                "market_rent_sek_per_year": 120_000, "rent_sek_per_year": 60_000}
    finding = found(answers_data).finding("allbolagen.premises-below-market")
    assert "indirekta nytta" in finding.explanation and "inte en tjänst som partnern utför åt bolaget" in finding.explanation
    assert "likna ett kontrakt" in finding.explanation and "osäkert – kontrollera" in finding.explanation
    assert "indirekt besittningsskydd" in finding.action
    assert "om hyresnämnden måste godkänna avståendet är osäkert – kontrollera" in finding.action
    assert "jordabalken (1970:994)" in finding.legal_basis
    english = found(answers_data, "en").finding("allbolagen.premises-below-market")
    assert "indirect benefit" in english.explanation and "security of tenure" in english.action


def test_neutrality_says_how_the_local_government_act_binds_the_company():
    basis = RULES.by_id["neutrality.religious-political"].legal_basis
    assert "som gäller bolaget genom bolagsordningen och ägardirektiven" in basis["sv"]
    assert "binds the company through its articles of association and owner directives" in basis["en"]


@pytest.mark.parametrize("children", [False, True])
def test_insurance_text_is_true_with_and_without_children(answers_data, children):
    answers_data["activity"]["children_involved"] = children
    finding = found(answers_data).finding("liability.insurance")
    assert "särskilt när barn deltar" not in finding.explanation
    assert "Deltar barn i verksamheten" in finding.explanation
    english = found(answers_data, "en").finding("liability.insurance")
    assert "especially when children take part" not in english.explanation


# --- 16. State aid: the aid against the ceiling, and the de minimis steps -----------------------------


def test_state_aid_shows_each_selling_partner_against_the_ceiling(answers_data):
    three_partners(answers_data)
    paying(answers_data, 100_000)
    answers_data["partners"][0].update(sells_on_market=True, payment_share_percent=60, de_minimis_received_3y_eur=5_000)
    answers_data["partners"][1].update(payment_share_percent=40)
    finding = found(answers_data).finding("stateaid.economic-activity")
    aid = [line for line in finding.triggered_by if "de minimis-taket" in line]
    assert len(aid) == 1  # only the partner that sells on a market
    assert aid[0].startswith(answers_data["partners"][0]["name"] + ": 60\u00a0000\u00a0kr/år (60 procent av bidraget)")
    assert "med tidigare de minimis-stöd (5\u00a0000\u00a0euro) sammanlagt" in aid[0]
    assert "≤ de minimis-taket för tre år 300\u00a0000\u00a0euro" in aid[0]
    assert {"partners[0].payment_share_percent", "partners[0].de_minimis_received_3y_eur"} <= set(finding.answer_paths)
    english = found(answers_data, "en").finding("stateaid.economic-activity")
    assert any("≤ the three-year de minimis ceiling EUR\u00a0300,000" in line for line in english.triggered_by)


def test_state_aid_on_premises_alone_lists_the_aid_parameters(answers_data):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    answers_data["partners"][0]["sells_on_market"] = True
    answers_data["premises"] = {"provided": True, "address": "Storgatan 2", "rent": "free",
                                "market_rent_sek_per_year": 120_000}
    result = found(answers_data)
    assert "stateaid.economic-activity" in result.ids
    assert {"aid_eur_sek_rate", "de_minimis_eur_3y"} <= set(result.parameters)
    line = [x for x in result.finding("stateaid.economic-activity").triggered_by if "de minimis" in x][0]
    assert "120\u00a0000\u00a0kr/år i hyresrabatt" in line and "(0\u00a0euro)" in line


def test_state_aid_action_lists_the_de_minimis_steps():
    action = RULES.by_id["stateaid.economic-activity"].texts["action"]
    for words in ("skriftlig försäkran", "lägg den som bilaga", "skriftlig information om att stödet är de minimis-stöd och om beloppet",
                  "centrala registret", "1 januari 2026", "osäkert – kontrollera"):
        assert words in action["sv"], words
    for words in ("written declaration", "written information", "central register", "1 January 2026", "uncertain – check"):
        assert words in action["en"], words


# --- 17. Support in kind calls for the same documented choice of partner -------------------------------


@pytest.mark.parametrize("rent,fires", [("free", True), ("reduced", True), ("market", False)])
def test_equal_treatment_for_premises(answers_data, rent, fires):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    answers_data["premises"] = {"provided": True, "address": "Storgatan 2", "rent": rent,
                                "market_rent_sek_per_year": 120_000,
                                "rent_sek_per_year": {"free": 0, "reduced": 60_000, "market": 120_000}[rent]}
    result = found(answers_data)
    assert ("grant.equal-treatment" in result.ids) is fires
    if fires:
        assert "en lokal gratis eller till nedsatt hyra" in result.finding("grant.equal-treatment").explanation


# --- 18. English reads as English; stops stand on their own --------------------------------------------


def test_english_texts_use_english_formatting_and_names():
    for cp in RULES.checkpoints:
        texts = [cp.texts[k]["en"] for k in ("title", "explanation", "action")] + [cp.legal_basis.get("en", "")]
        texts += [cp.practice["en"]] if cp.practice else []
        texts += [s["title"]["en"] for s in cp.sources]
        for text in texts:
            assert not re.search(r"\d\s?%", text), (cp.id, text)
            assert "partnership agreement" not in text, (cp.id, text)


STOPS = [cp for cp in RULES.checkpoints if cp.severity == "stop"]


@pytest.mark.parametrize("cp", STOPS, ids=lambda cp: cp.id)
def test_a_stop_action_is_a_next_step_that_stands_on_its_own(cp):
    sv, en = cp.texts["action"]["sv"], cp.texts["action"]["en"]
    assert sv.startswith("Skriv inte under") and en.startswith("Do not sign")
    # Quoted outside the annex: no pointer back to the finding or the lines under it.
    assert not re.search(r"kontrollpunkt|Utlöst av|ovan", sv, re.I), sv
    assert not re.search(r"checkpoint|Triggered by|above\b(?! the)", en, re.I), en
    assert len(sv.split(". ")) >= 2  # more than "do not sign": what to do instead


def test_over_the_limit_says_both_routes_and_the_annex2_question():
    action = RULES.by_id["lou.over-direct-award-limit"].texts["action"]
    assert "upphandla köpet enligt LOU" in action["sv"] and "så att bolaget inte köper något" in action["sv"]
    assert "ändra svaren" in action["sv"] and "bilaga 2" in action["sv"] and "besvara frågan" in action["sv"]
    assert "procure the purchase under LOU" in action["en"] and "answer the question" in action["en"]


def test_english_verbs_agree_with_one_partner_or_several():
    """'{partner}' becomes 'the partners' too: no verb that only fits one partner may follow it."""
    for cp in RULES.checkpoints:
        for key in ("title", "explanation", "action"):
            for match in re.finditer(r"\{[Pp]artner\} (\w+)", cp.templates[key]["en"]):
                word = match.group(1)
                assert word in {"this", "against"} or not (word.endswith("s") or word in {"is", "has", "does", "was"}), \
                    (cp.id, key, match.group(0))
