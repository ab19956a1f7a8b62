"""The floor for step saves: a minimal Flask + SQLAlchemy app that validates ten fields and writes one
JSON row, served by the same gunicorn set-up as the app. `gunicorn bench.floor_app:app`."""
from __future__ import annotations

import os
import re
from typing import Any

from flask import Flask, abort, redirect, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, String, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app import normalise_database_url


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
FIELDS = ("name", "org_number", "address", "contact-name", "contact-role", "contact-email", "contact-phone",
          "signatory-name", "signatory-title", "mandate_in_owner_directive")
ORG_NUMBER = re.compile(r"^\d{6}-?\d{4}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FORM = ('<!doctype html><title>Floor</title><form method="post">'
        '<input name="version" type="hidden" value="{version}"></form>')


class Record(db.Model):
    __tablename__ = "floor_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(String(20), default="")


def validate(form: Any) -> dict[str, str] | None:
    """Return the ten cleaned fields, or None when one is missing or malformed."""
    data = {name: form.get(name, "").strip() for name in FIELDS}
    if not all(data.values()) or any(len(v) > 200 for v in data.values()):
        return None
    if not ORG_NUMBER.match(data["org_number"]) or not EMAIL.match(data["contact-email"]):
        return None
    if data["mandate_in_owner_directive"] not in ("yes", "no", "unknown"):
        return None
    return data


def create_floor_app(database_url: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url or os.environ["DATABASE_URL"])
    db.init_app(app)

    @app.get("/form/<int:record_id>")
    def show(record_id: int) -> str:
        record = db.session.get(Record, record_id) or abort(404)
        return FORM.format(version=record.version)

    @app.post("/form/<int:record_id>")
    def save(record_id: int) -> Any:
        data = validate(request.form)
        if data is None:
            abort(422)
        done = db.session.execute(update(Record).where(Record.id == record_id, Record.version ==
                                                        request.form.get("version", type=int))
                                  .values(data=data, version=Record.version + 1))
        db.session.commit()
        if done.rowcount != 1:
            abort(409)
        return redirect(f"/form/{record_id}")

    return app


def prepare(database_url: str, records: int) -> None:
    """Create the floor's table with one row per client (run once, before the workers start)."""
    app = create_floor_app(database_url)
    with app.app_context():
        db.create_all()
        db.session.add_all([Record(data={}) for _ in range(records)])
        db.session.commit()
        db.engine.dispose()


app = create_floor_app() if os.environ.get("BENCH_FLOOR") == "1" else None
