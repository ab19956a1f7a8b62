"""The migrations: one head, and a schema that matches the models."""
from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Config

from app import PROJECT_ROOT
from app.extensions import db


def test_single_head():
    config = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_models_match_the_migrated_schema(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations disagree; run `flask db migrate`: {differences}"


def test_a_single_partner_gets_the_whole_payment_and_its_de_minimis_history(tmp_path):
    """Drafts saved before shares existed: one partner gets the whole; several keep their answers."""
    import datetime as dt

    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.agreement.answers import validate
    from app.config import TestConfig
    from conftest import EXAMPLE_ANSWERS, vars_of

    url = "sqlite:///" + str(tmp_path / "old.sqlite3")
    app = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": url})
    one = {**EXAMPLE_ANSWERS, "exchange": {**EXAMPLE_ANSWERS["exchange"], "de_minimis_received_3y_eur": 1200}}
    two = {**one, "partners": one["partners"] + [{"name": "Föreningen Två", "org_number": "802500-0004"}]}
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="0002")
        now = dt.datetime(2026, 11, 1)
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisation (id, name, org_number, created_at) "
                              "VALUES (1, 'Exempelbo AB', '556677-8899', :now)"), {"now": now})
            for draft_id, answers in ((1, one), (2, two)):
                conn.execute(text("INSERT INTO draft (id, public_id, organisation_id, title, answers, status, "
                                  "clause_pins, version, created_at, updated_at) VALUES (:id, :pid, 1, 't', "
                                  ":answers, 'complete', '{}', 1, :now, :now)"),
                             {"id": draft_id, "pid": f"d{draft_id}", "answers": json.dumps(answers), "now": now})
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, answers FROM draft")).all())
        db.engine.dispose()
    migrated = json.loads(rows[1])["partners"][0]
    assert migrated["payment_share_percent"] == 100 and migrated["de_minimis_received_3y_eur"] == 1200
    assert validate(json.loads(rows[1])).partners[0].payment_share_percent == 100
    assert json.loads(rows[2])["partners"] == two["partners"]  # the wizard asks for the shares


def test_existing_drafts_become_utkast_when_legal_review_arrives(tmp_path):
    """The migration gives every draft saved before legal review the status utkast, nobody's change."""
    import datetime as dt

    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.config import TestConfig
    from conftest import EXAMPLE_ANSWERS, vars_of

    url = "sqlite:///" + str(tmp_path / "old.sqlite3")
    app = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="0006")
        now = dt.datetime(2026, 11, 1)
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisation (id, name, org_number, created_at) "
                              "VALUES (1, 'Exempelbo AB', '556677-8899', :now)"), {"now": now})
            for draft_id in (1, 2):
                conn.execute(text("INSERT INTO draft (id, public_id, organisation_id, title, answers, status, "
                                  "clause_pins, version, created_at, updated_at) VALUES (:id, :pid, 1, 't', "
                                  ":answers, 'complete', '{}', 1, :now, :now)"),
                             {"id": draft_id, "pid": f"d{draft_id}", "answers": json.dumps(EXAMPLE_ANSWERS),
                              "now": now})
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT draft_id, organisation_id, status, changed_by_id FROM draft_review "
                                     "ORDER BY draft_id")).all()
        db.engine.dispose()
    assert [tuple(r) for r in rows] == [(1, 1, "draft", None), (2, 1, "draft", None)]
