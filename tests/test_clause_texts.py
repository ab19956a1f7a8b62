"""The shipped clause texts: complete files that render cleanly, in the real sandbox, for very different agreements.

Each variant goes through the real rules, the real clause library and the real sandbox (the
document model of the whole agreement), so the texts are tested as they reach a document:
filters, references and claims included.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest

from app import PROJECT_ROOT
from app.agreement import yamlio
from app.agreement.answers import validate
from app.agreement.checkpoints import assess, load_rules
from app.agreement.clauses import load_clause_dir, select
from app.agreement.conditions import context_for
from app.agreement.document import build_document
from app.agreement.formatting import NBSP
from app.agreement.registry import load_document_rules
from agreement_reading import user_texts

CLAUSE_DIR = PROJECT_ROOT / "clauses"
RULES = load_rules(PROJECT_ROOT / "rules" / "checkpoints.yaml")
REGISTRY = load_document_rules(checkpoint_ids=set(RULES.by_id))
LIBRARY = load_clause_dir(CLAUSE_DIR)
ON = dt.date(2026, 6, 1)
REQUIRED_KEYS = ("id", "order", "title", "include_when", "addresses", "notes", "text")
# A line holding only block tags ({% if %}, {% else %}, {% endfor %}, {% set %} …) leaves no trace.
TAG_ONLY_LINE = re.compile(r"^[ \t]*(?:\{%(?:[^%]|%(?!\}))*%\}[ \t]*)+$")


def raw(clause_id: str) -> dict[str, Any]:
    return yamlio.load((CLAUSE_DIR / f"{clause_id}.yaml").read_text(encoding="utf-8"))


def agreement(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """Render the whole agreement for these answers: clause id → rendered clause (numbered references)."""
    answers = validate(data)
    result = assess(answers, RULES, ON, lang)
    values = RULES.parameter_values(ON)
    chosen = select(LIBRARY, context_for(answers, result.facts_object, values, result.ids))
    model = build_document(answers, result.facts_object, chosen, result.to_json()["findings"], lang,
                           assessment=result.to_json(), issued=ON, parameters=values, registry=REGISTRY)
    return {c.id: c for c in model.clauses}


def text_of(clauses: dict[str, Any], clause_id: str) -> str:
    return "\n".join(p.text for p in clauses[clause_id].paragraphs)


def contrasting(data: dict[str, Any]) -> dict[str, Any]:
    """No payment, two partners, free premises, children, open-ended, logo for the company."""
    data = copy.deepcopy(data)
    data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none",
                            partner_own_contribution=False, own_contribution_description="",
                            repayment_of_unused_funds=False, logo_or_marketing_for_company=True)
    second = copy.deepcopy(data["partners"][0])
    second.update(name="Röda Korset Östra kretsen", org_number="802012-3454", org_form="annan",
                  sells_on_market=True, contact={}, signatory={}, payment_share_percent=0)
    data["partners"].append(second)
    data["premises"] = {"provided": True, "address": "Rannebergsgatan 5", "area_m2": 80, "rent": "free",
                        "market_rent_sek_per_year": 120000, "rent_sek_per_year": 0,
                        "business_rationale": "Ökad trygghet och lägre skadegörelse."}
    data["activity"].update(children_involved=True, initiative="housing_company", residents_involved=False,
                            goal_areas=[], area="", religious_or_political_content=True)
    data["term"].update(end_date=None, open_ended=True)
    data["follow_up"].update(indicators=[], process_leaders=[], meeting_frequency="monthly")
    data["governance"].update(insurance_required=False, dispute_resolution="court", conflict_of_interest=True)
    data["housing_company"].update(mandate_in_owner_directive="unknown", contact={})
    data["personal_data"] = {"company_shares_tenant_data": True, "partner_processes_for_company": False,
                             "joint_decisions_on_data": True, "special_categories": True}
    data["intended_form"] = "iop"
    return data


def per_unit(data: dict[str, Any]) -> dict[str, Any]:
    """The procurement path: payment per hour, detailed control, penalties, three partners."""
    data = copy.deepcopy(data)
    data["partners"][0]["payment_share_percent"] = 50
    data["exchange"].update(payment_model="per_unit", detailed_control=True, penalties=True,
                            partner_own_contribution=True, own_contribution_description="")
    data["personal_data"] = {"partner_processes_for_company": True}
    for name, number in (("Trygghetsföreningen", "817600-0001"), ("Stiftelsen Gården", "556000-0001")):
        extra = copy.deepcopy(data["partners"][0])
        extra.update(name=name, org_number=number, sells_on_market=True, payment_share_percent=25)
        data["partners"].append(extra)
    data["activity"].update(goal_areas=["brottslighet", "annat"], initiative="joint")
    data["term"].update(auto_renewal=True, extension_months=12)
    data["intended_form"] = "procurement"
    return data


def outcome_based(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["exchange"].update(payment_model="outcome_based")
    data["follow_up"]["process_leaders"].append({"name": "", "organisation": "Föreningen Mötesplats Öst", "role": ""})
    return data


VARIANTS = {
    "example": lambda d: d,
    "contrasting": contrasting,
    "per_unit": per_unit,
    "outcome_based": outcome_based,
}


@pytest.mark.parametrize("clause", LIBRARY, ids=lambda c: c.id)
def test_clause_file_is_complete(clause: Any) -> None:
    content = raw(clause.id)
    assert set(REQUIRED_KEYS) <= set(content), f"{clause.id}: missing {set(REQUIRED_KEYS) - set(content)}"
    for lang in ("sv", "en"):
        assert clause.title[lang].strip() and clause.text[lang].strip()
    assert clause.notes.strip()
    assert set(clause.addresses) <= set(RULES.by_id), set(clause.addresses) - set(RULES.by_id)
    assert {a.claim for a in clause.asserts} <= set(REGISTRY.claims)


@pytest.mark.parametrize("clause", LIBRARY, ids=lambda c: c.id)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_line_that_starts_and_ends_with_a_tag_holds_only_tags(clause: Any, lang: str) -> None:
    """Text between a leading and a trailing tag is easily taken for a tag-only line."""
    for number, line in enumerate(clause.text[lang].splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("{%") and stripped.endswith("%}"):
            assert TAG_ONLY_LINE.match(stripped), f"{clause.id} {lang} line {number}: start the line with text"
        assert "{%-" not in line and "-%}" not in line, f"{clause.id} {lang} line {number}: tags on their own line"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_included_clause_renders_cleanly(lang: str, variant: str, answers_data: dict[str, Any]) -> None:
    data = VARIANTS[variant](answers_data)
    clauses = agreement(data, lang)
    typed = user_texts(data)
    for clause_id, clause in clauses.items():
        assert clause.paragraphs, clause_id
        text = text_of(clauses, clause_id)
        for value in typed:
            text = text.replace(value, "X")  # what the user typed is theirs to punctuate
        assert "{{" not in text and "{%" not in text and "\ue000" not in text, clause_id
        for line in text.split("\n"):
            assert line == line.strip(), f"{clause_id}: stray whitespace: {line!r}"
            assert "  " not in line, f"{clause_id}: double space: {line!r}"
            assert not re.search(r" [,.;:]", line), f"{clause_id}: space before punctuation: {line!r}"
            assert not re.search(r"\(\s*\)", line), f"{clause_id}: empty parentheses: {line!r}"


def test_the_contrasting_agreement_gets_its_stricter_texts(answers_data: dict[str, Any]) -> None:
    plain = agreement(answers_data, "sv")
    strict = agreement(contrasting(answers_data), "sv")
    assert "får inte utformas som reklam" in text_of(strict, "kommunikation")
    assert "får inte utformas som reklam" not in text_of(plain, "kommunikation")
    assert "meddelarfrihet enligt 13 kap. 2 § offentlighets- och sekretesslagen" in text_of(plain, "kommunikation")
    assert "försäkringsbevis" in text_of(plain, "ansvar") and "försäkringsbevis" not in text_of(strict, "ansvar")
    assert "medling" in text_of(plain, "tvist") and "medling" not in text_of(strict, "tvist")
    record_check = text_of(strict, "registerkontroll")
    assert "lag (2013:852)" in record_check and "begränsat registerutdrag" in record_check
    assert "direkt och regelbunden kontakt med barn" in record_check and "inte vara äldre än ett år" in record_check
    assert "tar inga kopior" in record_check and "barnets-basta" in strict
    assert "2 kap. 3 § offentlighets- och sekretesslagen" in text_of(plain, "offentlighet")
    # Two partners: the plural heading and the plural defined term.
    assert strict["atagande-partner"].title == "Partnernas åtaganden" and plain["atagande-partner"].title == \
        "Partnerns åtaganden"
    assert "Var och en av Partnerna åtar sig" in text_of(strict, "atagande-partner")
    # The premises: a separate agreement, which the agreement lists, and never ends with it.
    premises = text_of(strict, "lokaler")
    assert "ett separat avtal om lokalen (bilaga" in premises and "utan ersättning" in premises
    assert "samma tid som Avtalet" not in premises
    assert "Avtal om lokalen, som Parterna tillhandahåller" in text_of(
        strict, "avtalshandlingar")


def test_names_and_amounts_from_the_answers_appear_as_users_see_them(answers_data: dict[str, Any]) -> None:
    clauses = agreement(answers_data, "sv")
    assert "Exempelbo AB" in text_of(clauses, "bakgrund") and "Föreningen Mötesplats Öst" in text_of(clauses, "bakgrund")
    assert "Antal besökare per månad" in text_of(clauses, "uppfoljning")
    assert "Karin Berg, områdeschef, Exempelbo AB" in text_of(clauses, "samverkansformer")
    assert f"om 350{NBSP}000{NBSP}kr per år, sammanlagt 700{NBSP}000{NBSP}kr" in text_of(clauses, "ekonomi-bidrag")
    unit = agreement(per_unit(answers_data), "sv")
    assert f"högst 350{NBSP}000{NBSP}kr exklusive mervärdesskatt" in text_of(unit, "ersattning")
    assert f"175{NBSP}000{NBSP}kr för Föreningen Mötesplats Öst" in text_of(unit, "ersattning")
    english = agreement(answers_data, "en")
    assert f"of SEK{NBSP}350,000 per year" in text_of(english, "ekonomi-bidrag")


def two_partners(data: dict[str, Any], joint: bool = False) -> dict[str, Any]:
    """The grant shared 60/40 between two associations, one of which sells on a market."""
    data = copy.deepcopy(data)
    data["partners"][0]["payment_share_percent"] = 60
    data["partners"].append({"name": "Läxhjälpen i Väst", "org_number": "802400-0005", "org_form": "ideell_forening",
                             "sells_on_market": True, "payment_share_percent": 40, "de_minimis_received_3y_eur": 1200,
                             "signatory": {"name": "Per Ek", "title": "Ordförande"}})
    data["exchange"]["repayment_liability"] = "joint" if joint else "each_own_share"
    return data


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_two_partners_have_their_own_shares_repayment_and_de_minimis(answers_data: dict[str, Any], lang: str) -> None:
    clauses = agreement(two_partners(answers_data), lang)
    grant, repay, aid = (text_of(clauses, c) for c in ("ekonomi-bidrag", "aterbetalning", "de-minimis"))
    if lang == "sv":
        assert "Bidraget fördelas mellan Partnerna så här:" in grant
        assert f"Föreningen Mötesplats Öst: 60 procent, 210{NBSP}000{NBSP}kr per år" in grant
        assert f"Läxhjälpen i Väst: 40 procent, 140{NBSP}000{NBSP}kr per år" in grant
        assert ("Var och en av Partnerna betalar tillbaka de medel av sin egen andel som inte har använts eller som har "
                "använts i strid med Avtalet") in repay
        # Only the partner that sells on a market is assessed for de minimis, on its own share.
        assert (f"Det stöd till Läxhjälpen i Väst som beviljas när Avtalet undertecknas uppskattas till "
                f"280{NBSP}000{NBSP}kr") in aid
        assert "stöd till Föreningen Mötesplats Öst" not in aid
        assert f"Läxhjälpen i Väst fått sådant stöd med sammanlagt 1{NBSP}200{NBSP}euro" in aid
        assert clauses["atagande-partner"].title == "Partnernas åtaganden"
    else:
        assert "The contribution is divided between the Partners as follows:" in grant
        assert f"Läxhjälpen i Väst: 40 per cent, SEK{NBSP}140,000 per year" in grant
        assert ("Each Partner shall repay those funds from its own share that have not been used or that have been used in "
                "breach of the Agreement") in repay
        assert clauses["atagande-partner"].title == "The Partners' undertakings"
    joint = text_of(agreement(two_partners(answers_data, joint=True), lang), "aterbetalning")
    assert ("solidariskt" if lang == "sv" else "jointly and severally") in joint


def test_the_clauses_the_catalogue_added_are_included_when_they_apply(answers_data: dict[str, Any]) -> None:
    grant = agreement(answers_data, "sv")
    for always in ("avtalshandlingar", "omforhandling", "force-majeure", "meddelanden"):
        assert always in grant, always
    assert "insyn" in grant and "underleverantorer" not in grant and "barnets-basta" not in grant
    purchase = copy.deepcopy(answers_data)
    purchase["exchange"]["partner_delivers_to_company"] = True
    purchase["activity"]["children_involved"] = True
    clauses = agreement(purchase, "sv")
    assert "underleverantorer" in clauses and "barnets-basta" in clauses and "registerkontroll" in clauses
    nothing = copy.deepcopy(answers_data)
    nothing["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    assert "insyn" not in agreement(nothing, "sv")
    # Avtalshandlingar comes second and lists what the agreement refers to, in order of precedence.
    listing = text_of(grant, "avtalshandlingar")
    assert list(grant)[1] == "avtalshandlingar" and "Bilaga 1: Uppföljningsplan." in listing
    assert "så att detta avtal har företräde framför bilagorna" in listing


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_names_keep_their_capitals_and_other_reads_as_a_phrase(answers_data: dict[str, Any], lang: str) -> None:
    data = two_partners(answers_data)
    data["housing_company"]["contact"].update(name="Karin Berg", role="Områdeschef Exempeldal")
    data["follow_up"]["process_leaders"] = [{"name": "Ali Khan", "organisation": "Exempelbo AB", "role": "VD"}]
    data["partners"][1]["org_form"] = "hyresgastforeningen"
    data["activity"].update(kinds=["motesplats", "annat"], goal_areas=["skolresultat", "annat"])
    clauses = agreement(data, lang)
    company, forms, parties = (text_of(clauses, c) for c in ("atagande-bolaget", "samverkansformer", "parter"))
    goals, purpose, listing = text_of(clauses, "bakgrund"), text_of(clauses, "syfte"), text_of(clauses, "avtalshandlingar")
    if lang == "sv":
        assert "Karin Berg, områdeschef Exempeldal" in company
        assert "Ali Khan, VD, Exempelbo AB" in forms
        assert "(Hyresgästföreningen)" in parties
        assert "skolresultat och andra lokala behov" in goals and "Andra lokala behov" in purpose
        assert "genom en mötesplats och annan verksamhet" in purpose and "och annat" not in purpose
        # Only the partner on a market gives a de minimis declaration, and the list says so.
        assert "De minimis-försäkran, som Partner 2 tillhandahåller" in listing
    else:
        assert "Karin Berg, Områdeschef Exempeldal" in company  # English keeps the title as written
        assert "for Partner 1: " in parties and "hereinafter “Partner 2”" in parties and "the Partner 2" not in parties
        assert "Ali Khan, VD, Exempelbo AB" in forms
        assert "(Swedish Union of Tenants)" in parties
        assert "school results and other local needs" in goals
        assert "De minimis declaration, provided by Partner 2 and attached" in listing
        assert "provided by the Partners and attached" in listing


# --- Public partners, two or more parties, and the departing partner -------------------------

# The clauses whose wording follows the number of parties: "den andra Parten" with one partner.
PARTY_WORDED = ("uppsagning", "kommunikation", "personuppgifter", "ansvar", "jav", "samverkansformer", "andringar",
                "offentlighet", "lokaler", "gemensamt-ansvar", "tvist", "aterbetalning")
MANY_PARTIES = {"sv": ("en annan Part", "ingen annan Part", "alla Parter", "samtliga Parter", "övriga Parter"),
                "en": ("another Party", "no other Party", "all Parties", "the other Parties")}


def integration() -> dict[str, Any]:
    """The shipped example with a parish, a Red Cross branch and the municipality as partners."""
    example = yamlio.load((PROJECT_ROOT / "examples" / "integration-samverkan.yaml").read_text(encoding="utf-8"))
    return copy.deepcopy(example["answers"])


def municipal_partner(data: dict[str, Any]) -> dict[str, Any]:
    """The one partner is the municipality, with premises for the activity."""
    data = copy.deepcopy(data)
    data["partners"][0].update(name="Exempelstads kommun", org_number="212000-1231", org_form="kommun")
    data["premises"] = {"provided": True, "address": "Rannebergsgatan 5", "area_m2": 80, "rent": "market",
                        "market_rent_sek_per_year": 120000, "rent_sek_per_year": 120000}
    return data


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_municipality_partner_is_named_under_the_public_access_rules(lang: str) -> None:
    clauses = agreement(integration(), lang)
    public, values, neutral, liability, ending = (text_of(clauses, c) for c in (
        "offentlighet", "vardegrund", "neutralitet", "ansvar", "uppsagning"))
    if lang == "sv":
        assert "Exempelstads kommun omfattas som kommun av bestämmelserna om allmänna handlingar och sekretess" in public
        assert "prövas av den Part som har handlingen, det vill säga Bostadsbolaget eller Exempelstads kommun" in public
        assert "Bostadsbolaget och Exempelstads kommun kan inte åta sig att hålla uppgifter hemliga" in public
        assert "gäller inte för handlingar hos Exempelstads församling och Röda Korset Exempelstad" in public
        assert "Partnernas egna handlingar" not in public and "prövas av Bostadsbolaget." not in public
        # Independence is the associations'; the municipality keeps its own functions and powers.
        assert "Exempelstads församling och Röda Korset Exempelstad är självständiga organisationer" in values
        assert "Exempelstads kommun deltar i samverkan inom ramen för sina uppgifter som kommun" in values
        assert "Partnerna är självständiga" not in values
        assert "delar Partnernas tro" not in neutral and "Partnernas rätt att bedriva religiös" not in neutral
        assert "Rätten för Exempelstads församling och Röda Korset Exempelstad att bedriva religiös" in neutral
        assert ("eller, för Exempelstads församling och Röda Korset Exempelstad, en organisationsförsäkring genom en "
                "riksorganisation") in liability
        assert "en annan Part, dock inte Exempelstads kommun, försätts i konkurs" in ending
    else:
        assert "As a municipality, Exempelstads kommun is subject to the rules on official documents and secrecy" in public
        assert "Neither the Housing Company nor Exempelstads kommun can undertake to keep information secret" in public
        assert "may not improperly disclose" in public and "without authority" not in public
        assert "the Partners' own documents" not in public
        assert "Exempelstads kommun takes part in the cooperation within the scope of its functions as a municipality" in values
        assert "the Partners' faith" not in neutral
        assert "cover under a group policy held by a national umbrella organisation" in liability
        assert "organisation insurance" not in liability
        assert "another Party, other than Exempelstads kommun, is declared bankrupt" in ending
        assert "public access and secrecy" in ending and "confidentiality" not in ending


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_single_municipal_partner_is_not_treated_as_an_association(answers_data: dict[str, Any], lang: str) -> None:
    clauses = agreement(municipal_partner(answers_data), lang)
    public, liability, ending = (text_of(clauses, c) for c in ("offentlighet", "ansvar", "uppsagning"))
    if lang == "sv":
        assert "Exempelstads kommun omfattas som kommun av bestämmelserna om allmänna handlingar" in public
        assert "Bestämmelserna om allmänna handlingar gäller inte" not in public
        assert "riksorganisation" not in liability
        assert "Bostadsbolaget försätts i konkurs" in ending and "den andra Parten försätts i konkurs" not in ending
    else:
        assert "The rules on official documents do not apply" not in public
        assert "umbrella organisation" not in liability
        assert "the Housing Company is declared bankrupt" in ending


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_two_parties_say_the_other_party_and_both_parties(answers_data: dict[str, Any], lang: str) -> None:
    data = municipal_partner(answers_data)
    data["partners"][0]["org_form"] = "ideell_forening"
    data["personal_data"] = {"joint_decisions_on_data": True}
    data["governance"]["dispute_resolution"] = "joint_review"
    clauses = agreement(data, lang)
    for clause_id in PARTY_WORDED:
        text = text_of(clauses, clause_id)
        for words in MANY_PARTIES[lang]:
            assert words not in text, f"{clause_id}: {words!r} with two parties"
    other = "den andra Parten" if lang == "sv" else "the other Party"
    for clause_id in ("uppsagning", "kommunikation", "personuppgifter", "ansvar", "jav"):
        assert other in text_of(clauses, clause_id), clause_id
    both = "båda Parterna" if lang == "sv" else "both Parties"
    assert both in text_of(clauses, "samverkansformer") and both in text_of(clauses, "andringar")
    many = agreement(two_partners(answers_data), lang)
    assert ("övriga Parters kontaktpersoner" if lang == "sv" else "the other Parties' contact persons") in text_of(
        many, "jav")
    assert ("den andra Partens kontaktperson" if lang == "sv" else "the other Party's contact person") in text_of(
        clauses, "jav")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_termination_with_several_partners_concerns_the_one_partner(answers_data: dict[str, Any], lang: str) -> None:
    data = two_partners(answers_data)
    data["premises"] = {"provided": True, "address": "Rannebergsgatan 5", "area_m2": 80, "rent": "reduced",
                        "market_rent_sek_per_year": 120000, "rent_sek_per_year": 60000}
    clauses = agreement(data, lang)
    ending, premises = text_of(clauses, "uppsagning"), text_of(clauses, "lokaler")
    if lang == "sv":
        assert ("Bostadsbolaget får också häva Avtalet med omedelbar verkan i förhållande till en Partner som använder "
                "Bostadsbolagets medel eller lokalen") in ending
        assert "Partnerna använder" not in ending
        assert "upphör Avtalet att gälla endast för den Partner som omständigheten avser" in ending
        assert "kallas nedan den utträdande Partnern" in ending and "utträdande Parten" not in ending
        assert "Den utträdande Partnerns andel av Bostadsbolagets medel betalas inte ut" in ending
        assert "Den utträdande Partnerns användning av lokalen" in ending and "avtalet om lokalen (bilaga" in ending
        assert ("och grundas uppsägningen inte på en omständighet som avser en viss Partner, upphör Avtalet att gälla "
                "i sin helhet.") in ending
        assert "rätt att använda lokalen" not in ending
        assert "och hur hyran fördelas mellan dem, framgår av det avtalet" in premises
    else:
        assert "in relation to a Partner that uses the Housing Company's funds or the premises" in ending
        assert "on grounds relating to a particular Partner" in ending and "ends only for that Partner" in ending
        assert "hereinafter called the departing Partner" in ending and "departing Party" not in ending
        assert "The departing Partner's share of the Housing Company's funds is not paid out" in ending
        assert ("and the termination is not based on grounds relating to a particular Partner, the Agreement ends in "
                "its entirety.") in ending
        assert "and how the rent is divided between them, is set out in that agreement" in premises
    single = text_of(agreement(answers_data, lang), "uppsagning")
    assert ("Bostadsbolaget får också häva Avtalet med omedelbar verkan om Partnern använder" if lang == "sv" else
            "The Housing Company may also terminate the Agreement with immediate effect if the Partner uses") in single
    assert ("utträdande" if lang == "sv" else "departing") not in single


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_of_several_partners_answers_for_its_own_damage(answers_data: dict[str, Any], lang: str) -> None:
    liability = text_of(agreement(two_partners(answers_data), lang), "ansvar")
    if lang == "sv":
        assert "Var och en av Partnerna svarar endast för skador som den själv eller någon som den ansvarar för" in liability
        assert "genom vårdslöshet av Partnerna" not in liability
    else:
        assert "Each Partner is liable only for damage caused by itself or by anyone for whom it is responsible" in liability
        assert "negligence by the Partners" not in liability


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_parties_repayment_and_the_english_wording(answers_data: dict[str, Any], lang: str) -> None:
    two = agreement(two_partners(answers_data), lang)
    three = agreement(per_unit(answers_data), lang)
    parties, repay = text_of(two, "parter"), text_of(two, "aterbetalning")
    if lang == "sv":
        assert "Partner 1 och Partner 2 kallas nedan gemensamt ”Partnerna”" in parties and "Partner 1–2" not in parties
        assert "Partner 1–3 kallas nedan gemensamt" in text_of(three, "parter")
        assert "och ingen av dem ansvarar för den andras återbetalning" in repay and "partnernas" not in repay
        assert "var och en av Partnerna betalar tillbaka det som den själv har fakturerat" in text_of(three, "aterbetalning")
    else:
        assert "Partners 1 and 2 are hereinafter together called" in parties and "Partners 1–2" not in parties
        assert parties.startswith("This cooperation agreement") and "partnership" not in parties
        assert "neither of them is liable for the other's repayment" in repay
        assert ("Within 30 days of the Housing Company's written request, the Partners shall repay any remuneration "
                "paid for units that have not been performed; each Partner repays") in text_of(three, "aterbetalning")
        own = text_of(agreement(answers_data, lang), "egeninsats")
        assert "The Partner shall make its own contribution to the activity." in own
        assert "The Partner's own contribution is not consideration for the Housing Company's funds." in own
        checks = text_of(agreement(contrasting(answers_data), lang), "registerkontroll")
        assert "will there have direct and regular contact with children" in checks
        assert "criminal records register (belastningsregistret)" in checks


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_texts_state_the_agreement_not_explanations_or_to_dos(answers_data: dict[str, Any], lang: str) -> None:
    plain, strict = agreement(answers_data, lang), agreement(contrasting(answers_data), lang)
    extended = agreement(per_unit(answers_data), lang)
    forms = text_of(plain, "samverkansformer")
    data, changes, premises = text_of(strict, "personuppgifter"), text_of(plain, "andringar"), text_of(strict, "lokaler")
    joint = text_of(strict, "gemensamt-ansvar")
    if lang == "sv":
        assert "förläng" not in forms and "inför ett beslut om att förlänga Avtalet" in text_of(extended, "samverkansformer")
        assert "bestämma och dokumentera vilken roll" not in data and "på ett sätt som inte beskrivs i Avtalet" in data
        assert "kan enligt reglerna om offentlig upphandling" not in changes
        assert "Ingen Part är skyldig att medverka till en ändring eller förlängning av Avtalet." in changes
        assert "får avstå från en ändring" not in changes
        assert "insats i samverkan" in premises and "bidrag till samverkan" not in premises
        assert "i god tid innan Avtalet upphör" in premises and "När Avtalet upphör ska Parterna" not in premises
        assert "hur hyran fördelas" not in premises  # no rent to divide when the premises are free
        assert "överenskommelse om gemensamt personuppgiftsansvar (bilaga" in joint and "inbördes" not in joint
        assert "som Parterna undertecknar samtidigt som Avtalet" in joint and "ska finnas innan" not in joint
    else:
        assert "extend" not in forms and "before any decision on whether to extend" in text_of(extended, "samverkansformer")
        assert "determine and document the role" not in data and "in a way not described in the Agreement" in data
        assert "may have to be treated as a new agreement" not in changes
        assert "In good time before the Agreement ends" in premises
        assert "which the Parties sign at the same time as the Agreement" in joint
        assert "shall be in place before the joint processing begins" not in joint


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_joint_review_handles_disagreement_and_leaves_the_money_and_termination_to_court(
        answers_data: dict[str, Any], lang: str) -> None:
    data = copy.deepcopy(answers_data)
    data["governance"]["dispute_resolution"] = "joint_review"
    disputes = text_of(agreement(data, lang), "tvist")
    if lang == "sv":
        assert "hanteras i Parternas gemensamma genomgång" in disputes and "avgörs i" not in disputes
        assert "tvister om Bostadsbolagets rätt till återbetalning" in disputes
        assert "tvister om en Parts rätt till ersättning för skada" in disputes
        assert "tvister om huruvida en hävning av Avtalet" in disputes
    else:
        assert "is dealt with in the Parties' joint review" in disputes and "is settled in" not in disputes
        assert "disputes about whether a termination of the Agreement with immediate effect" in disputes


def test_an_empty_description_never_reads_as_an_empty_sentence(answers_data) -> None:
    answers_data["activity"]["description"] = ""
    for lang in ("sv", "en"):
        text = text_of(agreement(answers_data, lang), "verksamhet")
        assert not re.search(r":\s*\.|:\s*$", text, re.M), text


def test_a_partner_without_an_org_number_is_named_as_such(answers_data) -> None:
    answers_data["partners"][0]["org_number"] = ""
    sv = text_of(agreement(answers_data, "sv"), "parter")
    assert "organisationsnummer ännu inte tilldelat" in sv
    assert "organisationsnummer ," not in sv and "organisationsnummer  " not in sv
    en = text_of(agreement(answers_data, "en"), "parter")
    assert "organisation number not yet assigned" in en


def test_own_participant_lists_and_nothing_shared_is_written_into_the_data_clause(answers_data) -> None:
    answers_data["personal_data"] = {"own_lists_only": True}
    sv = text_of(agreement(answers_data, "sv"), "personuppgifter")
    assert "Var och en av Parterna för sin egen förteckning över deltagarna" in sv
    assert "Bostadsbolaget lämnar inga uppgifter om hyresgäster till" in sv
    en = text_of(agreement(answers_data, "en"), "personuppgifter")
    assert "Each Party keeps its own list of the participants" in en
    answers_data["personal_data"] = {}
    assert "egen förteckning" not in text_of(agreement(answers_data, "sv"), "personuppgifter")


def test_own_lists_cannot_go_with_sharing_tenant_data(answers_data) -> None:
    import pytest as _pytest
    from app.agreement.answers import AnswersError

    answers_data["personal_data"] = {"own_lists_only": True, "company_shares_tenant_data": True}
    with _pytest.raises(AnswersError) as caught:
        validate(answers_data)
    assert "personal_data.company_shares_tenant_data" in str(caught.value)


def test_integration_is_a_goal_area_the_background_names(answers_data) -> None:
    answers_data["activity"]["goal_areas"] = ["integration"]
    assert "integration och etablering" in text_of(agreement(answers_data, "sv"), "bakgrund").lower()
