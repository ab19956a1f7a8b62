"""Hardening: login throttling, password hashes, session cookies, security headers, request size."""
from __future__ import annotations

import socket
import uuid
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.config import Config, ProductionConfig
from app.extensions import db
from app.models import AuditEvent, Draft, User
from conftest import PASSWORD, make_user
from route_fixtures import Objects, create_objects, csrf_token, rules_with, urls_for
from wizard_helpers import STEP_DATA, new_draft, post_step, version_of

THROTTLED = "För många inloggningsförsök"
TOO_LARGE = "Det du skickade är för stort (högst %d MB). Inget har sparats"


def login(client: FlaskClient, email: str, password: str = PASSWORD, address: str = "192.0.2.1") -> Any:
    return client.post("/logga-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def audit_actions(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.execute(select(AuditEvent).filter_by(action=action)).scalars())


@pytest.fixture
def limited_app(make_app: Any) -> Flask:
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        make_user("anna@exempelbo.se", "staff", None)
        make_user("bo@exempelbo.se", "staff", None)
    return app


# --- login throttling ---------------------------------------------------------------------------

def test_the_limits_are_the_documented_ones() -> None:
    assert Config.LOGIN_LIMIT_ACCOUNT == "5/minute;20/hour" and Config.LOGIN_LIMIT_ADDRESS == "30/minute"
    assert Config.LOGIN_LIMIT_ACCOUNT_ANYWHERE == "100/hour"
    assert Config.RATELIMIT_ENABLED and Config.RATELIMIT_STORAGE_URI == "memory://"


def test_an_account_is_throttled_after_five_failures_from_one_address(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _attempt in range(5):
        assert login(client, " Anna@Exempelbo.se", "fel", address="192.0.2.1").status_code == 200
    # the sixth try from that address is refused even with the right password
    response = login(client, "anna@exempelbo.se", address="192.0.2.1")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert THROTTLED in page and "Vänta några minuter" in page and response.headers["Retry-After"]
    events = audit_actions(limited_app, "login_throttled")
    assert [(e.target_id, e.details["address"]) for e in events] == [("anna@exempelbo.se", "192.0.2.1")]
    # the owner of the account, elsewhere, is not locked out by someone else's guesses
    assert login(limited_app.test_client(), "anna@exempelbo.se", address="198.51.100.7").status_code == 302
    # other accounts and the login page itself are not affected
    assert client.get("/logga-in").status_code == 200
    assert login(client, "bo@exempelbo.se", address="192.0.2.1").status_code == 302


def test_locking_an_account_everywhere_takes_a_hundred_failures(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for attempt in range(100):  # spread over addresses, four from each
        address = f"192.0.{attempt // 4 // 250}.{attempt // 4 % 250 + 1}"
        assert login(client, "anna@exempelbo.se", "fel", address=address).status_code == 200, attempt
    assert login(client, "anna@exempelbo.se", address="198.51.100.7").status_code == 429


def test_look_alike_addresses_count_against_the_same_account(limited_app: Flask) -> None:
    # The limiter keys on the address as the login looks it up (NFKC, case-folded), not as typed.
    client = limited_app.test_client()
    for typed in ("ＡＮＮＡ@exempelbo.se", "Anna@Exempelbo.se", "ａｎｎａ@exempelbo.se", "ANNA@exempelbo.se",
                  "anna@exempelbo.se"):
        assert login(client, typed, "fel", address="192.0.2.1").status_code == 200
    assert login(client, "anna@exempelbo.se", address="192.0.2.1").status_code == 429


def test_a_json_body_counts_against_the_account_like_a_form(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _attempt in range(5):
        response = client.post("/logga-in", json={"email": "anna@exempelbo.se", "password": "fel"},
                               environ_base={"REMOTE_ADDR": "192.0.2.1"})
        assert response.status_code == 200
    assert login(client, "anna@exempelbo.se", address="192.0.2.1").status_code == 429


def test_unknown_deactivated_and_real_accounts_take_the_same_work_and_get_the_same_message(
        limited_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.models import user as user_module

    with limited_app.app_context():
        make_user("slutat@exempelbo.se", "staff", None).active = False
        db.session.commit()
    checks: list[str] = []
    real = user_module.check_password_hash
    monkeypatch.setattr(user_module, "check_password_hash", lambda h, p: checks.append(h[:6]) or real(h, p))
    pages = []
    for email in ("finns.inte@exempelbo.se", "slutat@exempelbo.se", "anna@exempelbo.se"):
        checks.clear()
        response = login(limited_app.test_client(), email, "fel lösenord", address="192.0.2.50")
        assert response.status_code == 200
        assert checks == ["scrypt"], email  # one scrypt check each: an unknown address is checked against a dummy
        page = response.get_data(as_text=True)
        pages.append(page[page.index("<main"):page.index("</main>")].replace(email, ""))
    assert "Fel e-postadress eller lösenord." in pages[0] and pages[0] == pages[1] == pages[2]


def test_successful_logins_do_not_count_against_the_account(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _ in range(7):
        assert login(client, "anna@exempelbo.se").status_code == 302
        client.post("/logga-ut")


def test_an_address_is_throttled_after_thirty_attempts(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for n in range(30):
        assert login(client, f"gissning{n}@exempel.se", "fel", address="203.0.113.9").status_code == 200
    assert login(client, "anna@exempelbo.se", address="203.0.113.9").status_code == 429
    assert login(client, "anna@exempelbo.se", address="203.0.113.10").status_code == 302


def redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_redis_storage_is_shared_by_processes(make_app: Any) -> None:
    """A second app (another process) on the same Redis sees the first one's count; memory storage would not."""
    import redis

    prefix = f"samverkansguiden-test-{uuid.uuid4().hex}"
    config = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
              "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix}}
    first = make_app(**config)
    with first.app_context():
        make_user("anna@exempelbo.se", "staff", None)
    server = redis.Redis.from_url("redis://127.0.0.1:6379")
    try:
        for _ in range(5):
            assert login(first.test_client(), "anna@exempelbo.se", "fel").status_code == 200
        assert server.keys(f"{prefix}*")
        second = make_app(**config)
        assert login(second.test_client(), "anna@exempelbo.se").status_code == 429
    finally:
        for key in server.scan_iter(f"{prefix}*"):
            server.delete(key)
        server.close()


# --- passwords and session cookies --------------------------------------------------------------

def test_passwords_are_hashed_with_scrypt(app: Flask) -> None:
    user = make_user("anna@exempelbo.se", "staff", None)
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def session_cookie(response: Any, name: str = "session") -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    assert headers, "the response sets no session cookie"
    return headers[-1]


def test_session_cookie_flags(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    with app.app_context():
        make_user("anna@exempelbo.se", "staff", None)
    cookie = session_cookie(login(app.test_client(), "anna@exempelbo.se"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    production = make_app(SECRET_KEY="p" * 40)
    client = production.test_client()
    response = client.post("/logga-in", data={"email": "anna@exempelbo.se", "password": PASSWORD},
                           base_url="https://localhost")
    assert response.status_code == 302
    # The __Host- prefix: the browser keeps it only from https, for the whole host, with no Domain.
    cookie = session_cookie(response, "__Host-session")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Path=/" in cookie and "Domain=" not in cookie
    page = client.get("/utkast/", base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_signed_in_pages_and_downloads_are_not_stored(make_app: Any) -> None:
    from wizard_helpers import complete_draft

    app = make_app()
    with app.app_context():
        from app.models import Organisation

        org = Organisation(name="Exempelbo AB", org_number="556677-8899")
        db.session.add(org)
        db.session.commit()
        make_user("anna@exempelbo.se", "staff", org)
    client = app.test_client()
    assert "no-store" not in client.get("/logga-in").headers.get("Cache-Control", "")  # nobody's data yet
    login(client, "anna@exempelbo.se")
    public_id = complete_draft(client)
    assert client.get("/utkast/").headers["Cache-Control"] == "no-store"
    download = client.post(f"/utkast/{public_id}/svar.json")
    assert download.headers["Cache-Control"] == "no-store" and download.mimetype == "application/json"
    static = client.get("/static/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()
    # A download that writes an audit entry is never a GET (a prefetch or a crawler would write it).
    assert client.get(f"/utkast/{public_id}/svar.json").status_code == 405


def test_login_issues_a_new_session_and_an_old_cookie_carries_no_login(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_user("anna@exempelbo.se", "staff", None)
    victim = app.test_client()
    page = victim.get("/logga-in")
    anonymous = victim.get_cookie("session")
    assert anonymous is not None, "the login page sets a session (for the CSRF token)"
    token = csrf_token(page.get_data(as_text=True))
    response = victim.post("/logga-in", data={"email": "anna@exempelbo.se", "password": PASSWORD,
                                              "csrf_token": token})
    assert response.status_code == 302
    logged_in = victim.get_cookie("session")
    assert logged_in.value != anonymous.value
    assert victim.get("/roll").status_code == 200
    # an attacker who planted or captured the anonymous cookie does not get the login with it
    attacker = app.test_client()
    attacker.set_cookie("session", anonymous.value)
    assert attacker.get("/roll").status_code == 302
    # logout clears the session in the browser
    response = victim.post("/logga-ut", data={"csrf_token": csrf_token(victim.get("/roll").get_data(as_text=True))})
    assert response.status_code == 302
    after = victim.get_cookie("session")
    assert after is None or after.value != logged_in.value
    assert victim.get("/roll").status_code == 302
    # a copy of the logged-in cookie, replayed after logout, no longer logs anyone in
    thief = app.test_client()
    thief.set_cookie("session", logged_in.value)
    assert thief.get("/roll").status_code == 302


# --- security headers on every page -------------------------------------------------------------

class InlineCode(HTMLParser):
    """Collect what the CSP would block: inline scripts and styles, style= and on*= attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        self.found += [f"{name}= attribute on <{tag}>" for name in sorted(names)
                       if name == "style" or name.startswith("on")]


def check_page(url: str, role: str, response: Any) -> list[str]:
    where = f"GET {url} as {role} ({response.status_code})"
    problems = [] if response.status_code < 500 else [f"{where}: server error"]
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{where}: no X-Content-Type-Options: nosniff")
    if response.mimetype != "text/html":
        return problems
    csp = response.headers.get("Content-Security-Policy", "")
    if "unsafe-inline" in csp or "frame-ancestors 'none'" not in csp or "script-src 'self'" not in csp:
        problems.append(f"{where}: weak Content-Security-Policy {csp!r}")
    if not response.headers.get("Referrer-Policy"):
        problems.append(f"{where}: no Referrer-Policy")
    parser = InlineCode()
    parser.feed(response.get_data(as_text=True))
    problems += [f"{where}: {item}" for item in parser.found]
    return problems


def test_every_page_has_the_security_headers_and_no_inline_code(make_app: Any) -> None:
    app = make_app()
    objects: Objects = create_objects(app)
    clients = {"anonymous": app.test_client()}
    for role, email in (("staff", objects.staff_email), ("reviewer", objects.reviewer_email),
                        ("admin", objects.admin_email)):
        clients[role] = app.test_client()
        assert login(clients[role], email).status_code == 302
    problems: list[str] = []
    pages = 0
    for rule in rules_with(app, ("GET",)):
        for url in urls_for(app, rule, objects):
            for role, client in clients.items():
                response = client.get(url)
                pages += response.mimetype == "text/html" and response.status_code == 200
                problems += check_page(url, role, response)
                response.close()
    assert pages > 20
    assert not problems, "\n".join(problems)


# --- request size ---------------------------------------------------------------------------------

@pytest.fixture
def staff_client(app: Flask, staff_a: User, auth: Any) -> FlaskClient:
    auth.login(staff_a)
    return auth.client


def draft_count() -> int:
    return db.session.execute(select(func.count()).select_from(Draft)).scalar_one()


def test_an_oversized_answers_file_is_refused_with_a_clear_message(staff_client: FlaskClient) -> None:
    before = draft_count()
    # The multipart body is built by hand: werkzeug's builder spools a large one to a file it never closes.
    body = (b'--grans\r\nContent-Disposition: form-data; name="file"; filename="svar.json"\r\n'
            b'Content-Type: application/json\r\n\r\n{"title": "' + b"x" * (2 * 1024 * 1024) + b'"}\r\n--grans--\r\n')
    response = staff_client.post("/utkast/importera", data=body, content_type="multipart/form-data; boundary=grans")
    assert response.status_code == 413 and TOO_LARGE % 2 in response.get_data(as_text=True)
    assert draft_count() == before


def test_an_oversized_wizard_step_is_refused_and_nothing_is_saved(staff_client: FlaskClient) -> None:
    public_id = new_draft(staff_client)
    assert post_step(staff_client, public_id, "avtalet").status_code == 302
    url = f"/utkast/{public_id}/steg/verksamheten"
    version = version_of(staff_client.get(url).get_data(as_text=True))
    db.session.expire_all()
    stored = dict(db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one().answers)
    # beyond the app's 2 MB but within a step's limit: refused on its field, the rest kept, nothing saved
    data = {**STEP_DATA["verksamheten"], "description": "x" * (2 * 1024 * 1024 + 1), "version": version}
    response = staff_client.post(url, data=data)
    assert response.status_code == 422 and "Texten var för lång" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one().answers == stored
    # beyond what any step may carry: the server's "too much data" page
    data = {**STEP_DATA["verksamheten"], "description": "x" * (17 * 1024 * 1024), "version": version}
    response = staff_client.post(url, data=data)
    assert response.status_code == 413 and TOO_LARGE % 16 in response.get_data(as_text=True)
    db.session.expire_all()
    draft = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
    assert draft.answers == stored and str(draft.version) == version
