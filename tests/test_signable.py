"""'Komplett' means signable: a valid draft that lacks signatories, contacts or descriptions is not."""
from __future__ import annotations

import re

from sqlalchemy import select

from app import PROJECT_ROOT
from app.agreement.answers import signing_gaps, validate
from app.extensions import db
from app.models import Draft
from app.services import library
from tests.wizard_helpers import SLUGS, STEP_DATA, new_draft, post_step


def walk(client, public_id: str, **overrides: dict) -> None:
    for slug in SLUGS:
        response = post_step(client, public_id, slug, overrides.get(slug))
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[-2000:])


def draft_of(public_id: str) -> Draft:
    db.session.expire_all()
    return db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()


def test_a_new_association_without_an_org_number_is_entered_and_listed_before_signing(client, auth, staff_a):
    library.import_library(PROJECT_ROOT / "clauses")
    db.session.commit()
    auth.login(staff_a)
    public_id = new_draft(client)
    parter = {**STEP_DATA["parter"], "partners-1-org_number": ""}
    walk(client, public_id, parter=parter)
    draft = draft_of(public_id)
    assert draft.answers["partners"][1]["org_number"] == ""
    assert draft.status == "in_progress"  # valid, but not signable
    drafts = client.get("/utkast/").get_data(as_text=True)
    assert "Påbörjat" in drafts and "Komplett" not in drafts
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    gaps = page[page.index('id="gaps-heading"'):page.index("</section>", page.index('id="gaps-heading"'))]
    assert "Det här saknas innan avtalet kan skrivas under" in gaps
    assert re.search(rf'/utkast/{public_id}/steg/parter#partners-1-org_number">Parter: Partner 2: '
                     r'Organisationsnummer</a> – Organisationsnumret för Läxhjälpen i Väst saknas', gaps)
    # a draft to discuss can be downloaded; the final version cannot
    draft_export = client.post(f"/utkast/{public_id}/export", data={"language": "sv", "kind": "utkast", "file_format": "docx"})
    assert draft_export.status_code == 200
    assert draft_export.mimetype.endswith("document")
    final = client.post(f"/utkast/{public_id}/export", data={"language": "sv", "kind": "slutversion"},
                        follow_redirects=True)
    assert "Slutversionen kan inte skapas: det saknas uppgifter" in final.get_data(as_text=True)
    # the number filled in later makes the draft signable
    post_step(client, public_id, "parter")
    assert draft_of(public_id).status == "complete"
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert 'id="gaps-heading"' not in page and "inget saknas för underskrift" in page


def test_a_wrong_org_number_is_still_refused(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    for slug in SLUGS[:2]:
        post_step(client, public_id, slug)
    response = post_step(client, public_id, "parter", {**STEP_DATA["parter"], "partners-1-org_number": "556000-0018"})
    assert response.status_code == 422 and "organisationsnummer" in response.get_data(as_text=True).lower()


def test_gaps_name_what_the_agreement_needs(answers_data):
    answers_data["housing_company"]["signatory"] = {"name": "", "title": ""}
    answers_data["activity"]["description"] = ""
    answers_data["partners"][0]["contact"] = {}
    answers_data["exchange"].update(partner_own_contribution=True, own_contribution_description="")
    paths = [path for path, _message in signing_gaps(validate(answers_data))]
    assert "housing_company.signatory.name" in paths and "housing_company.signatory.title" in paths
    assert "activity.description" in paths and "partners[0].contact.name" in paths
    assert "exchange.own_contribution_description" in paths

