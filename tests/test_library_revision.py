"""Every app process sees a change to the approved library at once: a revision counter in the database."""
from __future__ import annotations

from sqlalchemy import func, select

from app import PROJECT_ROOT
from app.extensions import db
from app.models import Clause, ClauseVersion, User
from app.services import library, review
from app.services.clause_cache import approved_library


def test_an_approval_and_a_withdrawal_that_keep_the_old_fingerprint_reach_another_process(app, make_app, reviewer,
                                                                                         reviewer2):
    library.import_library(PROJECT_ROOT / "clauses")
    db.session.commit()
    approved = db.session.execute(select(ClauseVersion).where(ClauseVersion.status == "approved")
                                  .order_by(ClauseVersion.id)).scalars().all()
    first, last = approved[0], approved[-1]
    # A new version of the first clause whose id is the sum of the two ids it replaces and retires:
    # approving it and retiring the last clause leaves "highest id + sum of approved ids" unchanged.
    clause = first.clause
    content = clause.approved.content()
    content["text"] = {**content["text"], "sv": content["text"]["sv"].rstrip() + "\n\nEn ny mening."}
    version = library.add_version(clause, content, status="in_review", author=reviewer, reason="Ny mening")
    db.session.commit()
    assert version.id == first.id + last.id  # ids count from 1 on the emptied database
    retired_key = last.clause.key
    reviewer_id, reviewer2_id, version_id = reviewer.id, reviewer2.id, version.id

    other = make_app()  # a second process on the same database, with its own cache
    with other.app_context():
        before = approved_library()
        assert retired_key in before and before[clause.key].version_id == first.id

    review.approve(db.session.get(ClauseVersion, version_id), db.session.get(User, reviewer2_id))
    withdrawn = Clause.by_key(retired_key).approved
    review.request_withdrawal(withdrawn, db.session.get(User, reviewer_id), "Behövs inte längre.")
    review.confirm_withdrawal(withdrawn, db.session.get(User, reviewer2_id))
    db.session.commit()

    with other.app_context():
        after = approved_library()
        assert retired_key not in after  # the withdrawn clause no longer reaches any export
        assert after[clause.key].version_id == version_id


def test_every_status_change_moves_the_revision_in_its_own_transaction(app, reviewer, reviewer2):
    revision = library.library_revision
    library.import_library(PROJECT_ROOT / "clauses")
    db.session.commit()
    start = revision()
    version = Clause.by_key("jav").approved
    review.request_withdrawal(version, reviewer, "Ersätts.")
    review.confirm_withdrawal(version, reviewer2)
    db.session.rollback()  # a change that is not committed does not move it
    assert revision() == start
    version = Clause.by_key("jav").approved
    review.request_withdrawal(version, reviewer, "Ersätts.")
    review.confirm_withdrawal(version, reviewer2)
    db.session.commit()
    assert revision() > start
    assert db.session.execute(select(func.count()).select_from(ClauseVersion)).scalar_one() > 0
