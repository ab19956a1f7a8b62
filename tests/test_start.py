"""Starting from what worked: a good example, or a colleague's draft, in two clicks."""
from __future__ import annotations

import json
import re

from markupsafe import escape
from sqlalchemy import select

from app.agreement.answers import is_complete
from app.extensions import db
from app.models import Draft
from app.models.audit import AuditEvent
from app.services.assessment import get_rules
from app.services.drafting import anonymise
from app.services.examples import get_example, load_examples
from tests.conftest import ORG_B, make_user

UUID = r"([0-9a-f-]{36})"


def opened_draft(response) -> Draft:
    """Return the draft a POST redirected to (its first step)."""
    assert response.status_code == 302
    match = re.search(rf"/utkast/{UUID}/steg/avtalet$", response.headers["Location"])
    assert match, response.headers["Location"]
    return db.session.execute(select(Draft).filter_by(public_id=match.group(1))).scalar_one()


def people(answers: dict) -> set[str]:
    """Return every person's name, e-mail and phone in the answers."""
    parties = [answers["housing_company"], *answers["partners"]]
    found = {p[k]["name"] for p in parties for k in ("contact", "signatory")}
    found |= {p["contact"][k] for p in parties for k in ("email", "phone")}
    found |= {leader["name"] for leader in answers.get("follow_up", {}).get("process_leaders", [])}
    return found - {""}


def test_the_examples_page_shows_the_five_with_their_expected_findings(client, auth, staff_a):
    auth.login(staff_a)
    html = client.get("/utkast/exempel").get_data(as_text=True)
    examples = load_examples()
    assert len(examples) == 5
    for example in examples:
        assert example.title["sv"] in html
        assert f"/utkast/exempel/{example.id}/anvand" in html
    assert html.count("Använd exemplet") == 5
    rules = get_rules()
    for finding in get_example("trygghetsvandring-timpris").expected_findings:
        assert escape(rules.by_id[finding].texts["title"]["sv"]) in html
    assert "lou.contract-likely" not in html  # ids are resolved to the checkpoints' titles


def test_one_example_page_shows_its_answers(client, auth, staff_a):
    auth.login(staff_a)
    html = client.get("/utkast/exempel/integration-samverkan").get_data(as_text=True)
    assert "Röda Korset Exempelstad" in html and "Använd exemplet" in html
    assert client.get("/utkast/exempel/finns-inte").status_code == 404
    assert client.post("/utkast/exempel/finns-inte/anvand").status_code == 404


def test_using_an_example_gives_the_users_organisation_and_no_names(client, auth, staff_b):
    auth.login(staff_b)
    example = get_example("integration-samverkan")
    draft = opened_draft(client.post("/utkast/exempel/integration-samverkan/anvand"))
    assert draft.organisation_id == staff_b.organisation_id and draft.owner_id == staff_b.id
    company = draft.answers["housing_company"]
    assert (company["name"], company["org_number"]) == ORG_B
    assert "Exempelbo" not in json.dumps(draft.answers, ensure_ascii=False)
    stored = json.dumps(draft.answers, ensure_ascii=False)
    for name in people(example.raw_answers):
        assert name not in stored
    assert draft.answers["partners"][1]["name"] == "Röda Korset Exempelstad"
    assert draft.answers["activity"]["description"].startswith("I mötesplatsen Vägen in håller Röda Korset")
    assert draft.answers["follow_up"]["process_leaders"][0]["organisation"] == ORG_B[0]
    assert draft.title == draft.answers["title"] and "Integration i samverkan" in draft.title
    # the names are gone, so the draft is not signable yet: its first step lists what is left
    assert draft.status == "in_progress" and draft.clause_pins == {}
    page = client.get(f"/utkast/{draft.public_id}/steg/avtalet").get_data(as_text=True)
    todo = page[page.index('id="todo-heading"'):page.index("</section>", page.index('id="todo-heading"'))]
    assert "Det här återstår att fylla i" in page
    assert "Undertecknar för bostadsbolaget: Namn</a> – Ange vem som undertecknar för Andrabo AB" in todo
    assert f'/utkast/{draft.public_id}/steg/parter#partners-0-signatory-name' in todo
    # the list is shown once, on the page the user lands on
    assert 'id="todo-heading"' not in client.get(f"/utkast/{draft.public_id}/steg/avtalet").get_data(as_text=True)
    event = db.session.execute(select(AuditEvent).filter_by(action="draft_copy")).scalar_one()
    assert event.details == {"source_type": "example", "source": "integration-samverkan"}
    assert "Kopia av exemplet" in client.get("/utkast/").get_data(as_text=True)


def test_every_example_can_be_used(client, auth, staff_a):
    auth.login(staff_a)
    for example in load_examples():
        draft = opened_draft(client.post(f"/utkast/exempel/{example.id}/anvand"))
        # valid answers, but the people's names are removed: not signable until they are filled in
        assert is_complete(draft.answers) and draft.status == "in_progress", example.id


def test_a_colleagues_draft_is_copied_in_two_clicks_without_people(client, auth, app, staff_a, org_a,
                                                                   answers_data):
    colleague = make_user("carl@exempelbo.se", "staff", org_a)
    source = Draft(title="Mötesplats Rannebergen", organisation_id=org_a.id, owner_id=colleague.id,
                   answers=answers_data, status="complete", clause_pins={"parties": 3})
    db.session.add(source)
    db.session.commit()
    auth.login(staff_a)
    listing = client.get("/utkast/").get_data(as_text=True)  # click one: the list
    assert f"/utkast/{source.public_id}/kopiera" in listing
    assert "Starta från ett exempel" in listing and "Kopiera ett av organisationens utkast" in listing
    copy = opened_draft(client.post(f"/utkast/{source.public_id}/kopiera"))  # click two: the copy opens
    assert copy.public_id != source.public_id and copy.owner_id == staff_a.id
    assert copy.title == "Kopia av Mötesplats Rannebergen" == copy.answers["title"]
    stored = json.dumps(copy.answers, ensure_ascii=False)
    for person in ("Karin Berg", "Lars Holm", "Amina Yusuf", "karin@exempelbo.se", "010-123 45 67"):
        assert person not in stored
    assert copy.answers["activity"]["description"] == "En öppen mötesplats för boende."
    assert copy.answers["exchange"]["amount_per_year_sek"] == 350000
    assert copy.answers["partners"][0]["name"] == "Föreningen Mötesplats Öst"
    assert copy.answers["partners"][0]["contact"]["role"] == "Ordförande"
    assert copy.answers["follow_up"]["indicators"] == ["Antal besökare per månad"]
    assert copy.clause_pins == {} and is_complete(copy.answers) and copy.status == "in_progress"
    db.session.refresh(source)
    assert source.answers["housing_company"]["signatory"]["name"] == "Lars Holm"
    event = db.session.execute(select(AuditEvent).filter_by(action="draft_copy")).scalar_one()
    assert event.target_id == copy.public_id and event.details["source"] == source.public_id


def test_an_unfinished_draft_copies_as_unfinished(client, auth, staff_a, org_a):
    source = Draft(title="Halvfärdigt", organisation_id=org_a.id, answers={"title": "Halvfärdigt",
                   "partners": [{"name": "Förening", "signatory": {"name": "Per Ek", "title": "Ordförande"}}]})
    db.session.add(source)
    db.session.commit()
    auth.login(staff_a)
    copy = opened_draft(client.post(f"/utkast/{source.public_id}/kopiera"))
    assert copy.status == "in_progress"
    assert copy.answers["partners"] == [{"name": "Förening", "signatory": {"name": "", "title": ""}}]


def test_another_organisation_cannot_copy_a_draft(client, auth, staff_a, staff_b, org_a, answers_data):
    source = Draft(title="Exempelbos plan", organisation_id=org_a.id, owner_id=staff_a.id, answers=answers_data)
    db.session.add(source)
    db.session.commit()
    auth.login(staff_b)
    assert client.post(f"/utkast/{source.public_id}/kopiera").status_code == 404
    assert db.session.execute(select(Draft).filter_by(organisation_id=staff_b.organisation_id)).first() is None
    # Examples are for everybody on staff.
    opened_draft(client.post("/utkast/exempel/laxhjalp/anvand"))


def test_reviewers_cannot_start_or_copy(client, auth, reviewer, org_a, answers_data):
    source = Draft(title="Plan", organisation_id=org_a.id, answers=answers_data)
    db.session.add(source)
    db.session.commit()
    auth.login(reviewer)
    assert client.get("/utkast/exempel").status_code == 403
    assert client.post("/utkast/exempel/laxhjalp/anvand").status_code == 403
    assert client.post(f"/utkast/{source.public_id}/kopiera").status_code == 403


def test_anonymise_keeps_roles_and_substance(answers_data):
    clean = anonymise(answers_data)
    assert clean["housing_company"]["contact"] == {"name": "", "role": "Områdeschef", "email": "", "phone": ""}
    assert clean["housing_company"]["signatory"] == {"name": "", "title": ""}
    assert clean["follow_up"]["process_leaders"] == [{"name": "", "organisation": "Exempelbo AB",
                                                      "role": "Områdeschef"}]
    assert clean["term"] == answers_data["term"] and answers_data["partners"][0]["contact"]["name"] == "Amina Yusuf"
    assert anonymise({}) == {}


def test_the_examples_page_says_each_thing_once_and_labels_the_warning_example(client, auth, staff_a):
    auth.login(staff_a)
    page = client.get("/utkast/exempel").get_data(as_text=True)
    assert page.count("<h3>Så fungerar det</h3>") == 0 and page.count("<h1>") == 1
    # the assessment text names what to watch itself: the page does not put the same words before it
    assert "Att hålla koll på:</strong>" not in page
    warning = page[page.index('id="example-trygghetsvandring-timpris"'):]
    warning = warning[:warning.index("</article>")]
    assert 'class="badge warning">Varningsexempel</span>' in warning and "Så här ska det inte göras" in warning
    good = page[page.index('id="example-laxhjalp"'):]
    assert "Varningsexempel" not in good[:good.index("</article>")]
    single = client.get("/utkast/exempel/trygghetsvandring-timpris").get_data(as_text=True)
    assert "Varningsexempel" in single and "Så här ska det inte göras" in single


def test_an_import_error_is_shown_at_the_top_of_the_page(client, auth, staff_a):
    import io
    auth.login(staff_a)
    response = client.post("/utkast/importera", data={"file": (io.BytesIO(b"title: 3\n"), "svar.yaml")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.index("Filen kunde inte importeras") < page.index('id="import-heading"')
    assert page.index("Filen kunde inte importeras") < page.index("Nytt utkast")
