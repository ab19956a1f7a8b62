"""The innovation labs' five recommendations: rules in data, met or open from the answers, on the review page."""
from __future__ import annotations

import html as htmllib
import re

import pytest

from app import PROJECT_ROOT
from app.agreement.answers import validate
from app.agreement.checklist import ChecklistError, checklist, load_checklist, parse_checklist
from app.agreement.facts import derive
from app.services.assessment import get_rules
from tests.wizard_helpers import SLUGS, STEP_DATA, new_draft, post_step

IDS = ["active-role", "residents", "partnership", "process-leaders", "long-term"]
PARTNER_LEADER = {"name": "Amina Yusuf", "organisation": "föreningen  mötesplats öst", "role": "Ordförande"}


def items_for(data: dict, lang: str = "sv") -> dict[str, object]:
    answers = validate(data)
    return {item.id: item for item in checklist(answers, derive(answers, get_rules().parameter_values()), lang)}


def test_the_shipped_file_has_the_five_recommendations_in_both_languages():
    items = load_checklist(PROJECT_ROOT / "rules" / "checklist.yaml")
    assert [i.id for i in items] == IDS
    assert all(i.title["sv"] and i.title["en"] and i.tip["sv"] and i.tip["en"] for i in items)
    assert "arbetstid" in items[0].notes  # the missing staff-time field is stated for reviewers
    assert "flera" in items[2].tip["sv"] and "several" in items[2].tip["en"]


def test_an_engaged_long_term_partnership_meets_every_recommendation(answers_data):
    answers_data["follow_up"]["process_leaders"].append(PARTNER_LEADER)
    items = items_for(answers_data)
    assert list(items) == IDS
    assert all(item.met and item.tip == "" for item in items.values())


def test_a_thin_short_agreement_leaves_recommendations_open_with_tips(answers_data):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    answers_data["activity"]["residents_involved"] = False
    answers_data["term"]["end_date"] = "2027-12-31"
    answers_data["follow_up"]["process_leaders"] = [PARTNER_LEADER]
    items = items_for(answers_data)
    assert {i for i, item in items.items() if not item.met} == {"active-role", "residents", "process-leaders",
                                                                 "long-term"}
    assert items["partnership"].met
    assert "lokaler, pengar eller arbetstid" in items["active-role"].tip
    assert "två år" in items["long-term"].tip


def test_premises_alone_make_an_active_role(answers_data):
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    answers_data["premises"] = {"provided": True, "address": "Storgatan 2", "area_m2": 60, "rent": "market",
                                "market_rent_sek_per_year": 60000, "rent_sek_per_year": 60000}
    assert items_for(answers_data)["active-role"].met


@pytest.mark.parametrize("leaders, met", [
    ([{"name": "Karin Berg", "organisation": "Exempelbo AB"}], False),
    ([{"name": "Amina Yusuf", "organisation": "Föreningen Mötesplats Öst"}], False),
    ([{"name": "Karin Berg", "organisation": "Exempelbo AB"},
      {"name": "Amina Yusuf", "organisation": "Föreningen Mötesplats Öst"}], True),
    ([{"name": "Karin Berg", "organisation": "exempelbo ab."}, PARTNER_LEADER], True),
    ([{"name": "Karin Berg", "organisation": "Exempelbo AB"},
      {"name": "Amina Yusuf", "organisation": "Någon annan förening"}], False),
    ([{"name": "", "organisation": "Exempelbo AB"}, PARTNER_LEADER], False),
])
def test_process_leaders_need_someone_from_each_side(answers_data, leaders, met):
    answers_data["follow_up"]["process_leaders"] = leaders
    assert items_for(answers_data)["process-leaders"].met is met


def test_with_two_partners_each_partner_needs_its_own_process_leader(answers_data):
    answers_data["partners"][0]["payment_share_percent"] = 60
    answers_data["partners"].append({"name": "Läxhjälpen i Väst", "org_number": "802400-0005",
                                     "org_form": "ideell_forening", "payment_share_percent": 40})
    answers_data["follow_up"]["process_leaders"] = [{"name": "Karin Berg", "organisation": "Exempelbo AB"},
                                                    PARTNER_LEADER]
    item = items_for(answers_data)["process-leaders"]
    assert not item.met and "varje partner" in item.title and "varje partner" in item.tip
    answers_data["follow_up"]["process_leaders"].append({"name": "Per Ek", "organisation": "Läxhjälpen i Väst"})
    assert items_for(answers_data)["process-leaders"].met


@pytest.mark.parametrize("term, met", [
    ({"end_date": "2028-12-31"}, True),
    ({"end_date": "2028-11-30"}, False),
    ({"end_date": "2027-12-31", "renewal_after_evaluation": True}, True),
    ({"end_date": None, "open_ended": True}, False),
])
def test_long_term_means_two_years_or_a_plan_to_renew(answers_data, term, met):
    answers_data["term"].update(term)
    assert items_for(answers_data)["long-term"].met is met


def test_english_titles_and_tips(answers_data):
    answers_data["activity"]["residents_involved"] = False
    item = items_for(answers_data, "en")["residents"]
    assert item.title == "The work starts from the residents" and "residents" in item.tip


@pytest.mark.parametrize("text, line, message", [
    ("version: 1\nitems:\n  - id: a\n    title: {sv: A, en: A}\n    tip: {sv: T, en: T}\n"
     "    met_when: {fact: activity.residents_involvd, is: true}\n", 6, "okänd uppgift 'activity.residents_involvd'"),
    ("version: 1\nitems:\n  - id: a\n    title: {sv: A}\n    tip: {sv: T, en: T}\n    met_when: always\n",
     4, "'title' ska ha text på både sv och en"),
    ("version: 1\nitems:\n  - id: a\n    title: {sv: A, en: A}\n    tip: {sv: T, en: T}\n"
     "    met_when: {fact: facts.partner_count, gte: {param: direct_award_limit_sek}}\n", 6, "okänd parameter"),
    ("version: 1\nitems:\n  - id: a\n    title: {sv: A, en: A}\n    tip: {sv: T, en: T}\n    when: always\n",
     3, "okänd nyckel 'when'"),
    ("version: 1\nitems:\n  - id: a\n    title: [\n", 5, "ogiltig YAML"),
])
def test_a_broken_checklist_file_names_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "checklist.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as exc:
        load_checklist(path)
    assert f"{path}:{line}: " in str(exc.value) and message in str(exc.value)


def test_every_error_of_a_file_is_reported():
    text = ("items:\n  - id: a\n    title: {sv: A, en: A}\n    tip: {sv: T}\n    met_when: always\n"
            "  - id: a\n    title: {sv: A, en: A}\n    tip: {sv: T, en: T}\n    met_when: {fact: nope, is: true}\n")
    with pytest.raises(ChecklistError) as exc:
        parse_checklist(text, "x.yaml")
    assert len(exc.value.errors) == 3 and "x.yaml:4:" in str(exc.value) and "x.yaml:6:" in str(exc.value)


def review_checklist(client, public_id: str) -> dict[str, str]:
    page = htmllib.unescape(client.get(f"/utkast/{public_id}/granska").get_data(as_text=True))
    return {item: mark for mark, item in re.findall(r'<li class="checklist-item (met|open)" id="checklist-([a-z-]+)">',
                                                     page)}


def test_review_page_marks_the_checklist_from_the_answers(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    for slug in SLUGS:
        assert post_step(client, public_id, slug).status_code == 302
    assert review_checklist(client, public_id) == {
        "active-role": "met", "residents": "met", "partnership": "met", "process-leaders": "open",
        "long-term": "met"}

    leaders = {**STEP_DATA["uppfoljning"], "process_leaders-1-name": "Per Ek",
               "process_leaders-1-organisation": "Läxhjälpen i Väst", "process_leaders-1-role": "Ordförande"}
    assert post_step(client, public_id, "uppfoljning", leaders).status_code == 302
    assert review_checklist(client, public_id)["process-leaders"] == "open"  # the other partner has none yet
    leaders.update({"process_leaders-2-name": "Amina Yusuf", "process_leaders-2-organisation": "Föreningen Mötesplats Öst",
                    "process_leaders-2-role": "Ordförande"})
    assert post_step(client, public_id, "uppfoljning", leaders).status_code == 302
    short = {**STEP_DATA["avtalstid"], "end_date": "2027-06-30"}
    assert post_step(client, public_id, "avtalstid", short).status_code == 302
    marks = review_checklist(client, public_id)
    assert marks["process-leaders"] == "met" and marks["long-term"] == "open"
    page = htmllib.unescape(client.get(f"/utkast/{public_id}/granska").get_data(as_text=True))
    assert "Tips: Avtala om minst två år" in page

    assert post_step(client, public_id, "avtalstid", {**short, "renewal_after_evaluation": "y"}).status_code == 302
    assert review_checklist(client, public_id)["long-term"] == "met"


def test_an_incomplete_draft_shows_no_checklist(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    post_step(client, public_id, "avtalet")
    assert "checklist-item" not in client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
