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
