"""Mina utkast: the organisation's drafts, and nobody else's."""
from __future__ import annotations

import datetime as dt
import io
import json
import uuid

import pytest
import yaml
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from app.extensions import db
from app.models import Draft
from app.models.audit import AuditEvent
from tests.wizard_helpers import complete_draft, new_draft, post_step


def actions() -> list[str]:
    return list(db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def upload(client, content: bytes, name: str = "svar.json"):
    return client.post("/utkast/importera", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_the_start_page_leads_staff_to_their_drafts(client, auth, staff_a):
    auth.login(staff_a)
    assert client.get("/").headers["Location"].endswith("/utkast/")
    assert "Inga utkast ännu" in client.get("/utkast/").get_data(as_text=True)


def test_staff_see_only_their_own_organisations_drafts(app, client, auth, staff_a, staff_b):
    auth.login(staff_b)
    theirs = new_draft(client)
    post_step(client, theirs, "avtalet", {"title": "Andrabos hemliga plan", "intended_form": "iop",
                                          "language": "sv"})
    auth.logout()
    auth.login(staff_a)
    mine = new_draft(client)
    post_step(client, mine, "avtalet")
    html = client.get("/utkast/").get_data(as_text=True)
    assert "Samverkan om läxhjälp i Rannebergen" in html
    assert "Andrabos hemliga plan" not in html and theirs not in html
    assert actions().count("draft_create") == 2


def test_the_list_is_newest_first_and_paginated(client, auth, staff_a, org_a):
    start = dt.datetime(2026, 1, 1)
    db.session.add_all([Draft(title=f"Utkast nummer {i:02d}", organisation_id=org_a.id, answers={},
                              updated_at=start + dt.timedelta(days=i)) for i in range(30)])
    db.session.commit()
    auth.login(staff_a)
    first = client.get("/utkast/").get_data(as_text=True)
    assert first.index("Utkast nummer 29") < first.index("Utkast nummer 05")
    assert "Utkast nummer 04" not in first and "Nästa sida" in first
    second = client.get("/utkast/?sida=2").get_data(as_text=True)
    assert "Utkast nummer 04" in second and "Utkast nummer 00" in second and "Utkast nummer 05" not in second
    assert "Föregående sida" in second and "Nästa sida" not in second


def test_another_organisation_gets_404_on_every_url_of_a_draft(app, client, auth, staff_a, staff_b):
    auth.login(staff_a)
    public_id = complete_draft(client)
    auth.logout()
    auth.login(staff_b)
    for some_id in (public_id, str(uuid.uuid4()), "1"):
        for method, path, data in [
            ("get", "/", None), ("get", "/steg/avtalet", None),
            ("post", "/steg/avtalet", {"title": "Kapad", "version": "99"}),
            ("get", "/granska", None), ("post", "/export", {"language": "sv", "kind": "utkast"}),
            ("post", "/svar.json", {}), ("get", "/ta-bort", None), ("post", "/ta-bort", {}),
            ("get", "/byt-namn", None), ("post", "/byt-namn", {"title": "Kapad"}),
        ]:
            response = getattr(client, method)(f"/utkast/{some_id}{path}", data=data)
            assert response.status_code == 404, (some_id, method, path)
    auth.logout()
    auth.login(staff_a)
    assert client.get(f"/utkast/{public_id}/granska").status_code == 200
    assert "Kapad" not in client.get("/utkast/").get_data(as_text=True)


def test_reviewers_and_strangers_are_kept_out(app, client, auth, staff_a, reviewer):
    auth.login(staff_a)
    public_id = new_draft(client)
    auth.logout()
    urls = [("get", "/utkast/"), ("post", "/utkast/nytt"), ("get", f"/utkast/{public_id}/steg/avtalet"),
            ("get", f"/utkast/{public_id}/granska"), ("post", f"/utkast/{public_id}/svar.json"),
            ("post", "/utkast/importera"), ("get", f"/utkast/{public_id}/ta-bort")]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/logga-in" in response.headers["Location"], url
    auth.login(reviewer)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url


def test_answers_export_downloads_the_answers_as_json(client, auth, staff_a):
    auth.login(staff_a)
    public_id = complete_draft(client)
    response = client.post(f"/utkast/{public_id}/svar.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Rannebergen.json" in response.headers["Content-Disposition"]
    answers = json.loads(response.data)
    assert answers["title"] == "Samverkan om läxhjälp i Rannebergen" and len(answers["partners"]) == 2
    assert "draft_export_answers" in actions()


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_answers_file_becomes_a_new_draft(client, auth, staff_a, answers_data, fmt):
    auth.login(staff_a)
    if fmt == "json":
        content = json.dumps(answers_data, ensure_ascii=False).encode()
    else:
        content = yaml.safe_dump(answers_data, allow_unicode=True).encode()
    response = upload(client, content, f"svar.{fmt}")
    assert response.status_code == 302
    review = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Samverkansavtal om mötesplats i Rannebergen" in review and "Föreningen Mötesplats Öst" in review
    assert "Alla frågor är besvarade" in review
    assert "draft_import" in actions()


def test_an_exported_file_imports_to_the_same_answers(client, auth, staff_a):
    auth.login(staff_a)
    public_id = complete_draft(client)
    exported = client.post(f"/utkast/{public_id}/svar.json").data
    response = upload(client, exported)
    new_id = response.headers["Location"].split("/")[-2]
    assert json.loads(client.post(f"/utkast/{new_id}/svar.json").data) == json.loads(exported)


@pytest.mark.parametrize("content, message", [
    (None, "partners[0].org_number: ogiltigt organisationsnummer"),
    (b'{"title": ', "filen går inte att läsa"),
    (b"\xff\xfe\x00\x00", "Filen är inte en textfil i UTF-8."),
    (b"[1, 2]", "svarsfilen ska vara ett objekt med fält"),
])
def test_a_bad_answers_file_is_explained_and_nothing_is_kept(client, auth, staff_a, answers_data, content, message):
    auth.login(staff_a)
    if content is None:
        answers_data["partners"][0]["org_number"] = "802400-0006"
        content = json.dumps(answers_data).encode()
    response = upload(client, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.execute(select(Draft)).first() is None


def test_import_without_a_file_asks_for_one(client, auth, staff_a):
    auth.login(staff_a)
    response = client.post("/utkast/importera", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Välj en fil." in response.get_data(as_text=True)


def test_rename(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    post_step(client, public_id, "avtalet")
    assert 'value="Samverkan om läxhjälp i Rannebergen"' in client.get(f"/utkast/{public_id}/byt-namn").get_data(
        as_text=True)
    response = client.post(f"/utkast/{public_id}/byt-namn", data={"title": "Läxhjälp 2027"})
    assert response.status_code == 302
    assert "Läxhjälp 2027" in client.get("/utkast/").get_data(as_text=True)
    assert json.loads(client.post(f"/utkast/{public_id}/svar.json").data)["title"] == "Läxhjälp 2027"
    response = client.post(f"/utkast/{public_id}/byt-namn", data={"title": ""})
    assert response.status_code == 422


def test_delete_asks_first_and_works_without_javascript(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    post_step(client, public_id, "avtalet")
    page = client.get(f"/utkast/{public_id}/ta-bort").get_data(as_text=True)
    assert "Vill du ta bort Samverkan om läxhjälp i Rannebergen?" in page
    assert f'action="/utkast/{public_id}/ta-bort"' in page or '<form method="post">' in page
    assert client.get(f"/utkast/{public_id}/granska").status_code == 200  # asking deleted nothing
    response = client.post(f"/utkast/{public_id}/ta-bort")
    assert response.status_code == 302
    assert "är borttaget" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get(f"/utkast/{public_id}/granska").status_code == 404
    assert "draft_delete" in actions()


def test_an_oversized_upload_gets_a_clear_page(client, auth, staff_a):
    auth.login(staff_a)
    content = b"{" + b" " * (3 * 1024 * 1024) + b"}"
    builder = EnvironBuilder(path="/utkast/importera", method="POST",
                             data={"file": (io.BytesIO(content), "svar.json")})
    request = builder.get_request()
    try:  # the test client spools a large body to a temporary file: close it
        response = client.open(request)
    finally:
        request.environ["wsgi.input"].close()
        builder.close()
    assert response.status_code == 413
    assert "För mycket data" in response.get_data(as_text=True)
    assert db.session.execute(select(Draft)).first() is None


def test_a_new_draft_asks_for_its_title_first_and_an_empty_click_leaves_nothing(client, auth, staff_a):
    from app.models import Draft
    auth.login(staff_a)
    before = db.session.query(Draft).count()
    response = client.post("/utkast/nytt", data={"title": "   "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Ge utkastet en rubrik först" in page
    assert 'aria-invalid="true"' in page and db.session.query(Draft).count() == before
    response = client.post("/utkast/nytt", data={"title": "  Språkcafé   i Hjällbo "})
    assert response.status_code == 302 and response.headers["Location"].endswith("/steg/avtalet")
    step = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="Språkcafé i Hjällbo"' in step  # the first step shows the title given
    assert "Språkcafé i Hjällbo" in client.get("/utkast/").get_data(as_text=True)
