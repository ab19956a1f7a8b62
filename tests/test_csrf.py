"""CSRF: every state-changing route refuses a request without a valid token and changes nothing."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Draft
from conftest import PASSWORD
from route_fixtures import STATE_CHANGING, Objects, create_objects, csrf_token, rules_with, snapshot, urls_for

CSRF_TITLE = "Formuläret har gått ut"


def drafts(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Draft)).scalar_one()


def logged_in(app: Flask, email: str) -> tuple[FlaskClient, str]:
    """Log in as a browser would: fetch the login page, post its token. Return the client and the token."""
    client = app.test_client()
    token = csrf_token(client.get("/logga-in").get_data(as_text=True))
    response = client.post("/logga-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return client, token


@pytest.fixture
def csrf_app(make_app: Any) -> Flask:
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def objects(csrf_app: Flask) -> Objects:
    return create_objects(csrf_app)


def test_every_state_changing_route_refuses_a_request_without_token(csrf_app: Flask, objects: Objects) -> None:
    clients = {"anonymous": csrf_app.test_client(), "admin": logged_in(csrf_app, objects.admin_email)[0],
               "staff": logged_in(csrf_app, objects.staff_email)[0],
               "reviewer": logged_in(csrf_app, objects.reviewer_email)[0]}
    before = snapshot(csrf_app)
    checked = []
    for rule in rules_with(csrf_app, STATE_CHANGING):
        for url in urls_for(csrf_app, rule, objects):
            for method in sorted(set(rule.methods or ()) & set(STATE_CHANGING)):
                for role, client in clients.items():
                    response = client.open(url, method=method, data={"title": "Ändrat", "language": "en"})
                    page = response.get_data(as_text=True)
                    assert response.status_code == 400 and CSRF_TITLE in page, \
                        f"{method} {url} as {role} without a CSRF token gave {response.status_code}, not the CSRF page"
                    checked.append((method, rule.endpoint))
    assert snapshot(csrf_app) == before, "a request without a CSRF token changed the database"
    endpoints = {endpoint for _, endpoint in checked}
    assert {"auth.login", "auth.logout", "wizard.new", "wizard.step", "library.decide"} <= endpoints


def test_a_token_from_another_session_is_refused(csrf_app: Flask, objects: Objects) -> None:
    _, reviewers_token = logged_in(csrf_app, objects.reviewer_email)
    client, _ = logged_in(csrf_app, objects.staff_email)
    before = snapshot(csrf_app)
    response = client.post("/utkast/nytt", data={"csrf_token": reviewers_token, "title": "Läxhjälp"})
    assert response.status_code == 400 and CSRF_TITLE in response.get_data(as_text=True)
    assert snapshot(csrf_app) == before


def test_the_same_request_with_the_token_is_accepted(csrf_app: Flask, objects: Objects) -> None:
    """The control: the refusals above are about the token, not about the route."""
    client, _ = logged_in(csrf_app, objects.staff_email)
    token = csrf_token(client.get("/utkast/").get_data(as_text=True))
    before = drafts(csrf_app)
    response = client.post("/utkast/nytt", data={"csrf_token": token, "title": "Läxhjälp"})
    assert response.status_code == 302 and "/steg/" in response.headers["Location"]
    assert drafts(csrf_app) == before + 1


def multipart(fields: dict[str, Any]) -> dict[str, Any]:
    """A multipart body built in memory, as a browser sends it (the test client spools a large one to disk)."""
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart(fields)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def final_draft(app: Flask, objects: Objects) -> str:
    """Make a draft that can be recorded as signed, in the app's own context."""
    from conftest import EXAMPLE_ANSWERS
    from test_lifecycle import final_draft as make

    with app.app_context():
        return make(objects.org_id, objects.staff_id, {**EXAMPLE_ANSWERS, "title": "Att skriva under"}).public_id


def test_a_signed_copy_larger_than_the_app_wide_limit_passes_the_csrf_check(csrf_app: Flask, objects: Objects) -> None:
    """The CSRF check reads the form before the view runs: the upload views' larger limit must already hold."""
    import io

    from werkzeug.datastructures import FileStorage

    from app.models import SignedCopy

    client = logged_in(csrf_app, objects.staff_email)[0]
    token = csrf_token(client.get(f"/avtal/{objects.agreement_id}/").get_data(as_text=True))
    big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 4096) + b"\n%%EOF\n"

    def pdf(name: str) -> FileStorage:
        return FileStorage(io.BytesIO(big), name, content_type="application/pdf")

    response = client.post(f"/avtal/{objects.agreement_id}/kopia",
                           **multipart({"csrf_token": token, "copy": pdf("avtal.pdf")}))
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    signable = final_draft(csrf_app, objects)
    page = client.get(f"/utkast/{signable}/granska").get_data(as_text=True)
    assert "Registrera att avtalet är undertecknat" in page
    response = client.post(f"/avtal/underteckna/{signable}", **multipart({
        "csrf_token": token, "signed_on": "2026-11-20", "copy": pdf("undertecknat.pdf"),
        **{f"signatories-{i}-name": f"Person {i}" for i in range(6)}}))
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    with csrf_app.app_context():
        sizes = db.session.execute(select(SignedCopy.size).where(SignedCopy.size == len(big))).scalars().all()
    assert len(sizes) == 2
    # Elsewhere the app-wide limit still holds.
    response = client.post(f"/avtal/{objects.agreement_id}/avsluta",
                           **multipart({"csrf_token": token, "copy": pdf("stor.pdf")}))
    assert response.status_code == 413
    assert "högst 2 MB" in response.get_data(as_text=True)
    huge = FileStorage(io.BytesIO(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)), "enorm.pdf", content_type="application/pdf")
    response = client.post(f"/avtal/{objects.agreement_id}/kopia", **multipart({"csrf_token": token, "copy": huge}))
    assert response.status_code == 413 and "högst 10 MB" in response.get_data(as_text=True)


def test_a_step_paste_beyond_the_app_wide_limit_keeps_the_other_fields_with_csrf_on(csrf_app: Flask,
                                                                                     objects: Objects) -> None:
    """With the CSRF check reading the form first, the step's larger limit must already hold."""
    import re

    from wizard_helpers import STEP_DATA

    client = logged_in(csrf_app, objects.staff_email)[0]
    url = f"/utkast/{objects.draft_id}/steg/verksamheten"
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]*)"', page).group(1)
    data = {**STEP_DATA["verksamheten"], "description": "x" * (2 * 1024 * 1024 + 1), "version": version,
            "csrf_token": csrf_token(page)}
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Texten var för lång" in page
    assert STEP_DATA["verksamheten"]["area"] in page
