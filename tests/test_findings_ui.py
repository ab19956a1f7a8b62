"""Risk findings in the wizard: on the steps that trigger them and, grouped, on the review page."""
from __future__ import annotations

import html as htmllib
import re
import shutil

import flask_babel

from app import PROJECT_ROOT
from tests.wizard_helpers import SLUGS, STEP_DATA, new_draft, post_step

PER_UNIT = {**STEP_DATA["ekonomi"], "amount_per_year_sek": "900000", "payment_model": "per_unit",
            "partner_delivers_to_company": "y", "annex2_service": "no"}
NO_MONEY = {"market_exists": "no", "annex2_service": "no", "partner_own_contribution": "y",
            "own_contribution_description": "Ideella ledare.", "related_agreements_12m_sek": "0",
            "de_minimis_received_3y_eur": "0"}


def text_of(response) -> str:
    return htmllib.unescape(response.get_data(as_text=True))


def walk(client, public_id: str, **overrides: dict) -> None:
    for slug in SLUGS:
        response = post_step(client, public_id, slug, overrides.get(slug))
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[-2000:])


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_the_step_after_economy_shows_what_economy_triggers(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    for slug in SLUGS[:4]:
        post_step(client, public_id, slug)
    response = post_step(client, public_id, "ekonomi", PER_UNIT)
    assert response.headers["Location"].endswith("/steg/lokaler")
    page = text_of(client.get(response.headers["Location"]))
    assert "lou.unit-payment" in page
    assert "Betalning per enhet eller efter resultat" in page
    assert "Betalningsmodell: betalning per timme, deltagare eller annan enhet" in page
    assert "Från steget Ekonomi och utbyte" in page
    assert "<details>" in page and "Läs mer" in page
    # the value findings need the term, which is not given yet: nothing is said about them
    assert "lou.over-direct-award-limit" not in page
    # revisiting the economy step shows its findings; another step shows none of them
    assert "lou.unit-payment" in text_of(client.get(f"/utkast/{public_id}/steg/ekonomi"))
    assert "lou.unit-payment" not in text_of(client.get(f"/utkast/{public_id}/steg/avtalet"))


def test_a_step_never_shows_errors_of_steps_not_filled_in(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    response = post_step(client, public_id, "avtalet")
    page = text_of(client.get(response.headers["Location"]))
    assert 'class="finding' not in page and "Något behöver rättas" not in page


def imported(directory=PROJECT_ROOT / "clauses") -> None:
    """Load a clause library into the database, as `make run` does: the review page and the export use it."""
    from app.extensions import db
    from app.services import library

    library.import_library(directory)
    db.session.commit()


def test_review_shows_stop_verdict_groups_links_and_clauses(client, auth, staff_a):
    imported()
    auth.login(staff_a)
    public_id = new_draft(client)
    walk(client, public_id, ekonomi=PER_UNIT)
    page = text_of(client.get(f"/utkast/{public_id}/granska"))
    assert 'class="verdict verdict-stop"' in page
    assert "Stopp: kontakta jurist innan avtalet undertecknas" in page
    assert "beslutsstöd, inte juridisk rådgivning" in page
    assert "Tröskelvärdena i kronor är preliminära" in page
    groups = re.findall(r'<h3 id="group-([a-z_]+)">', page)
    order = ["contract", "value", "stateaid_kl", "data_children", "practical"]
    assert groups == [g for g in order if g in groups] and {"contract", "value", "data_children"} <= set(groups)
    over = section(page, 'id="finding-lou.over-direct-award-limit"', "</article>")
    assert f'/utkast/{public_id}/steg/ekonomi#' in over
    assert f'/utkast/{public_id}/steg/avtalstid#start_date' in over
    record = section(page, 'id="finding-children.record-check"', "</article>")
    assert re.search(r"Avsnitt \d+ \([^<]*[Rr]egisterkontroll[^<]*\) innehåller villkor om detta\.", record)
    assert f'/utkast/{public_id}/steg/verksamheten#children_involved' in record


def test_review_says_when_a_recommended_clause_is_not_in_the_draft(client, auth, staff_a, app, tmp_path):
    clauses = tmp_path / "clauses"
    shutil.copytree(PROJECT_ROOT / "clauses", clauses)
    path = clauses / "registerkontroll.yaml"
    text = path.read_text(encoding="utf-8")
    condition = "include_when:\n  fact: activity.children_involved\n  is: true\n"
    assert condition in text
    path.write_text(text.replace(condition, "include_when: {fact: activity.area, eq: Ingenstans}\n"),
                    encoding="utf-8")
    imported(clauses)
    auth.login(staff_a)
    public_id = new_draft(client)
    walk(client, public_id)
    record = section(text_of(client.get(f"/utkast/{public_id}/granska")), 'id="finding-children.record-check"',
                     "</article>")
    assert "Klausulen Barn och registerkontroll ingår inte i utkastet" in record
    assert "innehåller villkor om detta" not in record


def test_with_an_empty_library_the_review_page_claims_no_section_the_export_would_not_have(client, auth,
                                                                                              staff_a):
    # The review page and the export choose clauses with one function: an empty library makes neither up.
    auth.login(staff_a)
    public_id = new_draft(client)
    walk(client, public_id)
    page = text_of(client.get(f"/utkast/{public_id}/granska"))
    assert "innehåller villkor om detta" not in page
    response = client.post(f"/utkast/{public_id}/export", data={"language": "sv", "kind": "utkast"},
                           follow_redirects=True)
    assert "Klausulbiblioteket är tomt" in response.get_data(as_text=True)


def test_a_partnership_with_no_money_has_no_risks(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    activity = {k: v for k, v in STEP_DATA["verksamheten"].items() if k != "children_involved"}
    walk(client, public_id, ekonomi=NO_MONEY, verksamheten=activity, personuppgifter={})
    page = text_of(client.get(f"/utkast/{public_id}/granska"))
    assert 'class="verdict verdict-none"' in page and "Inga risker hittade" in page
    assert "lou.contracting-authority" in page  # information is still shown
    assert "severity warning" not in page and "severity stop" not in page


def test_an_incomplete_draft_gets_no_verdict_on_review(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    for slug in SLUGS[:5]:
        post_step(client, public_id, slug, PER_UNIT if slug == "ekonomi" else None)
    page = text_of(client.get(f"/utkast/{public_id}/granska"))
    assert "verdict-" not in page and "lou.unit-payment" in page
    assert "Hela bedömningen visas när alla frågor är besvarade" in page


def test_review_in_english_shows_english_findings(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    walk(client, public_id, ekonomi=PER_UNIT)
    client.post("/sprak", data={"language": "en"})
    flask_babel.refresh()
    page = text_of(client.get(f"/utkast/{public_id}/granska"))
    assert "Payment per unit or by results" in page
    assert "Children take part – record checks for leaders" in page
    assert "Is it a contract?" in page
    assert "Betalning per enhet eller efter resultat" not in page


def test_handled_by_follows_the_approved_library_in_the_database(client, auth, staff_a, runner, monkeypatch):
    result = runner.invoke(args=["clauses", "import", str(PROJECT_ROOT / "clauses")])
    assert result.exit_code == 0, result.output
    from app.services import documents

    def no_files(*args, **kwargs):
        raise AssertionError("the review page read the clause files although the database has a library")

    monkeypatch.setattr(documents, "load_library", no_files)
    auth.login(staff_a)
    public_id = new_draft(client)
    walk(client, public_id)
    record = section(text_of(client.get(f"/utkast/{public_id}/granska")), 'id="finding-children.record-check"',
                     "</article>")
    assert re.search(r"Avsnitt \d+ \(Barn och registerkontroll\) innehåller villkor om detta\.", record)


def test_why_links_each_deciding_answer_to_its_question_and_staff_see_no_ids(client, auth, staff_a):
    """The logo decides "looks like a purchase": the step says so first and links to that question."""
    auth.login(staff_a)
    public_id = new_draft(client)
    walk(client, public_id, ekonomi={**STEP_DATA["ekonomi"], "logo_or_marketing_for_company": "y"})
    page = text_of(client.get(f"/utkast/{public_id}/steg/ekonomi"))
    card = section(page, 'id="finding-lou.contract-likely"', "</article>")
    why = section(card, 'class="finding-why"', "</p>")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', why)
    assert links[0] == (f"/utkast/{public_id}/steg/ekonomi#logo_or_marketing_for_company",
                        "Logotyp eller marknadsföring för bolaget: ja")
    assert links[1][1] == "Bolaget betalar: ja"
    assert "(lou.contract-likely)" not in page and "Kontrollpunktens id" not in page
    review = text_of(client.get(f"/utkast/{public_id}/granska"))
    assert "Kontrollpunktens id" not in review
    # a finding resting on another names its own answer and then the other finding, linked to it
    annex2 = section(review, 'id="finding-lou.annex2-unknown"', "</article>")
    assert re.search(r"steg/ekonomi#annex2_service-0\">Social tjänst enligt bilaga 2 till LOU: vet inte</a>", annex2)
    assert '#finding-lou.contract-likely">”Avtalet liknar ett köp enligt LOU”</a>' in annex2
    # a purchase: the value finding carries no "not a purchase" note; its fixed end date is handled
    value = section(review, 'id="finding-lou.value-full-term"', "</article>")
    assert "Redan hanterat:" in value and "fast slutdatum" in value
    assert "inte ut som ett köp" not in value

