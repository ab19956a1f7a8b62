"""Every route × every kind of visitor × every method, against the policy declared on the route."""
from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.access import FORBIDDEN, GONE, LINK_HOLDERS, LOGIN, NOT_FOUND, OK, PERSONAS, POLICIES, policy_of
from app.config import TestConfig
from app.extensions import db
from app.models import Organisation
from conftest import ORG_B, PASSWORD, make_user, vars_of
from route_fixtures import create_objects, urls_for

METHODS = ("GET", "POST")
# Flask's own route for the static files needs no declaration.
BUILTIN = {"static": "public"}


def all_rules() -> list[tuple[str, str, str]]:
    """Return (endpoint, rule, method) for every route of the app, in a stable order."""
    app = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        db.engine.dispose()
    return sorted((rule.endpoint, rule.rule, method) for rule in app.url_map.iter_rules()
                  for method in METHODS if method in (rule.methods or ()))


def declared_policy(app: Flask, endpoint: str) -> str:
    policy = BUILTIN.get(endpoint) or policy_of(app.view_functions[endpoint])
    assert policy, (f"route {endpoint} declares no access rule: put @allow(<policy>) from app/access.py "
                    f"directly under its @bp.route")
    return policy


def outcome(response: Any) -> str:
    location = response.headers.get("Location", "")
    # Sent to log in *for this page* (Flask-Login adds next=); logging out also ends at /logga-in.
    if response.status_code in (301, 302, 303) and "/logga-in" in location and "next=" in location:
        return LOGIN
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 410:
        return GONE
    assert response.status_code < 500, f"server error {response.status_code}"
    return OK


def persona_clients(app: Flask, objects: Any) -> dict[str, FlaskClient]:
    with app.app_context():
        org_b = Organisation(name=ORG_B[0], org_number=ORG_B[1])
        db.session.add(org_b)
        db.session.commit()
        make_user("bertil@andrabo.se", "staff", org_b)
        make_user("jurist@andrabo.se", "reviewer", org_b)
    emails = {"staff_a": objects.staff_email, "staff_b": "bertil@andrabo.se",
              "reviewer": objects.reviewer_email, "reviewer_b": "jurist@andrabo.se", "admin": objects.admin_email}
    clients = {"anonymous": app.test_client()}
    for persona, email in emails.items():
        client = app.test_client()
        response = client.post("/logga-in", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, f"{persona} could not log in"
        clients[persona] = client
    # The link holders have opened their link first: whatever that leaves in the browser opens nothing else.
    for persona in LINK_HOLDERS:
        client = app.test_client()
        assert client.get(f"/partner/{held_token(persona, objects)}").status_code in (200, 410)
        clients[persona] = client
    return clients


def held_token(persona: str, objects: Any) -> str:
    """Return the partner's link a visitor holds: staff and anonymous visitors hold none (a made-up token)."""
    return {"link_valid": objects.partner_token, "link_revoked": objects.revoked_token,
            "link_other_draft": objects.other_token}.get(persona, "gissad-" + "x" * 40)


def test_every_route_declares_a_known_policy() -> None:
    app = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        db.engine.dispose()
    for endpoint in app.view_functions:
        assert declared_policy(app, endpoint) in POLICIES


@pytest.mark.parametrize("endpoint,rule,method", all_rules())
def test_access_matrix(make_app: Any, endpoint: str, rule: str, method: str) -> None:
    app = make_app()
    policy = declared_policy(app, endpoint)
    expected = POLICIES[policy]
    objects = create_objects(app)
    clients = persona_clients(app, objects)
    url_rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule)
    base_url = urls_for(app, url_rule, objects)[0]
    # Visitors who are let in go last: a permitted POST may delete or change what the URL names.
    order = sorted(PERSONAS, key=lambda p: expected[p] == OK)
    for persona in order:
        url = base_url
        if "partner_token" in url_rule.arguments:  # each visitor comes with the link they hold
            url = base_url.replace(objects.partner_token, held_token(persona, objects))
        response = clients[persona].open(url, method=method, data={})
        response.close()
        assert outcome(response) == expected[persona], (
            f"{method} {url} as {persona}: expected {expected[persona]} (policy {policy}), "
            f"got {response.status_code}")


def test_guessed_ids_reveal_nothing(make_app: Any) -> None:
    """Another organisation's staff get 404 for made-up and real ids alike."""
    app = make_app()
    objects = create_objects(app)
    clients = persona_clients(app, objects)
    staff_b = clients["staff_b"]
    guesses = [str(uuid.uuid4()), "1", "0", "../1", objects.draft_id.upper()]
    for guess in guesses:
        for method, path in (("get", "/utkast/{}/granska"), ("post", "/utkast/{}/svar.json"),
                             ("get", "/utkast/{}/steg/avtalet"), ("post", "/utkast/{}/export/" + objects.export_id)):
            assert getattr(staff_b, method)(path.format(guess)).status_code == 404
    assert staff_b.post(f"/utkast/{objects.draft_id}/export/{uuid.uuid4()}").status_code == 404
    # the owner's own draft, with a made-up export id, is also 404 — not someone else's export
    assert clients["staff_a"].post(f"/utkast/{objects.draft_id}/export/{uuid.uuid4()}").status_code == 404
