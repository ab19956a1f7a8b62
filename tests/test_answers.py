"""The answers format v1: validation a user or integrator would meet."""
from __future__ import annotations

import json

import pytest

from app.agreement.answers import AnswersError, dump, json_schema, luhn_ok, normalise_org_number, parse_text, validate


def messages(data, lang="sv"):
    with pytest.raises(AnswersError) as info:
        validate(data, lang)
    return info.value.messages


def test_example_validates_and_round_trips(answers_data):
    answers = validate(answers_data)
    assert answers.partners[0].org_number == "802400-0005"
    assert validate(dump(answers)) == answers


def test_wrong_org_number_names_the_field(answers_data):
    answers_data["partners"].append(dict(answers_data["partners"][0], org_number="802400-0006"))
    assert "partners[1].org_number: ogiltigt organisationsnummer" in messages(answers_data)


@pytest.mark.parametrize("raw,expected", [("5566778899", "556677-8899"), ("16556677-8899", "556677-8899"),
                                          (" 556677 8899 ", "556677-8899")])
def test_org_number_forms_are_normalised(raw, expected):
    assert normalise_org_number(raw) == expected


def test_luhn():
    assert luhn_ok("5566778899") and not luhn_ok("5566778898")


def test_end_before_start_is_refused(answers_data):
    answers_data["term"]["end_date"] = "2026-12-31"
    assert "term.end_date: slutdatum ligger före startdatum" in messages(answers_data)


def test_bad_date_and_negative_amount(answers_data):
    answers_data["term"]["start_date"] = "2027-02-30"
    answers_data["exchange"]["amount_per_year_sek"] = -5
    found = messages(answers_data)
    assert any(m.startswith("term.start_date: ogiltigt datum") for m in found)
    assert "exchange.amount_per_year_sek: får inte vara mindre än 0" in found


def test_every_text_is_length_limited(answers_data):
    answers_data["activity"]["description"] = "x" * 10_000_000
    assert messages(answers_data) == ["activity.description: för lång text (högst 5000 tecken)"]


def test_messages_in_english(answers_data):
    answers_data["term"]["end_date"] = "2026-12-31"
    assert "term.end_date: the end date is before the start date" in messages(answers_data, "en")


def test_unknown_field_and_missing_partner(answers_data):
    answers_data["exchange"]["amount_per_yr"] = 1
    answers_data["partners"] = []
    found = messages(answers_data)
    assert "exchange.amount_per_yr: okänt fält" in found
    assert any(m.startswith("partners: minst 1") for m in found)


def test_text_keeps_line_breaks_and_drops_control_characters(answers_data):
    answers_data["activity"]["description"] = "Rad 1\r\nRad 2 & <b>\x0b"
    assert validate(answers_data).activity.description == "Rad 1\nRad 2 & <b>"


def test_yaml_and_json_parse_errors_give_a_line():
    with pytest.raises(AnswersError) as info:
        parse_text("title: [unclosed\nother: 1\n")
    assert "rad" in info.value.messages[0]
    assert parse_text(json.dumps({"a": 1})) == {"a": 1}


def test_schema_names_the_contract_fields():
    schema = json_schema()
    props = schema["properties"]
    assert {"schema_version", "intended_form", "housing_company", "partners", "term"} <= set(props)
    assert "annex2_service" in schema["$defs"]["Exchange"]["properties"]


def test_cli_schema_and_validate(runner, tmp_path, answers_data):
    result = runner.invoke(args=["answers", "schema"])
    assert result.exit_code == 0 and json.loads(result.output)["title"].startswith("Samverkansguiden")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(answers_data), encoding="utf-8")
    assert runner.invoke(args=["draft", "validate", str(good)]).exit_code == 0
    answers_data["partners"][0]["org_number"] = "123"
    bad = tmp_path / "bad.yaml"
    import yaml

    bad.write_text(yaml.safe_dump(answers_data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["draft", "validate", str(bad)])
    assert result.exit_code == 1
    assert "partners[0].org_number: ogiltigt organisationsnummer" in result.output
