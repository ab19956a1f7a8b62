"""The review workflow: submit, four-eyes approval, send back, retire; the diff, search and access."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app import PROJECT_ROOT
from app.extensions import db
from app.library.views import editor_data
from app.models import AuditEvent, Clause
from app.services import library

from test_library_editor import TEXT_SV, form_data, make_clause, versions


@pytest.fixture
def clause(app: Any) -> Clause:
    return make_clause()


@pytest.fixture
def in_review(client: Any, auth: Any, clause: Clause, reviewer: Any) -> Clause:
    """Reviewer 1 writes version 2 and submits it, then logs out."""
    auth.login(reviewer)
    client.post("/bibliotek/parter/redigera",
                data=form_data(text_sv=TEXT_SV.replace("föreningen", "den ideella föreningen")
                                      .replace("samverkar", "arbetar tillsammans")))
    assert client.post("/bibliotek/parter/version/2/skicka").status_code == 302
    auth.logout()
    return clause


def actions() -> list[tuple[str, str, int]]:
    events = db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()
    return [(e.action, e.target_id, e.details.get("version")) for e in events if e.action.startswith("clause_")]


def test_author_cannot_approve_own_change(client: Any, auth: Any, in_review: Clause, reviewer: Any) -> None:
    auth.login(reviewer)
    response = client.post("/bibliotek/parter/version/2/beslut", data={"approve": "1"})
    assert response.status_code == 403
    assert "Du kan inte granska din egen ändring" in response.get_data(as_text=True)
    assert versions()[-1].status == "in_review"
    assert Clause.by_key("parter").approved.number == 1


def test_another_reviewer_approves_and_the_old_version_retires(client: Any, auth: Any, in_review: Clause,
                                                                reviewer: Any, reviewer2: Any) -> None:
    auth.login(reviewer2)
    page = client.get("/bibliotek/parter").get_data(as_text=True)
    assert "Godkänn" in page and "Skicka tillbaka" in page
    response = client.post("/bibliotek/parter/version/2/beslut", data={"approve": "1", "comment": "Bra."})
    assert response.status_code == 302
    first, second = versions()
    assert Clause.by_key("parter").approved is second
    assert (first.status, second.status, second.approver_id) == ("retired", "approved", reviewer2.id)
    assert actions() == [("clause_version_created", "parter", 2), ("clause_submitted", "parter", 2),
                         ("clause_approved", "parter", 2)]
    history = client.get("/bibliotek/parter").get_data(as_text=True)
    assert reviewer.email in history and reviewer2.email in history


def test_send_back_needs_a_comment_and_returns_a_draft(client: Any, auth: Any, in_review: Clause,
                                                       reviewer: Any, reviewer2: Any) -> None:
    auth.login(reviewer2)
    client.post("/bibliotek/parter/version/2/beslut", data={"send_back": "1", "comment": ""})
    assert versions()[-1].status == "in_review"
    response = client.post("/bibliotek/parter/version/2/beslut",
                           data={"send_back": "1", "comment": "Ange organisationsnumret."}, follow_redirects=True)
    assert "tillbakaskickad" in response.get_data(as_text=True)
    latest = versions()[-1]
    assert (latest.status, latest.review_comment) == ("draft", "Ange organisationsnumret.")
    assert Clause.by_key("parter").approved.number == 1
    assert actions()[-1] == ("clause_sent_back", "parter", 2)
    auth.logout()
    auth.login(reviewer)
    assert "Ange organisationsnumret." in client.get("/bibliotek/parter").get_data(as_text=True)


def test_no_edit_while_a_version_is_in_review(client: Any, auth: Any, in_review: Clause, reviewer2: Any) -> None:
    auth.login(reviewer2)
    response = client.post("/bibliotek/parter/redigera", data=form_data(text_sv="Något annat."))
    assert response.status_code == 422
    assert "granskas just nu" in response.get_data(as_text=True)
    assert len(versions()) == 2


def test_only_the_author_submits(client: Any, auth: Any, clause: Clause, reviewer: Any, reviewer2: Any) -> None:
    auth.login(reviewer)
    client.post("/bibliotek/parter/redigera", data=form_data())
    auth.logout()
    auth.login(reviewer2)
    assert client.post("/bibliotek/parter/version/2/skicka").status_code == 403
    assert versions()[-1].status == "draft"


def test_editing_a_draft_replaces_it(client: Any, auth: Any, clause: Clause, reviewer: Any) -> None:
    auth.login(reviewer)
    client.post("/bibliotek/parter/redigera", data=form_data())
    client.post("/bibliotek/parter/redigera", data=form_data(text_sv=TEXT_SV + " Andra försöket."))
    statuses = [(v.number, v.status) for v in versions()]
    assert statuses == [(1, "approved"), (2, "retired"), (3, "draft")]


def test_withdrawal_takes_a_reason_and_a_second_reviewer(client: Any, auth: Any, clause: Clause, reviewer: Any,
                                                         reviewer2: Any) -> None:
    auth.login(reviewer)
    response = client.post("/bibliotek/parter/version/1/avveckla", data={"reason": ""}, follow_redirects=True)
    assert "Ange skälet till att klausulen ska avvecklas." in response.get_data(as_text=True)
    response = client.post("/bibliotek/parter/version/1/avveckla", data={"reason": "Ersätts av ny lagstiftning."},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "En annan jurist behöver bekräfta" in page and "Ersätts av ny lagstiftning." in page
    assert Clause.by_key("parter").approved.number == 1  # still in use until a second reviewer confirms
    # The one who asked cannot confirm alone.
    mine = client.post("/bibliotek/parter/version/1/avveckling", data={"confirm": "1"})
    assert mine.status_code == 403 and Clause.by_key("parter").approved is not None
    auth.logout()
    auth.login(reviewer2)
    page = client.get("/bibliotek/parter").get_data(as_text=True)
    assert "Bekräfta avvecklingen" in page and "Avslå" in page
    response = client.post("/bibliotek/parter/version/1/avveckling", data={"confirm": "1"}, follow_redirects=True)
    assert "avvecklad" in response.get_data(as_text=True)
    assert Clause.by_key("parter").approved is None
    assert actions()[-2:] == [("clause_withdrawal_requested", "parter", 1), ("clause_retired", "parter", 1)]
    assert "Ingen godkänd version" in client.get("/bibliotek/").get_data(as_text=True)


def test_a_withdrawal_can_be_turned_down_with_a_comment(client: Any, auth: Any, clause: Clause, reviewer: Any,
                                                        reviewer2: Any) -> None:
    auth.login(reviewer)
    client.post("/bibliotek/parter/version/1/avveckla", data={"reason": "Behövs inte."})
    auth.logout()
    auth.login(reviewer2)
    response = client.post("/bibliotek/parter/version/1/avveckling", data={"reject": "1", "comment": ""},
                           follow_redirects=True)
    assert "Skriv en kommentar som säger varför klausulen ska finnas kvar." in response.get_data(as_text=True)
    client.post("/bibliotek/parter/version/1/avveckling", data={"reject": "1", "comment": "Krävs av LOU."})
    version = Clause.by_key("parter").approved
    assert version.number == 1 and not version.withdrawal_requested
    assert actions()[-1] == ("clause_withdrawal_rejected", "parter", 1)


def test_import_reports_a_withdrawn_shipped_clause_and_does_not_bring_it_back(app: Any, runner: Any, reviewer: Any,
                                                                                reviewer2: Any) -> None:
    from app.services import review

    library.import_library(PROJECT_ROOT / "clauses")
    db.session.commit()
    version = Clause.by_key("registerkontroll").approved
    review.request_withdrawal(version, reviewer, "Prövas på nytt.")
    review.confirm_withdrawal(version, reviewer2)
    db.session.commit()
    result = runner.invoke(args=["clauses", "import", str(PROJECT_ROOT / "clauses")])
    assert result.exit_code == 0, result.output
    assert "Avvecklade i biblioteket, och därför inte inlästa: registerkontroll." in result.output
    assert Clause.by_key("registerkontroll").approved is None


def test_diff_shows_inserted_and_deleted_words(client: Any, auth: Any, in_review: Clause, reviewer: Any) -> None:
    auth.login(reviewer)
    page = client.get("/bibliotek/parter/jamfor?fran=1&till=2").get_data(as_text=True)
    assert "<ins>den ideella </ins>" in page
    assert "<del>samverkar</del><ins>arbetar tillsammans</ins>" in page and "Text (svenska)" in page
    assert "(oförändrad)" in page  # the English text did not change


def test_diff_escapes_markup(client: Any, auth: Any, clause: Clause, reviewer: Any) -> None:
    auth.login(reviewer)
    client.post("/bibliotek/parter/redigera", data=form_data(text_sv=TEXT_SV + " <script>alert(1)</script>"))
    page = client.get("/bibliotek/parter/jamfor?fran=1&till=2").get_data(as_text=True)
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_search_finds_by_text_title_and_id(client: Any, auth: Any, clause: Clause, reviewer: Any) -> None:
    make_clause("tvist", "Tvister avgörs av allmän domstol.", order=28)
    auth.login(reviewer)
    page = client.get("/bibliotek/?q=domstol").get_data(as_text=True)
    assert "/bibliotek/tvist" in page and "/bibliotek/parter" not in page
    listing = client.get("/bibliotek/").get_data(as_text=True)
    assert listing.index("/bibliotek/parter") < listing.index("/bibliotek/tvist")
    assert "Inga klausuler matchar" in client.get("/bibliotek/?q=finnsinte").get_data(as_text=True)


ROUTES = [("get", "/bibliotek/"), ("get", "/bibliotek/parter"), ("get", "/bibliotek/parter/version/1"),
          ("get", "/bibliotek/parter/redigera"), ("post", "/bibliotek/parter/redigera"),
          ("post", "/bibliotek/parter/forhandsgranska"), ("get", "/bibliotek/parter/jamfor?fran=1&till=1"),
          ("post", "/bibliotek/parter/version/1/skicka"), ("post", "/bibliotek/parter/version/1/beslut"),
          ("post", "/bibliotek/parter/version/1/avveckla"), ("post", "/bibliotek/parter/version/1/avveckling")]


@pytest.mark.parametrize("method,url", ROUTES)
def test_staff_get_403(client: Any, auth: Any, clause: Clause, staff_a: Any, method: str, url: str) -> None:
    auth.login(staff_a)
    assert getattr(client, method)(url).status_code == 403


@pytest.mark.parametrize("method,url", ROUTES)
def test_anonymous_is_sent_to_login(client: Any, clause: Clause, method: str, url: str) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


def test_shipped_clauses_are_listed(client: Any, auth: Any, app: Any, reviewer: Any) -> None:
    assert any((PROJECT_ROOT / "clauses").glob("*.yaml"))
    library.import_library(PROJECT_ROOT / "clauses")
    db.session.commit()
    auth.login(reviewer)
    page = client.get("/bibliotek/").get_data(as_text=True)
    assert "/bibliotek/parter" in page
    assert client.get("/bibliotek/parter").status_code == 200
    assert client.get("/bibliotek/parter/redigera").status_code == 200
    approved = Clause.by_key("parter").approved
    unchanged = {**editor_data(approved), "reason": "Ingen ändring", "save": "1"}
    assert "Inget har ändrats" in client.post("/bibliotek/parter/redigera", data=unchanged).get_data(as_text=True)
    changed = {**unchanged, "text_sv": approved.text["sv"] + "\n\nParterna ses varje år.", "reason": "Årligt möte"}
    assert client.post("/bibliotek/parter/redigera", data=changed).status_code == 302
    assert Clause.by_key("parter").latest.status == "draft"
