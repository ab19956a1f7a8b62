"""The portfolio of signed agreements: related-value sums (5 kap. 7 a § and 11 § LOU) and the register."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from conftest import EXAMPLE_ANSWERS, RULE_PARAMETERS

from app.agreement.answers import Answers
from app.agreement.facts import derive
from app.agreement.portfolio import (
    REGISTER_FIELDS, Record, financial_year_start, partner_key, public_org_number, record_from, register_csv,
    register_document, register_row, register_schema, related_sum, sums_by_partner_and_kind,
)

D = dt.date
TODAY = D(2027, 3, 15)


def answers(**sections: dict[str, Any]) -> Answers:
    """The example answers with some sections' fields replaced (a top-level string for `title` etc.)."""
    data = copy.deepcopy(EXAMPLE_ANSWERS)
    for name, value in sections.items():
        if isinstance(value, dict) and isinstance(data.get(name), dict):
            data[name].update(value)
        else:
            data[name] = value
    return Answers.model_validate(data)


def rec(ref: str, signed_on: dt.date, value: int = 100, kinds: tuple[str, ...] = ("motesplats",),
        partners: tuple[tuple[str, str], ...] = (("8024000005", "Föreningen Öst"),), status: str = "active",
        ends_on: dt.date | None = dt.date.min) -> Record:
    """A record in force on its signing day only, unless `ends_on` says otherwise (None: open-ended)."""
    return Record(ref=ref, title=f"Avtal {ref}", partner_keys=tuple(k for k, _ in partners),
                  partner_names=tuple(n for _, n in partners), kinds=kinds, signed_on=signed_on, value_sek=value,
                  status=status, ends_on=signed_on if ends_on == dt.date.min else ends_on)


# --- Partner keys -------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["802400-0005", "8024000005", "802400 0005", "19802400-0005", "802400\u20130005"])
def test_same_org_number_in_any_spelling_gives_one_key(written):
    assert partner_key("Vad som helst", written) == "8024000005"


def test_org_number_outweighs_the_name():
    assert partner_key("Föreningen Öst", "802400-0005") == partner_key("Helt annat namn", "8024000005")
    assert partner_key("Föreningen Öst", "802400-0005") != partner_key("Föreningen Öst", "")


def test_name_key_ignores_case_and_spacing():
    assert partner_key("  Föreningen   Mötesplats\tÖst ", "") == partner_key("FÖRENINGEN mötesplats öst", "")
    assert partner_key("Föreningen Mötesplats Öst", "") == "föreningen mötesplats öst"
    assert partner_key("Föreningen Öst", "") != partner_key("Föreningen Väst", "")


def test_different_org_numbers_differ():
    assert partner_key("Samma namn", "802400-0005") != partner_key("Samma namn", "556677-8899")


# --- Records ------------------------------------------------------------------------------------

def test_record_from_takes_value_partners_and_kinds_from_the_answers():
    data = answers(activity={"kinds": ["motesplats", "laxhjalp"]},
                   partners=[dict(EXAMPLE_ANSWERS["partners"][0], payment_share_percent=50),
                             {"name": "Ny  Förening", "org_number": "", "org_form": "ideell_forening",
                              "payment_share_percent": 50}])
    record = record_from("abc", "", data, D(2027, 1, 10), "active", RULE_PARAMETERS)
    assert record.ref == "abc"
    assert record.title == data.title  # empty title: the answers' one
    assert record.partner_keys == ("8024000005", "ny förening")
    assert record.partner_names == ("Föreningen Mötesplats Öst", "Ny  Förening")
    assert record.kinds == ("motesplats", "laxhjalp")
    assert record.value_sek == derive(data, RULE_PARAMETERS).estimated_value_sek == 700_000  # 350 000 × 2 years
    assert record.signed_on == D(2027, 1, 10) and record.status == "active"
    assert record_from("abc", "Eget namn", data, D(2027, 1, 10), "ended", RULE_PARAMETERS).title == "Eget namn"


def test_record_from_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        record_from("abc", "", answers(), TODAY, "draft", RULE_PARAMETERS)


# --- Windows ------------------------------------------------------------------------------------

@pytest.mark.parametrize("today,start_month,expected", [
    (D(2027, 3, 15), 1, D(2027, 1, 1)),
    (D(2027, 1, 1), 1, D(2027, 1, 1)),
    (D(2027, 12, 31), 1, D(2027, 1, 1)),
    (D(2027, 3, 15), 7, D(2026, 7, 1)),
    (D(2027, 6, 30), 7, D(2026, 7, 1)),
    (D(2027, 7, 1), 7, D(2027, 7, 1)),
    (D(2027, 12, 31), 7, D(2027, 7, 1)),
    (D(2027, 3, 15), 12, D(2026, 12, 1)),
])
def test_financial_year_start(today, start_month, expected):
    assert financial_year_start(today, start_month) == expected


@pytest.mark.parametrize("start_month", [0, 13])
def test_financial_year_start_refuses_a_month_out_of_range(start_month):
    with pytest.raises(ValueError):
        financial_year_start(TODAY, start_month)


def test_an_agreement_signed_before_the_window_counts_while_it_runs_in_it():
    running = rec("running", D(2025, 1, 1), 500, ends_on=D(2026, 3, 15))
    over = rec("over", D(2025, 1, 1), 50, ends_on=D(2026, 3, 14))
    open_ended = rec("open", D(2020, 1, 1), 7, ends_on=None)
    result = related_sum([running, over, open_ended], ["motesplats"], TODAY)
    assert [r.ref for r in result.records] == ["running", "open"] and result.total_sek == 507
    rows = sums_by_partner_and_kind([running, over, open_ended], TODAY)
    assert rows[0]["last_12m_sek"] == 507 and rows[0]["count"] == 2


def test_record_from_ends_with_the_term_or_an_early_end():
    answers = Answers.model_validate(EXAMPLE_ANSWERS)
    assert record_from("a", "", answers, D(2027, 1, 1), "active", RULE_PARAMETERS).ends_on == answers.term.end_date
    assert record_from("a", "", answers, D(2027, 1, 1), "ended", RULE_PARAMETERS, D(2027, 6, 30)).ends_on == D(2027, 6, 30)


def test_twelve_month_window_edges():
    records = [rec("exactly-12m", D(2026, 3, 15), 1), rec("day-before", D(2026, 3, 14), 10),
               rec("today", TODAY, 100), rec("tomorrow", D(2027, 3, 16), 1000)]
    result = related_sum(records, ["motesplats"], TODAY)
    assert result.since == D(2026, 3, 15)
    assert [r.ref for r in result.records] == ["today", "exactly-12m"]
    assert result.total_sek == 101


def test_twelve_months_before_a_leap_day():
    records = [rec("a", D(2027, 2, 28), 1), rec("b", D(2027, 2, 27), 10)]
    result = related_sum(records, ["motesplats"], D(2028, 2, 29))
    assert result.since == D(2027, 2, 28)
    assert result.total_sek == 1


def test_financial_year_window():
    records = [rec("fy-start", D(2026, 7, 1), 1), rec("before-fy", D(2026, 6, 30), 10), rec("jan", D(2027, 1, 5), 100)]
    fy = related_sum(records, ["motesplats"], TODAY, window="fy", start_month=7)
    assert fy.since == D(2026, 7, 1)
    assert [r.ref for r in fy.records] == ["jan", "fy-start"]
    assert fy.total_sek == 101
    calendar_year = related_sum(records, ["motesplats"], TODAY, window="fy")
    assert calendar_year.since == D(2027, 1, 1) and calendar_year.total_sek == 100
    assert related_sum(records, ["motesplats"], TODAY).total_sek == 111  # 12 months reach all three


def test_unknown_window_is_refused():
    with pytest.raises(ValueError):
        related_sum([], ["motesplats"], TODAY, window="3y")


def test_kinds_must_intersect():
    records = [rec("both", D(2027, 1, 1), 1, kinds=("laxhjalp", "motesplats")),
               rec("other", D(2027, 1, 2), 10, kinds=("odling",)),
               rec("none", D(2027, 1, 3), 100, kinds=())]
    assert related_sum(records, ["motesplats"], TODAY).total_sek == 1
    assert related_sum(records, ("odling", "laxhjalp"), TODAY).total_sek == 11
    assert related_sum(records, {"trygghet"}, TODAY).total_sek == 0


def test_no_kinds_count_nothing():
    records = [rec("a", D(2027, 1, 1), 1, kinds=()), rec("b", D(2027, 1, 1), 10)]
    result = related_sum(records, [], TODAY)
    assert result.total_sek == 0 and result.records == ()
    assert result.since == D(2026, 3, 15)


def test_partner_filter():
    ost, vast = ("8024000005", "Föreningen Öst"), ("föreningen väst", "Föreningen Väst")
    records = [rec("ost", D(2027, 1, 1), 1, partners=(ost,)), rec("vast", D(2027, 1, 2), 10, partners=(vast,)),
               rec("both", D(2027, 1, 3), 100, partners=(vast, ost))]
    assert related_sum(records, ["motesplats"], TODAY, partner="8024000005").total_sek == 101
    assert related_sum(records, ["motesplats"], TODAY, partner=partner_key("FÖRENINGEN  VÄST", "")).total_sek == 110
    assert related_sum(records, ["motesplats"], TODAY, partner="5566778899").total_sek == 0
    assert related_sum(records, ["motesplats"], TODAY).total_sek == 111


def test_exclude_ref_leaves_out_the_draft_itself():
    records = [rec("draft", D(2027, 3, 1), 1), rec("other", D(2027, 2, 1), 10)]
    result = related_sum(records, ["motesplats"], TODAY, exclude_ref="draft")
    assert [r.ref for r in result.records] == ["other"] and result.total_sek == 10
    assert related_sum(records, ["motesplats"], TODAY, exclude_ref="missing").total_sek == 11


def test_ended_agreements_count_and_newest_comes_first():
    records = [rec("old", D(2026, 5, 1), 1, status="ended"), rec("new", D(2027, 2, 1), 10),
               rec("mid", D(2026, 9, 1), 100)]
    result = related_sum(iter(records), ["motesplats"], TODAY)  # any iterable
    assert [r.ref for r in result.records] == ["new", "mid", "old"]
    assert result.total_sek == 111


# --- Sums by partner and kind -------------------------------------------------------------------

def test_sums_by_partner_and_kind():
    ost, vast = ("8024000005", "Föreningen Öst"), ("föreningen väst", "Föreningen Väst")
    records = [
        rec("a", D(2027, 2, 1), 100, kinds=("motesplats", "laxhjalp"), partners=(ost, vast)),  # both windows
        rec("b", D(2026, 8, 1), 10, kinds=("motesplats",), partners=(ost,)),  # 12 months only (fy from January)
        rec("c", D(2026, 1, 1), 1000, kinds=("motesplats",), partners=(ost,)),  # outside both
        rec("d", D(2027, 4, 1), 5000, kinds=("motesplats",), partners=(ost,)),  # after today
        rec("e", D(2027, 3, 1), 1, kinds=("odling",), partners=(("8024000005", "Föreningen Öst (nytt namn)"),)),
    ]
    rows = sums_by_partner_and_kind(records, TODAY)
    assert [(r["partner_name"], r["kind"]) for r in rows] == [
        ("Föreningen Väst", "laxhjalp"), ("Föreningen Väst", "motesplats"),
        ("Föreningen Öst (nytt namn)", "laxhjalp"), ("Föreningen Öst (nytt namn)", "motesplats"),
        ("Föreningen Öst (nytt namn)", "odling"),
    ]  # the name of the partner's newest agreement; "Väst" before "Öst" in code point order
    by_pair = {(r["partner_key"], r["kind"]): r for r in rows}
    assert by_pair[("8024000005", "motesplats")] == {
        "partner_key": "8024000005", "partner_name": "Föreningen Öst (nytt namn)", "kind": "motesplats",
        "last_12m_sek": 110, "financial_year_sek": 100, "count": 2}
    assert by_pair[("8024000005", "laxhjalp")]["last_12m_sek"] == 100
    assert by_pair[("föreningen väst", "motesplats")] == {
        "partner_key": "föreningen väst", "partner_name": "Föreningen Väst", "kind": "motesplats",
        "last_12m_sek": 100, "financial_year_sek": 100, "count": 1}
    assert by_pair[("8024000005", "odling")]["count"] == 1
    # Each row agrees with related_sum for its partner and kind.
    for row in rows:
        assert row["last_12m_sek"] == related_sum(records, [row["kind"]], TODAY, partner=row["partner_key"]).total_sek
        assert row["financial_year_sek"] == related_sum(records, [row["kind"]], TODAY, window="fy",
                                                        partner=row["partner_key"]).total_sek


def test_sums_by_partner_and_kind_with_a_july_financial_year():
    records = [rec("a", D(2026, 7, 1), 10), rec("b", D(2026, 6, 30), 1), rec("c", D(2026, 1, 1), 100)]
    (row,) = sums_by_partner_and_kind(records, TODAY, start_month=7)
    assert (row["last_12m_sek"], row["financial_year_sek"], row["count"]) == (11, 10, 2)


def test_a_partner_named_twice_on_one_agreement_counts_once():
    record = rec("a", D(2027, 1, 1), 10, kinds=("motesplats", "motesplats"),
                 partners=(("8024000005", "Öst"), ("8024000005", "Öst")))
    assert [(r["last_12m_sek"], r["count"]) for r in sums_by_partner_and_kind([record], TODAY)] == [(10, 1)]


def test_no_records_no_rows():
    assert sums_by_partner_and_kind([], TODAY) == []
    assert sums_by_partner_and_kind([rec("old", D(2020, 1, 1))], TODAY) == []


# --- The register -------------------------------------------------------------------------------

PERSONAL = ("Karin Berg", "karin@exempelbo.se", "010-123 45 67", "Lars Holm", "Amina Yusuf", "amina@motesplats.se",
            "070-111 22 33", "Per Ledare", "per@ledare.se", "Områdeschef", "Ordförande")


def personal_answers() -> Answers:
    """The example answers with every place for a person filled in."""
    partner = copy.deepcopy(EXAMPLE_ANSWERS["partners"][0])
    partner["contact"]["phone"] = "070-111 22 33"
    return answers(partners=[partner], follow_up={"process_leaders": [
        {"name": "Karin Berg", "organisation": "Exempelbo AB", "role": "Områdeschef", "email": "karin@exempelbo.se"},
        {"name": "Per Ledare", "organisation": "Föreningen Mötesplats Öst", "email": "per@ledare.se"}]})


def test_register_row_fields_and_values():
    row = register_row("A-1", answers(), D(2026, 12, 20), "active", None, RULE_PARAMETERS)
    assert tuple(row) == REGISTER_FIELDS
    assert row == {
        "reference": "A-1", "title": "Samverkansavtal om mötesplats i Rannebergen",
        "partners": [{"name": "Föreningen Mötesplats Öst", "org_number": "802400-0005"}],
        "form": "partnership", "purpose": "Fler boende deltar.", "activity_kinds": ["motesplats"],
        "area": "Rannebergen", "company_pays": True, "amount_per_year_sek": 350_000,
        "payment_model": "lump_sum_grant", "premises_provided": False, "premises_rent": None,
        "rent_sek_per_year": None, "rent_discount_sek_per_year": 0, "estimated_value_sek": 700_000,
        "start_date": "2027-01-01", "end_date": "2028-12-31", "open_ended": False, "signed_on": "2026-12-20",
        "status": "active", "ended_on": None,
    }


def test_register_row_of_an_ended_open_ended_agreement_with_reduced_rent():
    data = answers(activity={"goals": ""}, exchange={"company_pays": False, "amount_per_year_sek": 0,
                                                     "payment_model": "none"},
                   premises={"provided": True, "address": "Storgatan 2", "rent": "reduced",
                             "market_rent_sek_per_year": 60_000, "rent_sek_per_year": 24_000},
                   term={"end_date": None, "open_ended": True})
    row = register_row("A-2", data, D(2026, 12, 20), "ended", D(2027, 6, 30), RULE_PARAMETERS)
    assert row["purpose"] == "En öppen mötesplats för boende."  # no goals: the description
    assert (row["company_pays"], row["amount_per_year_sek"], row["payment_model"]) == (False, 0, "none")
    assert (row["premises_provided"], row["premises_rent"], row["rent_sek_per_year"]) == (True, "reduced", 24_000)
    assert row["rent_discount_sek_per_year"] == 36_000
    assert row["estimated_value_sek"] == derive(data, RULE_PARAMETERS).estimated_value_sek > 0
    assert (row["end_date"], row["open_ended"]) == (None, True)
    assert (row["status"], row["ended_on"]) == ("ended", "2027-06-30")


def test_register_row_rent_kinds():
    free = answers(premises={"provided": True, "address": "Storgatan 2", "rent": "free",
                             "market_rent_sek_per_year": 60_000})
    market = answers(premises={"provided": True, "address": "Storgatan 2", "rent": "market"})
    assert register_row("F", free, TODAY, "active", None, RULE_PARAMETERS)["rent_sek_per_year"] == 0
    assert register_row("M", market, TODAY, "active", None, RULE_PARAMETERS)["rent_sek_per_year"] is None


def test_register_row_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        register_row("A", answers(), TODAY, "signed", None, RULE_PARAMETERS)


@pytest.mark.parametrize("number,public", [
    ("802400-0005", "802400-0005"), ("556677-8899", "556677-8899"), ("", None),
    ("811228-9874", None),  # a personnummer: month 12
    ("190101-0009", None),  # month 01
])
def test_public_org_number(number, public):
    assert public_org_number(number) == public


def test_a_partner_without_number_or_with_a_personnummer_shows_none():
    partners = [dict(EXAMPLE_ANSWERS["partners"][0], org_number="", payment_share_percent=50),
                {"name": "Enskild", "org_number": "811228-9874", "org_form": "annan", "payment_share_percent": 50}]
    row = register_row("A", answers(partners=partners), TODAY, "active", None, RULE_PARAMETERS)
    assert [p["org_number"] for p in row["partners"]] == [None, None]
    assert "9874" not in register_csv([row]) and "9874" not in json.dumps(row)


# --- A small JSON Schema check (jsonschema is not installed): the keywords register_schema uses --

_CHECKED = {"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
            "items", "enum", "pattern", "minimum", "minItems", "uniqueItems", "format"}
_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def schema_errors(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    assert set(schema) <= _CHECKED, f"{path}: keywords not checked: {set(schema) - _CHECKED}"
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(_is(value, t) for t in types):
            return [f"{path}: {value!r} is not {types}"]
    errors = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if schema.get("format") == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                errors.append(f"{path}: {value!r} is not a date")
    if isinstance(value, int) and "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{path}: {value} < {schema['minimum']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            errors.append(f"{path}: items not unique")
        for i, item in enumerate(value):
            errors += schema_errors(item, schema.get("items", {}), f"{path}[{i}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        errors += [f"{path}: missing {name}" for name in schema.get("required", []) if name not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{path}: unexpected {name}" for name in value if name not in properties]
        for name, item in value.items():
            if name in properties:
                errors += schema_errors(item, properties[name], f"{path}.{name}")
    return errors


def document(*rows: dict[str, Any]) -> dict[str, Any]:
    return register_document(rows, "Exempelbo AB", "5566778899", TODAY)


def rows_of_every_shape() -> list[dict[str, Any]]:
    reduced = answers(premises={"provided": True, "address": "Storgatan 2", "rent": "reduced",
                                "market_rent_sek_per_year": 60_000, "rent_sek_per_year": 24_000},
                      term={"end_date": None, "open_ended": True})
    two = [dict(EXAMPLE_ANSWERS["partners"][0], payment_share_percent=60),
           {"name": "Ny förening", "org_number": "", "payment_share_percent": 40}]
    return [register_row("A-1", personal_answers(), D(2026, 12, 20), "active", None, RULE_PARAMETERS),
            register_row("A-2", reduced, D(2026, 1, 20), "ended", D(2026, 11, 30), RULE_PARAMETERS),
            register_row("A-3", answers(partners=two), D(2027, 2, 1), "active", None, RULE_PARAMETERS)]


def test_register_schema_shape():
    schema = register_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://samverkansguiden.se/schema/register-v1.json"
    assert schema["title"] and schema["type"] == "object"
    assert set(schema["properties"]) == {"generated_on", "organisation", "agreements"}
    row_schema = schema["properties"]["agreements"]["items"]
    assert tuple(row_schema["properties"]) == REGISTER_FIELDS
    assert row_schema["required"] == list(REGISTER_FIELDS)

    def described(node: dict[str, Any], path: str) -> None:
        for name, sub in node.get("properties", {}).items():
            assert sub.get("description"), f"{path}.{name} has no description"
            described(sub, f"{path}.{name}")
        if "items" in node:
            described(node["items"], f"{path}[]")

    described(schema, "$")
    json.dumps(schema)  # plain JSON


def test_register_document_validates_against_the_schema():
    doc = json.loads(json.dumps(document(*rows_of_every_shape())))
    assert schema_errors(doc, register_schema()) == []
    assert doc["organisation"] == {"name": "Exempelbo AB", "org_number": "556677-8899"}
    assert doc["generated_on"] == "2027-03-15"
    assert schema_errors(document(), register_schema()) == []  # no agreements yet


@pytest.mark.parametrize("change", [
    {"contact": "Karin Berg"},  # a field the schema does not have
    {"status": "draft"},
    {"amount_per_year_sek": "350000"},
    {"amount_per_year_sek": -1},
    {"signed_on": "20 december 2026"},
    {"partners": []},
    {"partners": [{"name": "X", "org_number": "8024000005"}]},
    {"activity_kinds": ["motesplats", "motesplats"]},
    {"company_pays": 1},
])
def test_the_schema_check_rejects_a_bad_row(change):
    row = rows_of_every_shape()[0] | change
    assert schema_errors(document(row), register_schema()) != []


def test_the_schema_check_rejects_a_missing_field():
    row = rows_of_every_shape()[0]
    del row["ended_on"]
    assert schema_errors(document(row), register_schema()) == ["$.agreements[0]: missing ended_on"]


def test_no_personal_data_in_the_exports():
    data = personal_answers()
    for name in PERSONAL[:-2]:  # the fixture does carry them
        assert name in json.dumps(data.model_dump(mode="json"))
    rows = rows_of_every_shape()
    outputs = {"csv": register_csv(rows), "json": json.dumps(document(*rows), ensure_ascii=False)}
    for kind, text in outputs.items():
        for value in PERSONAL:
            assert value not in text, f"{value!r} in the {kind} export"
        for field in ("contact", "signatory", "email", "phone", "process_leader"):
            assert field not in text, f"{field!r} in the {kind} export"
        assert "@" not in text


# --- CSV ----------------------------------------------------------------------------------------

def test_csv_header_order():
    text = register_csv([])
    assert text == ",".join(REGISTER_FIELDS) + "\r\n"
    assert REGISTER_FIELDS[:3] == ("reference", "title", "partners")
    assert REGISTER_FIELDS.index("signed_on") < REGISTER_FIELDS.index("status") < REGISTER_FIELDS.index("ended_on")


def test_csv_quotes_a_comma_and_joins_lists():
    two = [dict(EXAMPLE_ANSWERS["partners"][0], payment_share_percent=50),
           {"name": "Ny förening", "org_number": "", "payment_share_percent": 50}]
    data = answers(title="Läxhjälp, mötesplats och odling", partners=two,
                   activity={"kinds": ["laxhjalp", "motesplats"]}, term={"end_date": None, "open_ended": True})
    text = register_csv([register_row("A-1", data, D(2026, 12, 20), "active", None, RULE_PARAMETERS)])
    header, line = text.splitlines()
    assert line.startswith('A-1,"Läxhjälp, mötesplats och odling",')
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert list(row) == list(REGISTER_FIELDS)
    assert row["title"] == "Läxhjälp, mötesplats och odling"
    assert row["partners"] == "Föreningen Mötesplats Öst (802400-0005); Ny förening"
    assert row["activity_kinds"] == "laxhjalp; motesplats"
    assert (row["company_pays"], row["premises_provided"], row["open_ended"]) == ("true", "false", "true")
    assert (row["end_date"], row["ended_on"], row["rent_sek_per_year"]) == ("", "", "")
    assert (row["amount_per_year_sek"], row["signed_on"]) == ("350000", "2026-12-20")


def test_csv_quotes_quotes_and_newlines():
    data = answers(title='Avtal "Öst"', activity={"goals": "Rad ett.\nRad två."})
    text = register_csv([register_row("A", data, TODAY, "active", None, RULE_PARAMETERS)])
    assert '"Avtal ""Öst"""' in text
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["purpose"] == "Rad ett.\nRad två."


def test_csv_defuses_a_formula():
    data = answers(title="=HYPERLINK(\"http://example.com\")", activity={"area": "-Öst", "goals": "+1"})
    text = register_csv([register_row("A", data, TODAY, "active", None, RULE_PARAMETERS)])
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "'=HYPERLINK(\"http://example.com\")"
    assert (row["area"], row["purpose"]) == ("'-Öst", "'+1")
    assert row["reference"] == "A"
