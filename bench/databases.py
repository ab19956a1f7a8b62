"""The bench's own databases: a SQLite file or a PostgreSQL database created and dropped per run.

The shared `test` database is never touched: PostgreSQL databases are named bench_sg_<pid>_<n>.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import secrets
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import PROJECT_ROOT, create_app, normalise_database_url
from app.agreement.answers import dump
from app.extensions import db
from app.models import Agreement, AgreementVersion, ClauseVersion, Draft, Organisation, User

#: The server holding the bench databases; only its host and credentials are used.
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench-" + secrets.token_hex(8)
EMAIL = "bench@exempelbo.se"
#: The bench organisation's signed agreements, the same in the almost empty and the full database: the
#: lifecycle pages are compared on the same own content, beside 100 000 agreements of other companies.
OWN_AGREEMENTS = 20
_counter = itertools.count(1)


class BenchDatabase:
    """One throwaway database: create(), migrate() and seed it, drop() it afterwards."""

    def __init__(self, kind: str, workdir: Path):
        self.kind = kind
        if kind == "sqlite":
            self.path = workdir / f"bench-{next(_counter)}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"bench_sg_{os.getpid()}_{next(_counter)}"
            self.url = normalise_database_url(
                make_url(ADMIN_URL).set(database=self.name).render_as_string(hide_password=False))

    def _admin(self, statement: str) -> None:
        engine = create_engine(normalise_database_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def create(self) -> BenchDatabase:
        if self.kind == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
        self.migrate()
        return self

    def drop(self) -> None:
        if self.kind == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)

    def app(self) -> Any:
        return create_app({"SQLALCHEMY_DATABASE_URI": self.url, "SECRET_KEY": "bench-" + "x" * 32})

    def migrate(self) -> None:
        """Build the schema with the migrations, as a deployment does."""
        from flask_migrate import upgrade

        app = self.app()
        with app.app_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"))
            db.engine.dispose()

    def seed(self, with_clauses: bool = True) -> dict[str, Any]:
        """Create the bench organisation and staff user, and import the clause library."""
        app = self.app()
        with app.app_context():
            organisation = Organisation(name="Exempelbo AB", org_number="556677-8899")
            user = User(email=EMAIL, role="staff", organisation=organisation)
            user.set_password(PASSWORD)
            db.session.add_all([organisation, user])
            if with_clauses:
                from app.services.library import import_library

                import_library(PROJECT_ROOT / "clauses")
            db.session.flush()
            # One complete draft for the page timings, one for the mixed walk's exports (which it lists).
            complete, walked = (Draft(title=title, organisation_id=organisation.id, owner_id=user.id,
                                      answers=largest_answers(), status="complete")
                                for title in ("Komplett utkast", "Exporterat utkast"))
            db.session.add_all([complete, walked])
            db.session.flush()
            sign_agreements(organisation.id, user.id, OWN_AGREEMENTS)
            from app.services.deadlines import new_feed

            feed = new_feed(organisation.id, user)
            db.session.commit()
            ids = {"organisation_id": organisation.id, "user_id": user.id, "complete_draft": complete.public_id,
                   "walk_draft": walked.public_id, "feed_token": feed}
            db.engine.dispose()
        return {"email": EMAIL, "password": PASSWORD, **ids}

    def fill(self, drafts: int, clause_versions: int, organisation_id: int, user_id: int,
             organisations: int = 300, own_share: float = 0.1, agreements: int = 0) -> dict[str, Any]:
        """Bulk insert drafts over `organisations` companies (own_share of them the bench user's), extra
        clause versions until the library holds `clause_versions` versions, and `agreements` signed
        agreements of the other companies (each with its own draft and first version)."""
        answers = largest_answers()
        app = self.app()
        with app.app_context(), db.engine.begin() as conn:
            others = [{"name": f"Bolag {i} AB", "org_number": f"55{i:04d}-{i % 10000:04d}",
                       "created_at": dt.datetime(2026, 1, 1)} for i in range(1, organisations)]
            conn.execute(Organisation.__table__.insert(), others)
            org_ids = [r[0] for r in conn.execute(text("SELECT id FROM organisation WHERE id <> :own"),
                                                    {"own": organisation_id})]
            start = dt.datetime(2025, 1, 1)
            own_every = max(1, round(1 / own_share))
            rows, pins = [], {}
            for i in range(drafts):
                mine = i % own_every == 0
                moment = start + dt.timedelta(minutes=7 * i)
                rows.append({"public_id": str(uuid.uuid4()), "title": f"Utkast {i}",
                             "organisation_id": organisation_id if mine else org_ids[i % len(org_ids)],
                             "owner_id": user_id if mine else None, "answers": answers, "status": "complete",
                             "clause_pins": pins, "version": 1, "created_at": moment, "updated_at": moment})
            insert_rows(conn, Draft.__table__, rows)
            existing = conn.execute(text("SELECT count(*) FROM clause_version")).scalar_one()
            template = [dict(r._mapping) for r in conn.execute(ClauseVersion.__table__.select())]
            versions = []
            for n in range(max(0, clause_versions - existing)):
                base = dict(template[n % len(template)])
                base.pop("id")
                base.update(number=2 + n // len(template), status="retired" if n % 5 else "draft",
                            content_hash=secrets.token_hex(32), reason="bench")
                versions.append(base)
            if versions:
                conn.execute(ClauseVersion.__table__.insert(), versions)
            if agreements:
                fill_agreements(conn, agreements, org_ids, answers)
            if conn.dialect.name == "postgresql":
                conn.execute(text("ANALYZE"))
            total = {"drafts": conn.execute(text("SELECT count(*) FROM draft")).scalar_one(),
                     "own_drafts": conn.execute(text("SELECT count(*) FROM draft WHERE organisation_id = :o"),
                                                {"o": organisation_id}).scalar_one(),
                     "clause_versions": conn.execute(text("SELECT count(*) FROM clause_version")).scalar_one(),
                     "agreements": conn.execute(text("SELECT count(*) FROM agreement")).scalar_one(),
                     "own_agreements": conn.execute(text("SELECT count(*) FROM agreement WHERE organisation_id = :o"),
                                                    {"o": organisation_id}).scalar_one(),
                     "clauses": conn.execute(text("SELECT count(*) FROM clause")).scalar_one()}
        with app.app_context():
            db.engine.dispose()
        return total


def sign_agreements(organisation_id: int, user_id: int, count: int) -> None:
    """Record `count` signed agreements of the organisation through the app's own signing (in a session)."""
    from app.agreement.answers import Answers
    from app.services.lifecycle import parties, record_signing

    answers = largest_answers()
    typed = Answers.model_validate(answers)
    user = db.session.get(User, user_id)
    for i in range(count):
        draft = Draft(title=f"Avtal {i}", organisation_id=organisation_id, owner_id=user_id, answers=answers,
                      status="complete")
        db.session.add(draft)
        db.session.flush()
        signed = [{"name": p["name"] or "Namn", "title": p["title"]} for p in parties(typed)]
        record_signing(draft, user, dt.date(2025, 1, 1) + dt.timedelta(days=17 * i), signed, typed)


def fill_agreements(conn: Any, count: int, org_ids: list[int], answers: dict[str, Any]) -> None:
    """Bulk insert `count` signed agreements spread over `org_ids`, each with a draft and a first version."""
    start = dt.datetime(2024, 1, 1)
    marker = f"bench-agreement-{secrets.token_hex(4)}"
    drafts = [{"public_id": str(uuid.uuid4()), "title": marker, "organisation_id": org_ids[i % len(org_ids)],
               "owner_id": None, "answers": answers, "status": "complete", "clause_pins": {}, "version": 1,
               "created_at": start, "updated_at": start} for i in range(count)]
    insert_rows(conn, Draft.__table__, drafts)
    draft_rows = conn.execute(text("SELECT id, organisation_id FROM draft WHERE title = :m ORDER BY id"),
                              {"m": marker}).all()
    signatories = [{"party": "Part", "name": "Namn", "title": "Ordförande"}]
    rows = [{"public_id": str(uuid.uuid4()), "draft_id": draft_id, "organisation_id": org,
             "signed_on": (start + dt.timedelta(days=i % 700)).date(), "signatories": signatories, "findings": [],
             "recorded_by_id": None, "recorded_at": start, "ended_on": None, "ended_reason": None,
             "ended_note": None, "amendment_open": False} for i, (draft_id, org) in enumerate(draft_rows)]
    insert_rows(conn, Agreement.__table__, rows)
    signed_on = {row["draft_id"]: row["signed_on"] for row in rows}
    ids = conn.execute(text("SELECT a.id, a.draft_id FROM agreement a JOIN draft d ON d.id = a.draft_id "
                            "WHERE d.title = :m ORDER BY a.id"), {"m": marker}).all()
    versions = [{"agreement_id": agreement_id, "number": 1, "effective_on": signed_on[draft_id], "description": "",
                 "answers": answers, "created_by_id": None, "created_at": start} for agreement_id, draft_id in ids]
    insert_rows(conn, AgreementVersion.__table__, versions)


def largest_answers() -> dict[str, Any]:
    """Return the longest example's answers as stored JSON."""
    from app.services.examples import load_examples

    return max((dump(e.answers) for e in load_examples()), key=lambda a: len(json.dumps(a)))


def insert_rows(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows: COPY on PostgreSQL, executemany in chunks elsewhere."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        for chunk in range(0, len(rows), 5000):
            conn.execute(table.insert(), rows[chunk:chunk + 5000])
        return
    columns = list(rows[0])
    json_columns = {c.name for c in table.columns if c.type.__class__.__name__ in ("JSON", "JSONB", "Variant")
                    or "JSON" in repr(c.type)}
    names = ", ".join(f'"{c}"' for c in columns)
    encoded: dict[int, str] = {}  # the filler rows share their answers: encode each object once

    def encode(value: Any) -> str:
        if id(value) not in encoded:
            encoded[id(value)] = json.dumps(value)
        return encoded[id(value)]

    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([encode(row[c]) if c in json_columns else row[c] for c in columns])


def workdir() -> Path:
    """Return a private temporary folder for SQLite files and server logs."""
    return Path(tempfile.mkdtemp(prefix="bench-sg-"))
