"""Backup and restore: every row comes back unchanged, with its ids, and past exports render the same.

The SQLite tests always run. The PostgreSQL tests run when BACKUP_PG_URL names a database of
their own (they drop and rebuild its schema), e.g. postgresql://postgres@127.0.0.1/backup_check.

A past export is compared with the same export regenerated before the backup. On PostgreSQL
that is not yet byte-identical to the first download: JSONB reorders the keys of the stored
assessment's parameters, and the annex lists them in stored order (not a backup matter).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app import PROJECT_ROOT, normalise_database_url
from app.agreement.answers import Answers
from app.extensions import db
from app.models import AuditEvent, Clause, Draft, Export, Organisation, User
from app.services import backup, exports, review
from app.services.library import import_library
from conftest import EXAMPLE_ANSWERS, PASSWORD, empty_tables, reset_postgres

PG_URL = os.environ.get("BACKUP_PG_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="BACKUP_PG_URL is not set")


def all_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as the database returns it, ordered by primary key."""
    with db.engine.connect() as conn:
        return {table.name: [dict(row) for row in conn.execute(
            select(table).order_by(*table.primary_key.columns)).mappings()] for table in backup.tables()}


def document_xml(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        return docx.read("word/document.xml")


def build_data() -> bytes:
    """Two organisations, their users, drafts, a clause library with a reviewed change, an export."""
    org_a = Organisation(name="Exempelbo AB", org_number="556677-8899")
    org_b = Organisation(name="Andrabo AB", org_number="556000-0019")
    users = {}
    for email, role, org in (("anna@exempelbo.se", "staff", org_a), ("bertil@andrabo.se", "staff", org_b),
                             ("jurist1@exempel.se", "reviewer", None), ("jurist2@exempel.se", "reviewer", None),
                             ("admin@exempelbo.se", "admin", org_a), ("slutat@exempelbo.se", "staff", org_a)):
        users[email] = User(email=email, role=role, organisation=org, language="en" if role == "admin" else None)
        users[email].set_password(PASSWORD)
    users["slutat@exempelbo.se"].active = False
    db.session.add_all([org_a, org_b, *users.values()])
    db.session.flush()
    import_library(PROJECT_ROOT / "clauses")
    db.session.commit()

    clause = db.session.execute(select(Clause).order_by(Clause.id)).scalars().first()
    content = clause.approved.content()
    content["text"] = {**content["text"], "sv": content["text"]["sv"] + "\n\nTillägg efter granskning."}
    version = review.save_draft(clause, content, users["jurist1@exempel.se"], "Tydligare ansvar")
    review.submit(version, users["jurist1@exempel.se"])
    review.approve(version, users["jurist2@exempel.se"], "Bra")
    version.created_at = dt.datetime(2026, 2, 3, 4, 5, 6, 789012)

    staff_a = users["anna@exempelbo.se"]
    draft_a = Draft(organisation=org_a, owner=staff_a, title="Mötesplats Rannebergen", answers=EXAMPLE_ANSWERS)
    draft_b = Draft(organisation=org_b, owner=users["bertil@andrabo.se"], title="Läxhjälp Gårdsten",
                    answers={"schema_version": 1, "title": "Läxhjälp ✓ «Gårdsten»\u200f", "partners": []})
    db.session.add_all([draft_a, draft_b])
    db.session.flush()
    _, content_bytes = exports.create_export(draft_a, Answers.model_validate(EXAMPLE_ANSWERS), staff_a, lang="sv",
                                             final=False, with_comments=True, on=dt.date(2027, 1, 1))
    db.session.add(AuditEvent(at=dt.datetime(2025, 12, 31, 23, 59, 59, 999999), action="login",
                              actor_id=staff_a.id, target_type="user", target_id=str(staff_a.id)))
    db.session.commit()
    return content_bytes


def round_trip(app: Flask, tmp_path: Path) -> None:
    """Back up, empty the database, restore, and compare every row and a past export's text."""
    runner = app.test_cli_runner()
    original_docx = build_data()
    export = db.session.execute(select(Export)).scalar_one()
    regenerated = document_xml(exports.regenerate(export, User.by_email("anna@exempelbo.se")))
    db.session.rollback()  # regenerating records an audit event; keep the rows as they were
    before = all_rows()
    assert before["export"] and before["clause_version"] and len(before["organisation"]) == 2
    path = tmp_path / "backup.json"
    result = runner.invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output
    assert path.stat().st_mode & 0o077 == 0  # password hashes: readable by the owner only
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("samverkansguiden-backup", 1)
    assert {"organisation", "user", "draft", "clause", "clause_version", "export", "audit_event"} <= set(data["tables"])

    refused = runner.invoke(args=["backup", "restore", str(path)])
    assert refused.exit_code == 1 and "Databasen är inte tom" in refused.output

    db.session.remove()
    empty_tables()
    from app.services.library import library_revision

    emptied = library_revision()
    result = runner.invoke(args=["backup", "restore", str(path)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert all_rows() == before
    # Running processes rebuild their compiled library: the restore moved its revision.
    assert library_revision() > emptied

    export = db.session.execute(select(Export)).scalar_one()
    staff = User.by_email("anna@exempelbo.se")
    assert document_xml(exports.regenerate(export, staff)) == regenerated
    if db.engine.dialect.name == "sqlite":  # see the note on PostgreSQL in the module docstring
        assert regenerated == document_xml(original_docx)
    db.session.rollback()

    # new rows get fresh ids after the restored ones
    org = Organisation(name="Tredjebo AB", org_number="556999-9997")
    db.session.add(org)
    db.session.add(AuditEvent(action="after_restore"))
    db.session.commit()
    assert org.id == max(row["id"] for row in before["organisation"]) + 1

    # --force empties the database first
    result = runner.invoke(args=["backup", "restore", "--force", str(path)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert all_rows() == before


def test_round_trip_on_sqlite(app, tmp_path):
    round_trip(app, tmp_path)


def test_restored_users_log_in_and_see_their_drafts(app, client, tmp_path):
    build_data()
    path = tmp_path / "backup.json"
    with path.open("w", encoding="utf-8") as out:
        backup.write_backup(out)
    db.session.remove()
    empty_tables()
    with path.open(encoding="utf-8") as source:
        report = backup.restore_backup(source)
    assert report.rows["draft"] == 2 and not report.emptied
    client.post("/logga-in", data={"email": "anna@exempelbo.se", "password": PASSWORD})
    page = client.get("/utkast/").get_data(as_text=True)
    assert "Mötesplats Rannebergen" in page and "Läxhjälp Gårdsten" not in page
    draft = db.session.execute(select(Draft).filter_by(title="Mötesplats Rannebergen")).scalar_one()
    assert client.get(f"/utkast/{draft.public_id}/granska").status_code == 200


def backup_with(table: str, row: dict[str, Any]) -> str:
    return json.dumps({"format": "samverkansguiden-backup", "version": 1, "tables": {table: [row]}})


USER = {"id": 1, "email": "anna@exempelbo.se", "password_hash": "x", "role": "staff", "organisation_id": None,
        "active": True, "language": None, "session_nonce": "n", "created_at": "2026-01-01T00:00:00"}
CLAUSE = {"id": 1, "key": "parter", "created_at": "2026-01-01T00:00:00"}


@pytest.mark.parametrize("content, message", [
    (backup_with("user", {**USER, "role": "superadmin"}), "Tabellen user, rad 1, kolumnen role: okänd roll"),
    (backup_with("user", {**USER, "email": "Anna@Exempelbo.se"}), "kolumnen email"),
    (backup_with("clause", {**CLAUSE, "key": "../../etc/cron.d/x"}), "kolumnen key: ogiltigt klausul-id"),
    (backup_with("clause", {**CLAUSE, "key": "a/b"}), "ogiltigt klausul-id"),
    (backup_with("draft", {"id": 1, "public_id": "p", "organisation_id": 1, "title": "T", "status": "complete",
                           "answers": {"title": "T"}, "clause_pins": {}, "version": 1}),
     "Tabellen draft, rad 1, kolumnen answers"),
    (backup_with("draft", {"id": 1, "public_id": "p", "organisation_id": 1, "title": "T", "status": "in_progress",
                           "answers": ["not", "an", "object"], "clause_pins": {}, "version": 1}),
     "svaren är inget objekt"),
])
def test_restored_rows_are_checked_like_entered_ones(app, runner, tmp_path, content, message):
    path = tmp_path / "crafted.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["backup", "restore", str(path)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not any(all_rows().values())


def test_clause_export_writes_only_inside_its_folder(app, runner, tmp_path):
    from app.models import Clause
    from app.services import library

    clause = Clause(key="../utanfor")
    db.session.add(clause)
    content = {"id": "parter", "order": 1, "title": {"sv": "Parter", "en": "Parties"}, "include_when": "always",
               "addresses": [], "notes": "", "text": {"sv": "Text.", "en": "Text."}}
    library.approve(library.add_version(clause, content, status="approved", reason="Test"))
    db.session.commit()
    target = tmp_path / "ut"
    result = runner.invoke(args=["clauses", "export", str(target)])
    assert result.exit_code == 1 and "ogiltigt klausul-id" in result.output
    assert not (tmp_path / "utanfor.yaml").exists()


@pytest.mark.parametrize("content, message", [
    ("not json", "inte giltig JSON"),
    ('{"format": "annat"}', "ingen säkerhetskopia"),
    ('{"format": "samverkansguiden-backup", "version": 99, "tables": {}}', "formatversion 99"),
    ('{"format": "samverkansguiden-backup", "version": 1, "tables": {"hemligt": []}}', "tabellen hemligt"),
    ('{"format": "samverkansguiden-backup", "version": 1, "tables": {"organisation": [{"id": 1, "x": 2}]}}',
     "okända kolumner: x"),
    ('{"format": "samverkansguiden-backup", "version": 1, "schema_revision": "0000_annat", "tables": {}}',
     "databasschemat 0000_annat"),
])
def test_bad_backup_files_are_refused_and_nothing_changes(app, runner, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["backup", "restore", str(path)])
    assert result.exit_code == 1 and message in result.output
    assert not any(all_rows().values())


def test_a_failed_restore_leaves_the_database_as_it_was(app, runner, tmp_path):
    org = Organisation(name="Kvar AB", org_number="556999-9997")
    db.session.add(org)
    db.session.commit()
    rows = {"organisation": [{"id": 1, "name": "A", "org_number": "1", "created_at": "2026-01-01T00:00:00"},
                             {"id": 1, "name": "B", "org_number": "2", "created_at": "2026-01-01T00:00:00"}]}
    path = tmp_path / "duplicate.json"
    path.write_text(json.dumps({"format": "samverkansguiden-backup", "version": 1, "tables": rows}))
    with pytest.raises(Exception):
        with path.open() as source:
            backup.restore_backup(source, force=True)
    db.session.remove()
    assert [r["name"] for r in all_rows()["organisation"]] == ["Kvar AB"]


@pytest.fixture
def pg_app(make_app: Any) -> Any:
    """An app on the PostgreSQL database of BACKUP_PG_URL, migrated from scratch."""
    from flask_migrate import upgrade

    url = normalise_database_url(PG_URL or "")
    reset_postgres(url)
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        yield app
        db.session.remove()
        empty_tables()


@needs_pg
def test_round_trip_on_postgresql(pg_app, tmp_path):
    round_trip(pg_app, tmp_path)


@needs_pg
def test_sqlite_backup_restores_into_postgresql(app, make_app, tmp_path):
    build_data()
    before = all_rows()
    path = tmp_path / "from_sqlite.json"
    backup.create_backup(path)
    db.session.remove()
    from flask_migrate import upgrade

    url = normalise_database_url(PG_URL or "")
    reset_postgres(url)
    pg = make_app(SQLALCHEMY_DATABASE_URI=url)
    with pg.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        with path.open(encoding="utf-8") as source:
            backup.restore_backup(source)
        assert all_rows() == before
        db.session.add(Organisation(name="Tredjebo AB", org_number="556999-9997"))
        db.session.commit()
        db.session.remove()
        empty_tables()
