"""Legal review of a draft: send it, read it, comment, judge the findings, approve it for signing.

One client plays every part: the handläggare and the company's lawyer sign in and out in turn,
as two colleagues at one desk would, so each request runs as the user who makes it.
"""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from conftest import make_user
from docx_helpers import body_text, open_doc
from test_exports import EXPORT, approve_change, draft_of, export, exports_of, imported  # noqa: F401 - the fixture
from wizard_helpers import STEP_DATA, complete_draft, new_draft, post_step

from app.extensions import db
from app.models.audit import AuditEvent
from app.models import DraftReview

STOP_TITLE = "Värdet når direktupphandlingsgränsen"
REASON = "Bidraget är ett genuint bidrag: ingen motprestation, återbetalning avtalad."


@pytest.fixture
def lawyer(org_a: Any) -> Any:
    return make_user("jurist@exempelbo.se", "reviewer", org_a)


@pytest.fixture
def lawyer2(org_a: Any) -> Any:
    return make_user("jurist2@exempelbo.se", "reviewer", org_a)


@pytest.fixture
def other_lawyer(org_b: Any) -> Any:
    return make_user("jurist@andrabo.se", "reviewer", org_b)


def as_user(auth: Any, user: Any) -> None:
    auth.logout()
    response = auth.login(user)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def with_stop(client: Any) -> str:
    """A complete draft whose terms make it a purchase at the direct-award limit: one stop finding."""
    public_id = complete_draft(client)
    post_step(client, public_id, "ekonomi", {**STEP_DATA["ekonomi"], "payment_model": "per_unit", "penalties": "y"})
    return public_id


def send(client: Any, public_id: str, reviewer: Any = None, message: str = "Kan du titta på bidragsfrågan?") -> Any:
    return client.post(f"/utkast/{public_id}/skicka-till-jurist",
                       data={"reviewer": str(reviewer.id) if reviewer else "", "message": message})


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def stop_id(client: Any, public_id: str) -> str:
    html = page(client, f"/granskning/{public_id}")
    ids = re.findall(r'<article class="finding stop" id="finding-([^"]+)"', html)
    assert len(ids) == 1, ids
    return ids[0]


def judge(client: Any, public_id: str, finding: str, verdict: str = "accepted", reason: str = REASON) -> Any:
    return client.post(f"/granskning/{public_id}/bedomning",
                       data={"finding": finding, "verdict": verdict, "reason": reason}, follow_redirects=True)


def events(name: str) -> list[AuditEvent]:
    return list(db.session.execute(select(AuditEvent).filter_by(action=name).order_by(AuditEvent.id)).scalars())


def test_a_draft_goes_from_utkast_to_hos_jurist_to_approved_and_everyone_sees_it(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    row = re.compile(r"<td><span class=\"review-status review-(\w+)\">([^<]+)</span>")
    assert row.findall(page(client, "/utkast/")) == [("draft", "Utkast")]
    assert send(client, public_id).status_code == 302
    assert row.findall(page(client, "/utkast/")) == [("in_review", "Hos jurist")]
    review_page = page(client, f"/utkast/{public_id}/granska")
    assert "Hos jurist" in review_page and "Kan du titta på bidragsfrågan?" in review_page
    state = db.session.execute(select(DraftReview).filter_by(draft_id=draft_of(public_id).id)).scalar_one()
    assert state.changed_by_id == staff_a.id and state.changed_at is not None and state.sent_at is not None

    as_user(auth, lawyer)
    response = client.post(f"/granskning/{public_id}/godkann", data={"note": "Klart."}, follow_redirects=True)
    assert "Utkastet är godkänt för underskrift." in response.get_data(as_text=True)
    as_user(auth, staff_a)
    assert row.findall(page(client, "/utkast/")) == [("approved", "Godkänt för underskrift")]
    assert "Godkänt för underskrift av jurist@exempelbo.se" in page(client, f"/utkast/{public_id}/granska")
    db.session.expire_all()
    assert state.status == "approved" and state.changed_by_id == lawyer.id


def test_an_incomplete_draft_cannot_be_sent_and_the_message_says_why(client: Any, auth: Any, staff_a: Any,
                                                                     lawyer: Any) -> None:
    auth.login(staff_a)
    public_id = new_draft(client)
    response = send(client, public_id)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Utkastet är inte komplett" in html
    assert db.session.execute(select(DraftReview).filter_by(status="in_review")).first() is None


def test_the_queue_is_the_organisations_oldest_first_and_a_named_reviewer_gets_only_their_own(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, lawyer2: Any, other_lawyer: Any,
        imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    first, second, third = (complete_draft(client) for _ in range(3))
    client.post(f"/utkast/{second}/byt-namn", data={"title": "Andra avtalet"})
    client.post(f"/utkast/{third}/byt-namn", data={"title": "Tredje avtalet"})
    send(client, first)
    send(client, second, reviewer=lawyer2)
    send(client, third)

    as_user(auth, lawyer)
    queue = page(client, "/granskning/")
    assert first in queue and third in queue and second not in queue
    assert queue.index(first) < queue.index(third)  # oldest first
    as_user(auth, lawyer2)
    queue = page(client, "/granskning/")
    assert all(pid in queue for pid in (first, second, third))
    as_user(auth, other_lawyer)
    queue = page(client, "/granskning/")
    assert not any(pid in queue for pid in (first, second, third))


def test_only_a_reviewer_of_the_same_organisation_may_choose_to_be_named(client: Any, auth: Any, staff_a: Any,
                                                                        lawyer: Any, other_lawyer: Any,
                                                                        imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    review_page = page(client, f"/utkast/{public_id}/granska")
    assert lawyer.email in review_page and other_lawyer.email not in review_page
    send(client, public_id, reviewer=other_lawyer)
    assert draft_of(public_id) and db.session.execute(select(DraftReview).filter_by(status="in_review")).first() is None


def test_the_reading_view_shows_answers_findings_and_the_agreement_as_exported(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = with_stop(client)
    send(client, public_id)
    as_user(auth, lawyer)
    html = page(client, f"/granskning/{public_id}")
    # The answers by step, read-only: no step form to post.
    assert "Svaren steg för steg" in html and "Rannebergen" in html and 'name="version"' not in html
    assert STOP_TITLE in html
    # The agreement from the same document model as the Word file: numbered sections with the clause texts.
    word = body_text(open_doc(export_as_owner(client, auth, staff_a, lawyer, public_id)))
    sections = re.findall(r'<section class="agreement-clause" id="klausul-([^"]+)"', html)
    assert len(sections) >= 5
    headings = re.findall(r'<h3 id="klausul-[^"]+-rubrik">(\d+)\. ([^<]+)</h3>', html)
    assert [int(n) for n, _title in headings] == list(range(1, len(sections) + 1))
    for _number, title in headings:
        assert title.replace("&amp;", "&") in word
    assert "Klausulversioner som avtalet använder" in html and "/bibliotek/" in html
    # The reviewer cannot change the answers.
    assert client.post(f"/utkast/{public_id}/steg/ekonomi", data=STEP_DATA["ekonomi"]).status_code in (403, 404)


def export_as_owner(client: Any, auth: Any, owner: Any, back: Any, public_id: str) -> bytes:
    as_user(auth, owner)
    data = export(client, public_id)
    as_user(auth, back)
    return data


def test_a_draft_not_sent_or_of_another_organisation_is_not_found_for_a_reviewer(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, other_lawyer: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    kept, sent = complete_draft(client), complete_draft(client)
    send(client, sent)
    as_user(auth, lawyer)
    assert client.get(f"/granskning/{kept}").status_code == 404
    assert client.get(f"/granskning/{sent}").status_code == 200
    as_user(auth, other_lawyer)
    for url in (f"/granskning/{sent}", f"/granskning/{kept}"):
        assert client.get(url).status_code == 404
    assert client.post(f"/granskning/{sent}/godkann", data={"note": ""}).status_code == 404


def test_comments_reach_the_step_they_concern_and_are_answered_and_resolved(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = with_stop(client)
    send(client, public_id)
    as_user(auth, lawyer)
    finding = stop_id(client, public_id)
    client.post(f"/granskning/{public_id}/kommentar", data={"anchor": "step:ekonomi", "body": "Varför styckpris?"})
    client.post(f"/granskning/{public_id}/kommentar", data={"anchor": f"finding:{finding}",
                                                             "body": "Går det att göra om till bidrag?"})
    client.post(f"/granskning/{public_id}/kommentar", data={"anchor": "step:ekonomi", "body": "Och viten?"})

    as_user(auth, staff_a)
    step = page(client, f"/utkast/{public_id}/steg/ekonomi")
    assert "Varför styckpris?" in step and "Och viten?" in step and "Går det att göra om till bidrag?" in step
    assert "Varför styckpris?" not in page(client, f"/utkast/{public_id}/steg/avtalet")
    client.post(f"/utkast/{public_id}/kommentar", data={"anchor": "step:ekonomi", "body": "Det är timarvode."})
    threads = re.findall(r'<section class="thread( resolved)?" id="thread-step-ekonomi"', step)
    assert threads == [""]  # one thread per anchor, open

    as_user(auth, lawyer)
    html = page(client, f"/granskning/{public_id}")
    thread_html = html[html.index('id="thread-step-ekonomi"'):]
    assert thread_html.index("Varför styckpris?") < thread_html.index("Det är timarvode.")
    thread_id = re.search(r'name="thread" value="(\d+)"', thread_html).group(1)
    client.post(f"/granskning/{public_id}/kommentarer/status", data={"thread": thread_id, "resolved": "1"})
    assert 'class="thread resolved" id="thread-step-ekonomi"' in page(client, f"/granskning/{public_id}")
    assert len(events("draft_commented")) == 4 and len(events("comment_thread_resolved")) == 1


def test_a_comment_on_an_unknown_anchor_is_refused(client: Any, auth: Any, staff_a: Any, lawyer: Any,
                                                   imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    send(client, public_id)
    as_user(auth, lawyer)
    for anchor in ("step:finns-inte", "table:x", "finding:<script>"):
        assert client.post(f"/granskning/{public_id}/kommentar",
                           data={"anchor": anchor, "body": "x"}).status_code == 400


def test_godtagen_needs_a_reason_and_a_judgment_lapses_when_its_facts_change(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = with_stop(client)
    send(client, public_id)
    as_user(auth, lawyer)
    finding = stop_id(client, public_id)
    html = judge(client, public_id, finding, reason="ok").get_data(as_text=True)
    assert "Skriv varför kontrollpunkten kan godtas (minst 10 tecken)" in html
    html = judge(client, public_id, finding).get_data(as_text=True)
    assert "Bedömningen är sparad." in html and REASON in html and "gäller inte längre" not in html
    [entry] = events("finding_judged")
    assert entry.details["verdict"] == "accepted" and entry.details["basis"]

    # A change the finding does not rest on leaves the judgment standing; a change of its facts lapses it.
    as_user(auth, staff_a)
    post_step(client, public_id, "avtalet", {**STEP_DATA["avtalet"], "title": "Nytt namn på avtalet"})
    as_user(auth, lawyer)
    assert "Bedömningen gäller inte längre" not in page(client, f"/granskning/{public_id}")
    as_user(auth, staff_a)
    post_step(client, public_id, "ekonomi", {**STEP_DATA["ekonomi"], "payment_model": "per_unit", "penalties": "y",
                                             "amount_per_year_sek": "900000"})
    as_user(auth, lawyer)
    html = page(client, f"/granskning/{public_id}")
    assert "Bedömningen gäller inte längre: svaren som kontrollpunkten bygger på har ändrats sedan dess" in html
    assert "har ändrats sedan dess (Belopp per år, sammanlagt värde)" in html  # the questions, not the paths


def test_the_final_needs_an_approval_that_holds_and_any_change_voids_it_visibly(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = with_stop(client)
    final = {**EXPORT, "kind": "slutversion"}
    send(client, public_id)
    as_user(auth, lawyer)
    finding = stop_id(client, public_id)
    response = client.post(f"/granskning/{public_id}/godkann", data={"note": ""}, follow_redirects=True)
    assert f"Stoppet ”{STOP_TITLE}” är inte godtaget." in response.get_data(as_text=True)
    judge(client, public_id, finding)
    as_user(auth, staff_a)  # judged but not approved: the final is still refused
    html = client.post(f"/utkast/{public_id}/export", data=final, follow_redirects=True).get_data(as_text=True)
    assert "kan inte skapas" in html
    as_user(auth, lawyer)
    client.post(f"/granskning/{public_id}/godkann", data={"note": "Godkänt efter bedömning."})
    as_user(auth, staff_a)
    signed = export(client, public_id, kind="slutversion")
    text = body_text(open_doc(signed))
    assert REASON not in text and "Riskbedömning" not in text and "jurist@exempelbo.se" not in text
    record = exports_of(public_id)[-1].legal_review
    assert record["approval"]["by"] == "jurist@exempelbo.se" and record["approval"]["note"] == "Godkänt efter bedömning."
    assert [(j["finding"], j["verdict"], j["reason"]) for j in record["judgments"]] == [(finding, "accepted", REASON)]
    annex = body_text(open_doc(export(client, public_id)))  # the draft version's risk annex carries them
    assert REASON in annex and "Godkänt för underskrift av jurist@exempelbo.se" in annex

    # Any change to the answers afterwards voids the approval, and every page says so.
    post_step(client, public_id, "avtalet", {**STEP_DATA["avtalet"], "title": "Ändrat efter godkännandet"})
    html = page(client, f"/utkast/{public_id}/granska")
    assert "Ett godkännande för underskrift gäller inte längre: svaren ändrades efter godkännandet" in html
    html = client.post(f"/utkast/{public_id}/export", data=final, follow_redirects=True).get_data(as_text=True)
    assert "kan inte skapas" in html
    [voided] = events("approval_voided")
    assert voided.details["reason"] == "answers_changed"
    assert [e.action for e in events("draft_sent_for_review") + events("draft_approved")] == [
        "draft_sent_for_review", "draft_approved"]


def test_notifications_go_by_mail_with_a_link_and_nothing_of_the_agreement_but_its_title(
        client: Any, auth: Any, staff_a: Any, lawyer: Any, lawyer2: Any, smtp_server: Any,
        imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = with_stop(client)
    send(client, public_id, message="Se särskilt ekonomin.")
    [to_lawyer] = smtp_server.to(lawyer.email)
    assert len(smtp_server.to(lawyer2.email)) == 1  # sent to anyone: every lawyer of the organisation hears
    assert to_lawyer["Subject"] == f"Utkast att granska: {STEP_DATA['avtalet']['title']}"
    assert not to_lawyer.is_multipart() and to_lawyer.get_content_type() == "text/plain"
    body = to_lawyer.get_content()
    assert f"http://localhost/granskning/{public_id}" in body
    for content in ("Karin Berg", "Lars Holm", "Se särskilt ekonomin.", STOP_TITLE, "direktupphandling"):
        assert content not in body  # nothing of the agreement, its answers or the message

    as_user(auth, lawyer)
    client.post(f"/granskning/{public_id}/kommentar", data={"anchor": "step:ekonomi", "body": "Varför styckpris?"})
    [comment] = smtp_server.to(staff_a.email)
    assert comment["Subject"].startswith("Ny kommentar") and "Varför styckpris?" not in comment.get_content()
    assert f"http://localhost/utkast/{public_id}/granska" in comment.get_content()
    client.post(f"/granskning/{public_id}/tillbaka", data={"message": "Gör om till bidrag."})
    returned = smtp_server.to(staff_a.email)[-1]
    assert returned["Subject"].startswith("Utkastet har skickats tillbaka")
    assert "Gör om till bidrag." not in returned.get_content()
    assert len(smtp_server.messages) == 4


def test_no_mail_server_means_no_mail_and_the_action_still_completes(client: Any, auth: Any, staff_a: Any,
                                                                    lawyer: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    assert send(client, public_id).status_code == 302
    assert db.session.execute(select(DraftReview).filter_by(status="in_review")).scalar_one()


def test_a_mail_server_that_is_down_is_logged_and_the_action_still_completes(
        app: Any, client: Any, auth: Any, staff_a: Any, lawyer: Any, imported: None, caplog: Any) -> None:  # noqa: F811
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=2)
    auth.login(staff_a)
    public_id = complete_draft(client)
    assert send(client, public_id).status_code == 302
    assert db.session.execute(select(DraftReview).filter_by(status="in_review")).scalar_one()
    assert "could not be sent" in caplog.text


def test_taking_a_newer_clause_version_after_approval_voids_it(client: Any, auth: Any, staff_a: Any, lawyer: Any,
                                                               lawyer2: Any, imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    send(client, public_id)
    as_user(auth, lawyer)
    client.post(f"/granskning/{public_id}/godkann", data={"note": ""})
    assert "uppfoljning" in draft_of(public_id).clause_pins  # the approval pinned the versions it covers
    approve_change("uppfoljning", lawyer, lawyer2)
    as_user(auth, staff_a)
    assert "Godkänt för underskrift av" in page(client, f"/utkast/{public_id}/granska")  # a newer version alone changes nothing
    client.post(f"/utkast/{public_id}/klausul/uppfoljning/uppdatera")
    html = page(client, f"/utkast/{public_id}/granska")
    assert "klausulversionerna ändrades efter godkännandet" in html
    assert events("approval_voided")[-1].details["reason"] == "clauses_changed"
