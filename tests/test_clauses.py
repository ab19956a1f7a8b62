"""Clause files: loading with located errors, selection by include_when, rendering into points."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from app import PROJECT_ROOT
from app.agreement.answers import validate
import datetime as dt

from app.agreement.checkpoints import assess, load_rules
from app.agreement.clauses import ClauseError, load_clause_dir, load_clause_file, parties, select, split_paragraphs
from app.agreement.conditions import context_for
from app.agreement.document import build_document
from app.agreement.sandbox.schema import PARTY_SCHEMA

RULES = load_rules(PROJECT_ROOT / "rules" / "checkpoints.yaml")
LIBRARY = load_clause_dir(PROJECT_ROOT / "clauses")
ON = dt.date(2026, 6, 1)
OURS = ["parter", "avtalshandlingar", "syfte", "verksamhet", "ekonomi-bidrag", "lokaler", "avtalstid", "uppsagning",
        "underskrifter"]
PREMISES = {"provided": True, "address": "Rannebergsgatan 3", "area_m2": 120, "rent": "reduced",
            "market_rent_sek_per_year": 120000, "rent_sek_per_year": 60000,
            "business_rationale": "Ett tryggare område minskar skadegörelsen."}


def rendered(data: dict[str, Any], lang: str = "sv") -> dict[str, Any]:
    """Render the agreement from the shipped library in the real sandbox: clause id → rendered clause."""
    answers = validate(data)
    assessment = assess(answers, RULES, ON, lang)
    values = RULES.parameter_values(ON)
    chosen = select(LIBRARY, context_for(answers, assessment.facts_object, values, assessment.ids))
    model = build_document(answers, assessment.facts_object, chosen, assessment.to_json()["findings"], lang,
                           assessment=assessment.to_json(), issued=ON, parameters=values)
    return {c.id: c for c in model.clauses}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


CLAUSE = """id: prov
order: 5
title: {sv: Prov, en: Test}
include_when: always
text:
  sv: |
    Första stycket om {{ housing_company.name }}.

    {{ housing_company.nmae }}
"""


def test_shipped_clauses_load_in_catalogue_order():
    orders = [c.order for c in LIBRARY]
    assert orders == sorted(orders) and orders[0] == 1 and len(set(orders)) == len(orders) == len(LIBRARY)
    assert LIBRARY[0].id == "parter" and LIBRARY[-1].id == "underskrifter"
    assert all(c.text.get("en") and c.title.get("en") for c in LIBRARY)


def test_unknown_fact_in_text_is_an_error_at_the_file_line(tmp_path):
    path = write(tmp_path, "prov", CLAUSE)
    with pytest.raises(ClauseError, match=r"prov\.yaml:9: \[sv\] okänd uppgift: housing_company\.nmae"):
        load_clause_file(path)


def test_unknown_path_in_condition_is_an_error_with_file(tmp_path):
    text = CLAUSE.replace("include_when: always", "include_when: {fact: exchange.pays, is: true}")
    with pytest.raises(ClauseError, match=r"prov\.yaml:4"):
        load_clause_file(write(tmp_path, "prov", text.replace("nmae", "name")))


def test_unknown_key_and_wrong_file_name_are_errors(tmp_path):
    with pytest.raises(ClauseError, match=r"prov\.yaml:\d+: okänt fält: section"):
        load_clause_file(write(tmp_path, "prov", "section: x\n" + CLAUSE.replace("nmae", "name")))
    with pytest.raises(ClauseError, match="samma som filnamnet"):
        load_clause_file(write(tmp_path, "annat", CLAUSE.replace("nmae", "name")))


def test_directory_errors_are_reported_together(tmp_path):
    write(tmp_path, "prov", CLAUSE)
    write(tmp_path, "trasig", "id: trasig\norder: [\n")
    with pytest.raises(ClauseError) as info:
        load_clause_dir(tmp_path)
    assert "prov.yaml:9" in str(info.value) and "trasig.yaml" in str(info.value)


def test_content_hash_ignores_layout(tmp_path):
    a = load_clause_file(write(tmp_path, "prov", CLAUSE.replace("nmae", "name")))
    (tmp_path / "b").mkdir()
    b = load_clause_file(write(tmp_path / "b", "prov", "# kommentar\n" + CLAUSE.replace("nmae", "name")))
    assert a.content_hash == b.content_hash


def test_grant_clause_follows_payment(answers_data):
    assert "ekonomi-bidrag" in rendered(answers_data)
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    assert "ekonomi-bidrag" not in rendered(answers_data)


def test_premises_clause_states_rent_discount(answers_data):
    assert "lokaler" not in rendered(answers_data)
    answers_data["premises"] = PREMISES
    text = " ".join(p.text for p in rendered(answers_data)["lokaler"].paragraphs)
    assert "Rannebergsgatan 3" in text and "60\u00a0000\u00a0kr per år" in text and "120\u00a0000\u00a0kr" in text
    assert "Ett tryggare område minskar skadegörelsen." in text


def test_points_and_items(answers_data):
    clause = rendered(answers_data)["parter"]
    assert [p.level for p in clause.paragraphs[:3]] == [2, 3, 3]
    assert clause.paragraphs[1].text.startswith("Exempelbo AB, organisationsnummer 556677-8899")


def test_every_partner_is_named_in_the_parties_clause(answers_data):
    second = copy.deepcopy(answers_data["partners"][0])
    second.update(name="Läxhjälpen Öst", org_number="802400-0005", payment_share_percent=40)
    answers_data["partners"][0]["payment_share_percent"] = 60
    answers_data["partners"].append(second)
    text = "\n".join(p.text for p in rendered(answers_data)["parter"].paragraphs)
    assert "”Partner 1”" in text and "”Partner 2”" in text and "Läxhjälpen Öst" in text


def test_user_line_breaks_stay_inside_their_point(answers_data):
    answers_data["activity"]["description"] = "Rad ett\n\n- ingen punkt\nRad tre"
    clause = rendered(answers_data)["verksamhet"]
    assert clause.paragraphs[0].text.endswith("Rad ett\n\n- ingen punkt\nRad tre")
    assert clause.paragraphs[0].level == 2


def test_split_paragraphs_joins_wrapped_lines():
    assert [(p.text, p.level) for p in split_paragraphs("a\nb\n\n- c\n  d\n- e\n\nf")] == [
        ("a b", 2), ("c d", 3), ("e", 3), ("f", 2)]


def test_the_vat_statement_follows_the_findings(answers_data):
    """No consideration, no VAT – said only when no finding says the partner gives something back."""
    plain = rendered(answers_data)
    text = " ".join(p.text for p in plain["ekonomi-bidrag"].paragraphs)
    assert "ingen motprestation" in text and "ingen mervärdesskatt ska därför betalas på bidraget" in text
    assert "no-consideration" in plain["ekonomi-bidrag"].claims
    answers_data["exchange"]["logo_or_marketing_for_company"] = True  # vat.consideration fires
    flagged = rendered(answers_data)
    text = " ".join(p.text for p in flagged["ekonomi-bidrag"].paragraphs)
    number = [c.id for c in flagged.values()].index("omforhandling") + 1
    assert "ingen motprestation" not in text and "klarlägga" not in text
    assert f"ta upp frågan enligt avsnitt {number} (Omförhandling)" in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_our_clauses_render_completely(answers_data, lang):
    answers_data["premises"] = PREMISES
    answers_data["term"].update(extension_months=12)
    clauses = rendered(answers_data, lang)
    assert set(OURS) <= set(clauses)
    assert "\ue000" not in "".join(p.text for c in clauses.values() for p in c.paragraphs)  # every reference numbered
    for clause in clauses.values():
        assert clause.paragraphs
        for paragraph in clause.paragraphs:
            assert "{{" not in paragraph.text and "{%" not in paragraph.text and paragraph.text.strip()


def test_party_dicts_match_what_the_checker_allows(answers_data):
    for party in parties(validate(answers_data)):
        assert set(party) == set(PARTY_SCHEMA)
