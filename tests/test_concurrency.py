"""Concurrent edits of one draft: a save based on an old version is refused, never silently applied."""
from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Draft, Organisation
from app.wizard import steps
from conftest import EXAMPLE_ANSWERS, make_user
from wizard_helpers import STEP_DATA, new_draft, post_step, version_of

CONFLICT = "Utkastet har ändrats i en annan flik eller av en kollega"


def stored_draft(app: Flask, public_id: str) -> tuple[dict[str, Any], int]:
    with app.app_context():
        draft = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
        return draft.answers, draft.version


def test_two_colleagues_save_the_same_step(make_app: Any) -> None:
    app = make_app()
    with app.app_context():
        org = Organisation(name="Exempelbo AB", org_number="556677-8899")
        db.session.add(org)
        db.session.commit()
        make_user("anna@exempelbo.se", "staff", org)
        make_user("bo@exempelbo.se", "staff", org)
    anna: FlaskClient = app.test_client()
    bo: FlaskClient = app.test_client()
    for client, email in ((anna, "anna@exempelbo.se"), (bo, "bo@exempelbo.se")):
        assert client.post("/logga-in", data={"email": email, "password": "correct horse battery"}).status_code == 302
    public_id = new_draft(anna)
    assert post_step(anna, public_id, "avtalet").status_code == 302
    url = f"/utkast/{public_id}/steg/verksamheten"
    # both open the step at the same version
    seen_by_anna = version_of(anna.get(url).get_data(as_text=True))
    seen_by_bo = version_of(bo.get(url).get_data(as_text=True))
    assert seen_by_anna == seen_by_bo
    annas = {**STEP_DATA["verksamheten"], "description": "Annas text om läxhjälpen."}
    bos = {**STEP_DATA["verksamheten"], "description": "Bos text om mötesplatsen."}
    assert post_step(anna, public_id, "verksamheten", annas, version=seen_by_anna).status_code == 302
    refused = post_step(bo, public_id, "verksamheten", bos, version=seen_by_bo)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert CONFLICT in page and "Dina svar på det här steget är inte sparade" in page
    assert "Bos text om mötesplatsen." in page, "Bo's input is kept in the form"
    assert "Annas text om läxhjälpen." in page, "the page shows what is stored now"
    answers, version = stored_draft(app, public_id)
    assert answers["activity"]["description"] == "Annas text om läxhjälpen."
    # Bo has now seen Anna's answers; saving again from the refusal page replaces them knowingly
    assert version_of(page) == str(version)
    assert post_step(bo, public_id, "verksamheten", bos, version=version_of(page)).status_code == 302
    answers, newer = stored_draft(app, public_id)
    assert answers["activity"]["description"] == "Bos text om mötesplatsen." and newer == version + 1


def test_two_threads_commit_the_same_draft_and_exactly_one_wins(make_app: Any) -> None:
    app = make_app()
    with app.app_context():
        org = Organisation(name="Exempelbo AB", org_number="556677-8899")
        db.session.add(org)
        db.session.flush()
        draft = Draft(title="Utkast", organisation_id=org.id, answers=dict(EXAMPLE_ANSWERS))
        db.session.add(draft)
        db.session.commit()
        public_id, version = draft.public_id, draft.version
    step = steps.by_slug("verksamheten")
    assert step is not None
    loaded = threading.Barrier(2, timeout=30)
    outcome: dict[str, str] = {}

    def edit(name: str) -> None:
        with app.app_context():
            try:
                mine = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
                loaded.wait()  # both hold the same version before either commits
                steps.save(mine, step, {**EXAMPLE_ANSWERS["activity"], "description": f"Text från {name}"})
                db.session.commit()
                outcome[name] = "saved"
            except StaleDataError:
                db.session.rollback()
                outcome[name] = "stale"
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                db.session.rollback()
                outcome[name] = repr(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=edit, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcome.values()) == ["saved", "stale"], outcome
    winner = next(name for name, result in outcome.items() if result == "saved")
    answers, newer = stored_draft(app, public_id)
    assert answers["activity"]["description"] == f"Text från {winner}" and newer == version + 1
