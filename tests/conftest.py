"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL from TEST_DATABASE_URL)."""
from __future__ import annotations

import os
from typing import Any, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from app import PROJECT_ROOT, create_app, normalise_database_url
from app.agreement.checkpoints import load_rules
from app.config import TestConfig
from app.extensions import db
from app.models import Organisation, User

PASSWORD = "correct horse battery"
ORG_A = ("Exempelbo AB", "556677-8899")
ORG_B = ("Andrabo AB", "556000-0019")


def compile_translations() -> None:
    """Compile the .po catalogues (the .mo files are build output, not in git)."""
    if any((PROJECT_ROOT / "app" / "translations").glob("*/LC_MESSAGES/messages.po")):
        from babel.messages.frontend import CommandLineInterface

        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(PROJECT_ROOT / "app" / "translations")])


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Build the schema once per run with the migrations, as a deployment would."""
    compile_translations()
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        reset_postgres(url)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        db.engine.dispose()
    return url


def vars_of(config: type) -> dict[str, Any]:
    return {k: getattr(config, k) for k in dir(config) if k.isupper()}


def empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def make_app(database_url: str) -> Iterator[Any]:
    """Return a factory for apps on the test database; tables are emptied afterwards."""
    apps: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        app = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": database_url, **overrides})
        apps.append(app)
        return app

    yield factory
    for app in apps[:1]:
        with app.app_context():
            db.session.remove()
            empty_tables()
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Any) -> Iterator[Flask]:
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


def make_user(email: str, role: str, org: Organisation | None) -> User:
    user = User(email=email, role=role, organisation=org)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def org_a(app: Flask) -> Organisation:
    org = Organisation(name=ORG_A[0], org_number=ORG_A[1])
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def org_b(app: Flask) -> Organisation:
    org = Organisation(name=ORG_B[0], org_number=ORG_B[1])
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def staff_a(org_a: Organisation) -> User:
    return make_user("anna@exempelbo.se", "staff", org_a)


@pytest.fixture
def staff_b(org_b: Organisation) -> User:
    return make_user("bertil@andrabo.se", "staff", org_b)


@pytest.fixture
def reviewer(app: Flask) -> User:
    return make_user("jurist1@exempel.se", "reviewer", None)


@pytest.fixture
def reviewer2(app: Flask) -> User:
    return make_user("jurist2@exempel.se", "reviewer", None)


@pytest.fixture
def admin(org_a: Organisation) -> User:
    return make_user("admin@exempelbo.se", "admin", org_a)


class AuthActions:
    def __init__(self, client: FlaskClient):
        self.client = client

    def login(self, user: User | str, password: str = PASSWORD) -> Any:
        email = user if isinstance(user, str) else user.email
        return self.client.post("/logga-in", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self.client.post("/logga-ut")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


# The parameters of the shipped rules file (limits, rates): tests take them from there, not from literals.
RULE_PARAMETERS: dict[str, Any] = load_rules(PROJECT_ROOT / "rules" / "checkpoints.yaml").parameter_values()

EXAMPLE_ANSWERS: dict[str, Any] = {
    "schema_version": 1,
    "language": "sv",
    "intended_form": "partnership",
    "title": "Samverkansavtal om mötesplats i Rannebergen",
    "housing_company": {
        "name": "Exempelbo AB", "org_number": "556677-8899", "address": "Storgatan 1, 123 45 Exempelstad",
        "contact": {"name": "Karin Berg", "role": "Områdeschef", "email": "karin@exempelbo.se", "phone": "010-123 45 67"},
        "signatory": {"name": "Lars Holm", "title": "VD"},
        "mandate_in_owner_directive": "yes",
    },
    "partners": [
        {"name": "Föreningen Mötesplats Öst", "org_number": "802400-0005", "org_form": "ideell_forening",
         "registered_ideburen": False, "sells_on_market": False,
         "contact": {"name": "Amina Yusuf", "role": "Ordförande", "email": "amina@motesplats.se", "phone": ""},
         "signatory": {"name": "Amina Yusuf", "title": "Ordförande"}},
    ],
    "activity": {
        "kinds": ["motesplats"], "area": "Rannebergen", "description": "En öppen mötesplats för boende.",
        "goal_areas": ["samhallsservice"], "goals": "Fler boende deltar.", "initiative": "partner",
        "partner_runs_own_activity": True, "residents_involved": True, "children_involved": False,
        "religious_or_political_content": False,
    },
    "exchange": {
        "company_pays": True, "amount_per_year_sek": 350000, "payment_model": "lump_sum_grant",
        "partner_delivers_to_company": False, "company_would_otherwise_buy": False, "market_exists": "no",
        "detailed_control": False, "penalties": False, "repayment_of_unused_funds": True,
        "partner_own_contribution": True, "own_contribution_description": "Ideella timmar.",
        "logo_or_marketing_for_company": False, "exclusivity": False, "annex2_service": "unknown",
        "related_agreements_12m_sek": 0, "de_minimis_received_3y_eur": 0,
    },
    "premises": {"provided": False},
    "personal_data": {},
    "term": {"start_date": "2027-01-01", "end_date": "2028-12-31", "open_ended": False, "auto_renewal": False,
             "extension_months": 0, "notice_months": 3},
    "follow_up": {"meeting_frequency": "quarterly", "indicators": ["Antal besökare per månad"],
                  "process_leaders": [{"name": "Karin Berg", "organisation": "Exempelbo AB", "role": "Områdeschef"}]},
    "governance": {"conflict_of_interest": False, "insurance_required": True,
                   "dispute_resolution": "mediation_then_court"},
}


@pytest.fixture
def answers_data() -> dict[str, Any]:
    """A complete, valid answers object (a deep copy each time)."""
    import copy

    return copy.deepcopy(EXAMPLE_ANSWERS)


class Mailbox:
    """The messages a real SMTP server on loopback has received, parsed."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.original_content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[Mailbox]:
    """Run an SMTP server on a free loopback port and point the app's mail settings at it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="noreply@exempelbo.se")
    try:
        yield mailbox
    finally:
        controller.stop()
        app.config["MAIL_SERVER"] = ""
