"""Accounts people can live with: own password changes, one-time reset links, a password policy,
normalised e-mail addresses and an idle timeout."""
from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, PasswordReset, User
from app.services import accounts
from conftest import PASSWORD, make_user

NEW = "tre gröna stolar i hallen"


@pytest.mark.parametrize("password, problem", [
    ("kort lösen", "minst 12 tecken"),
    ("aaaaaaaaaaaaaaaa", "ett och samma tecken"),
    ("password1234", "de vanligaste lösenorden"),
    ("Qwertyuiop12", "de vanligaste lösenorden"),
    ("anna.berg@exempelbo.se", "din e-postadress"),
])
def test_the_policy_refuses_passwords_that_are_easy_to_guess(app: Any, password: str, problem: str) -> None:
    with pytest.raises(accounts.AccountError) as refused:
        accounts.check_password_policy(password, "Anna.Berg@exempelbo.se")
    assert problem in str(refused.value)
    accounts.check_password_policy(NEW, "anna.berg@exempelbo.se")  # a passphrase passes


def test_look_alike_addresses_collide(app: Any, org_a: Any) -> None:
    accounts.create_user("Anna@Exempelbo.se", "staff", org_a, NEW)
    db.session.commit()
    with pytest.raises(accounts.AccountError):
        accounts.create_user("ａｎｎａ@exempelbo.se", "staff", org_a, NEW)  # full-width letters
    assert User.by_email("ANNA@EXEMPELBO.SE") is not None and User.by_email("ａｎｎａ@exempelbo.se") is not None


@pytest.fixture
def web(make_app: Any) -> Any:
    """An app whose requests each have their own context (no outer app context caching the user)."""
    app = make_app()
    with app.app_context():
        organisation = accounts.create_organisation("Exempelbo AB", "556677-8899")
        make_user("anna@exempelbo.se", "staff", organisation)
        make_user("admin@exempelbo.se", "admin", organisation)
    return app


def login(client: Any, email: str, password: str = PASSWORD) -> Any:
    return client.post("/logga-in", data={"email": email, "password": password})


def test_a_user_changes_their_own_password_and_other_sessions_end(web: Any) -> None:
    client, other = web.test_client(), web.test_client()
    assert login(other, "anna@exempelbo.se").status_code == 302
    assert login(client, "anna@exempelbo.se").status_code == 302
    assert "Byt lösenord" in client.get("/utkast/").get_data(as_text=True)
    wrong = client.post("/konto/losenord", data={"current": "fel", "new": NEW, "repeat": NEW})
    assert wrong.status_code == 422 and "Det nuvarande lösenordet stämmer inte." in wrong.get_data(as_text=True)
    common = client.post("/konto/losenord", data={"current": PASSWORD, "new": "password1234",
                                                   "repeat": "password1234"})
    assert common.status_code == 422 and "de vanligaste lösenorden" in common.get_data(as_text=True)
    differ = client.post("/konto/losenord", data={"current": PASSWORD, "new": NEW, "repeat": NEW + "x"})
    assert differ.status_code == 422 and "De två nya lösenorden är inte lika." in differ.get_data(as_text=True)
    done = client.post("/konto/losenord", data={"current": PASSWORD, "new": NEW, "repeat": NEW},
                       follow_redirects=True)
    assert "Ditt lösenord är bytt" in done.get_data(as_text=True)
    assert client.get("/utkast/").status_code == 200  # this session goes on
    assert other.get("/utkast/").status_code == 302  # the other one has ended
    fresh = web.test_client()
    assert login(fresh, "anna@exempelbo.se", PASSWORD).status_code == 200  # the old password no longer works
    assert login(fresh, "anna@exempelbo.se", NEW).status_code == 302


def reset_url(client: Any, email: str) -> str:
    with client.application.app_context():
        user_id = User.by_email(email).id
    response = client.post(f"/admin/anvandare/{user_id}/aterstallning")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    return re.search(r"<code>https?://[^/]+(/aterstall/[^<]+)</code>", page).group(1)


def test_an_admin_issues_a_one_time_link_that_expires(web: Any) -> None:
    admin = web.test_client()
    assert login(admin, "admin@exempelbo.se").status_code == 302
    url = reset_url(admin, "anna@exempelbo.se")
    token = url.rsplit("/", 1)[1]
    with web.app_context():
        stored = db.session.execute(select(PasswordReset)).scalar_one()
        assert stored.token_hash == PasswordReset.digest(token) and token not in stored.token_hash  # only the hash
    anonymous = web.test_client()
    page = anonymous.get(url)
    assert page.status_code == 200 and "anna@exempelbo.se" in page.get_data(as_text=True)
    assert page.headers["X-Robots-Tag"].startswith("noindex") and page.headers["Referrer-Policy"] == "no-referrer"
    short = anonymous.post(url, data={"new": "kort", "repeat": "kort"})
    assert short.status_code == 422 and "minst 12 tecken" in short.get_data(as_text=True)
    assert anonymous.post(url, data={"new": NEW, "repeat": NEW}).status_code == 302
    assert login(web.test_client(), "anna@exempelbo.se", NEW).status_code == 302
    again = web.test_client().get(url)  # single use
    assert again.status_code == 404 and "Länken gäller inte" in again.get_data(as_text=True)
    with web.app_context():
        actions = [e.action for e in db.session.execute(select(AuditEvent)).scalars()]
    assert "password_reset_issued" in actions and "password_reset_used" in actions

    expired = reset_url(admin, "anna@exempelbo.se")
    with web.app_context():
        reset = db.session.execute(select(PasswordReset).filter_by(used_at=None)).scalar_one()
        reset.expires_at = dt.datetime(2020, 1, 1)
        db.session.commit()
    assert web.test_client().get(expired).status_code == 404
    newer, newest = reset_url(admin, "anna@exempelbo.se"), reset_url(admin, "anna@exempelbo.se")
    assert web.test_client().get(newer).status_code == 404  # a new link replaces the one before
    assert web.test_client().get(newest).status_code == 200


def test_an_idle_session_ends(web: Any) -> None:
    client = web.test_client()
    assert login(client, "anna@exempelbo.se").status_code == 302
    assert client.get("/utkast/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - int(web.config["SESSION_IDLE_TIMEOUT"].total_seconds()) - 5
    response = client.get("/utkast/")
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Du har loggats ut eftersom du inte har använt tjänsten på 2 timmar" in page
    assert client.get("/utkast/").status_code == 302  # logged out for good, not just redirected once
