"""Query budgets: how many SQL statements the busiest pages send. Not timings: a count, which a slow
machine does not change and a page that loads a row per item (N+1) or the same row twice exceeds.

Each budget is the number a page needs for what it shows (the login's user, the draft, then one
statement per kind of thing on the page); a page that grows with its content stays at its budget.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, Iterator

import pytest
from sqlalchemy import event

from conftest import make_user
from test_exports import EXPORT, export, imported  # noqa: F401 - the fixture
from wizard_helpers import STEP_DATA, base_of, complete_draft, new_draft, post_step, version_of

from app.extensions import db
from app.models import Draft, Organisation

#: Statements per page, at most.
STEP_PAGE = 5    # user, draft with organisation, agreement and review state, approvals, comment threads, and on
#                  the economy step the signed agreements whose sum it offers
STEP_SAVE = 5    # user, draft (joined as above), the signed agreements' sum, the UPDATE, approvals
REVIEW_PAGE = 9  # user, draft, library revision, pinned versions (two: versions, their clauses' versions),
#                  exports, comment threads, approvals, the organisation's reviewers
DRAFTS_LIST = 4  # user, the page of drafts, their count, their review states
USERS_LIST = 4   # user, the organisations filter, the page of users with organisations, their count


@contextlib.contextmanager
def counted() -> Iterator[list[str]]:
    """Collect the statements sent to the database inside the block."""
    statements: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def within(budget: int, statements: list[str]) -> None:
    assert len(statements) <= budget, f"{len(statements)} statements, budget {budget}:\n" + "\n".join(
        s.split(" FROM ")[0][:60] + " FROM " + s.split(" FROM ")[-1][:90] if " FROM " in s else s[:120]
        for s in statements)


@pytest.fixture
def lawyer(org_a: Any) -> Any:
    return make_user("jurist@exempelbo.se", "reviewer", org_a)


def reviewed_draft(client: Any, auth: Any, staff: Any, lawyer: Any, exports: int, comments: int) -> str:
    """A complete draft with exports, comments on its steps, sent to the lawyer and approved."""
    auth.login(staff)
    public_id = complete_draft(client)
    for _ in range(exports):
        export(client, public_id, **EXPORT)
    for n in range(comments):
        slug = list(STEP_DATA)[n % len(STEP_DATA)]
        assert client.post(f"/utkast/{public_id}/kommentar", data={
            "anchor": f"step:{slug}", "body": f"Fråga {n}", "next": f"/utkast/{public_id}/granska"}).status_code == 302
    assert client.post(f"/utkast/{public_id}/skicka-till-jurist", data={"reviewer": "", "message": ""}).status_code \
        == 302
    auth.logout()
    auth.login(lawyer)
    assert client.post(f"/granskning/{public_id}/godkann", data={"note": "Klart."}).status_code == 302
    auth.logout()
    auth.login(staff)
    return public_id


def test_a_step_page_and_a_step_save_stay_within_their_budgets(client: Any, auth: Any, staff_a: Any,
                                                               imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    url = f"/utkast/{public_id}/steg/ekonomi"
    with counted() as statements:
        page = client.get(url)
    assert page.status_code == 200 and "Ekonomi" in page.get_data(as_text=True)
    within(STEP_PAGE, statements)
    html = page.get_data(as_text=True)
    data = {**STEP_DATA["ekonomi"], "amount_per_year_sek": "360000", "version": version_of(html), "base": base_of(html),
            "action": "next"}
    with counted() as statements:
        saved = client.post(url, data=data)
    assert saved.status_code == 302
    assert db.session.get(Draft, db.session.query(Draft.id).filter_by(public_id=public_id).scalar()) \
        .answers["exchange"]["amount_per_year_sek"] == 360000
    within(STEP_SAVE, statements)


def test_the_review_page_loads_what_it_shows_in_a_fixed_number_of_statements(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, imported: None) -> None:  # noqa: F811
    small = reviewed_draft(client, auth, staff_a, lawyer, exports=1, comments=1)
    large = reviewed_draft(client, auth, staff_a, lawyer, exports=4, comments=6)
    counts = []
    for public_id in (small, large):
        with counted() as statements:
            page = client.get(f"/utkast/{public_id}/granska")
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "Godkänt för underskrift av jurist@exempelbo.se" in html
        within(REVIEW_PAGE, statements)
        counts.append(len(statements))
    assert "Fråga 5" in html
    assert counts[0] == counts[1], "more exports and comments must not mean more statements"


def test_the_drafts_list_and_the_users_list_do_not_grow_with_their_rows(
        client: Any, auth: Any, staff_a: Any, admin: Any, org_a: Organisation) -> None:
    auth.login(staff_a)
    first = new_draft(client)
    post_step(client, first, "avtalet")
    counts = []
    for extra in (0, 30):
        start = dt.datetime(2026, 1, 1)
        db.session.add_all([Draft(title=f"Fler {extra}-{i}", organisation_id=org_a.id, answers={},
                                  updated_at=start + dt.timedelta(minutes=i)) for i in range(extra)])
        db.session.commit()
        with counted() as statements:
            page = client.get("/utkast/")
        assert page.status_code == 200
        within(DRAFTS_LIST, statements)
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert "Sida 1 av 2" in page.get_data(as_text=True)

    auth.logout()
    auth.login(admin)
    counts = []
    for extra in (0, 12):
        for i in range(extra):
            organisation = Organisation(name=f"Bolag {i} AB", org_number=f"55600{i:01d}-00{i:02d}"[:11])
            db.session.add(organisation)
            make_user(f"user{i}@bolag{i}.se", "staff", organisation)
        with counted() as statements:
            page = client.get("/admin/anvandare")
        assert page.status_code == 200 and "Bolag 0 AB" in page.get_data(as_text=True) or not extra
        within(USERS_LIST, statements)
        counts.append(len(statements))
    assert counts[0] == counts[1], "one statement per user's organisation is back"
