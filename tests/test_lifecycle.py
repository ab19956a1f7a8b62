"""The agreement after signing, as staff use it: signing, frozen answers, tillägg, copies, deadlines, the end."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from app.extensions import db
from app.models import Agreement, AuditEvent, DeadlineDone, Draft, Export, SignedCopy
from app.services import lifecycle
from conftest import EXAMPLE_ANSWERS
from test_exports import EXPORT, imported  # noqa: F401 - the fixture
from wizard_helpers import STEP_DATA, complete_draft, post_step

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_draft(staff: Any, answers: dict[str, Any] | None = None, signed_on: dt.date | None = None,
                 title: str = "Mötesplats Rannebergen") -> Agreement:
    """Record a signed agreement directly (the web's checks are tested on their own below)."""
    data = copy.deepcopy(answers or EXAMPLE_ANSWERS)
    data["title"] = title
    draft = Draft(title=title, organisation_id=staff.organisation_id, owner_id=staff.id, answers=data,
                  status="complete")
    db.session.add(draft)
    db.session.flush()
    typed = lifecycle.Answers.model_validate(data)
    agreement = lifecycle.record_signing(draft, staff, signed_on or dt.date(2027, 1, 1), lifecycle.parties(typed), typed)
    db.session.commit()
    return agreement


def sign_form(parties: int, day: str = "2026-11-20", **extra: Any) -> dict[str, Any]:
    data = {"signed_on": day, **extra}
    for i in range(parties):
        data[f"signatories-{i}-name"] = f"Person {i}"
        data[f"signatories-{i}-title"] = "Ordförande"
    return data


def test_signing_needs_a_final_of_the_answers_as_they_stand(client: Any, auth: Any, staff_a: Any,
                                                            imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "Ladda ner en slutversion" in page and "Registrera att avtalet är undertecknat" not in page
    assert client.post(f"/avtal/underteckna/{public_id}", data=sign_form(3)).status_code == 409
    assert client.post(f"/utkast/{public_id}/export", data={**EXPORT, "kind": "slutversion"}).status_code == 200
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "Registrera att avtalet är undertecknat" in page
    # A change after the final means the final is not what is signed.
    post_step(client, public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Hjällbo"})
    assert "Svaren har ändrats sedan den senaste slutversionen" in client.get(
        f"/avtal/underteckna/{public_id}").get_data(as_text=True)
    assert client.post(f"/utkast/{public_id}/export", data={**EXPORT, "kind": "slutversion"}).status_code == 200
    form = client.get(f"/avtal/underteckna/{public_id}").get_data(as_text=True)
    # The signatories come from the answers, one per party, the company first.
    assert form.index("Exempelbo AB") < form.index("Föreningen Mötesplats Öst") < form.index("Läxhjälpen i Väst")
    assert 'value="Lars Holm"' in form
    response = client.post(f"/avtal/underteckna/{public_id}", data=sign_form(3, copy=(__import__("io").BytesIO(PDF), "avtal.pdf")),
                           content_type="multipart/form-data")
    assert response.status_code == 302, re.findall(r'<p>([^<]*)</p>', response.get_data(as_text=True))
    agreement = db.session.execute(select(Agreement)).scalar_one()
    assert agreement.signed_on == dt.date(2026, 11, 20)
    assert [s["name"] for s in agreement.signatories] == ["Person 0", "Person 1", "Person 2"]
    assert agreement.current.answers == db.session.get(Draft, agreement.draft_id).answers
    stored = db.session.execute(select(SignedCopy)).scalar_one()
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest() and stored.size == len(PDF)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Aktivt" in page and stored.sha256 in page and "Person 1" in page
    download = client.get(f"/avtal/{agreement.public_id}/kopia/{stored.public_id}")
    assert download.data == PDF and "filename*=UTF-8''Samverkan-om-l%C3%A4xhj%C3%A4lp" in download.headers["Content-Disposition"]
    # Signed once: the form now leads to the agreement.
    assert client.get(f"/avtal/underteckna/{public_id}").status_code == 302
    actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert {"agreement_signed", "agreement_copy_uploaded", "agreement_copy_downloaded"} <= actions


def test_signing_refuses_a_missing_signatory_and_a_future_day(client: Any, auth: Any, staff_a: Any,
                                                              imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    client.post(f"/utkast/{public_id}/export", data={**EXPORT, "kind": "slutversion"})
    data = sign_form(3)
    data["signatories-1-name"] = ""
    response = client.post(f"/avtal/underteckna/{public_id}", data=data)
    assert response.status_code == 422 and "Ange vem som skrev under." in response.get_data(as_text=True)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(f"/avtal/underteckna/{public_id}", data=sign_form(3, future))
    assert response.status_code == 422 and "kan inte ligga i framtiden" in response.get_data(as_text=True)
    response = client.post(f"/avtal/underteckna/{public_id}", data=sign_form(3, "2027-02-30"))
    assert response.status_code == 422 and "Ogiltigt datum" in response.get_data(as_text=True)
    assert db.session.execute(select(Agreement)).first() is None


def final_draft(organisation_id: int, staff_id: int, answers: dict[str, Any]) -> Draft:
    """Make a complete draft whose final has been downloaded, so it can be recorded as signed."""
    draft = Draft(title=answers["title"], organisation_id=organisation_id, owner_id=staff_id, answers=answers,
                  status="complete")
    db.session.add(draft)
    db.session.flush()
    db.session.add(Export(draft_id=draft.id, organisation_id=organisation_id, created_by_id=staff_id, language="sv",
                          final=True, with_comments=False, assessed_on=dt.date(2026, 11, 1), answers=answers,
                          assessment={}, clause_versions=[]))
    db.session.commit()
    return draft


def luhn_org_number(nine: str) -> str:
    total = sum(d // 10 + d % 10 for d in (int(c) * (2 - i % 2) for i, c in enumerate(nine)))
    return f"{nine[:6]}-{nine[6:]}{(10 - total % 10) % 10}"


def test_an_agreement_with_the_most_partners_can_be_signed(client: Any, auth: Any, staff_a: Any) -> None:
    from app.agreement.answers import MAX_PARTNERS

    answers = copy.deepcopy(EXAMPLE_ANSWERS)
    answers["partners"] = [{**copy.deepcopy(EXAMPLE_ANSWERS["partners"][0]), "name": f"Förening {i}",
                            "org_number": luhn_org_number(f"80240{i:04d}"), "payment_share_percent": 100 / MAX_PARTNERS,
                            "signatory": {"name": f"Ordförande {i}", "title": "Ordförande"}}
                           for i in range(MAX_PARTNERS)]
    draft = final_draft(staff_a.organisation_id, staff_a.id, answers)
    auth.login(staff_a)
    page = client.get(f"/avtal/underteckna/{draft.public_id}").get_data(as_text=True)
    assert f"Ordförande {MAX_PARTNERS - 1}" in page
    response = client.post(f"/avtal/underteckna/{draft.public_id}", data=sign_form(MAX_PARTNERS + 1))
    assert response.status_code == 302, response.get_data(as_text=True)[-600:]
    agreement = Agreement.of_draft(draft)
    assert [s["party"] for s in agreement.signatories][-1] == f"Förening {MAX_PARTNERS - 1}"
    assert len(agreement.signatories) == MAX_PARTNERS + 1


def test_signed_answers_are_frozen_and_change_only_by_a_dated_tillagg(client: Any, auth: Any, staff_a: Any) -> None:
    agreement = signed_draft(staff_a)
    public_id = agreement.draft.public_id
    auth.login(staff_a)
    assert "svaren är låsta" in client.get(f"/utkast/{public_id}/steg/avtalstid").get_data(as_text=True)
    data = {"start_date": "2027-01-01", "end_date": "2029-12-31", "extension_months": "0", "notice_months": "3"}
    response = post_step(client, public_id, "avtalstid", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "svaren är låsta" in page and 'value="2029-12-31"' in page  # input kept
    db.session.expire_all()
    assert db.session.get(Draft, agreement.draft_id).answers["term"]["end_date"] == "2028-12-31"
    # A tillägg: open, change in the wizard, record with its own date.
    client.post(f"/avtal/{agreement.public_id}/tillagg", data={"action": "start"})
    assert post_step(client, public_id, "avtalstid", data).status_code == 302
    response = client.post(f"/avtal/{agreement.public_id}/tillagg",
                           data={"action": "record", "effective_on": "2027-06-01", "description": ""})
    assert response.status_code == 422 and "Beskriv vad tillägget ändrar" in response.get_data(as_text=True)
    response = client.post(f"/avtal/{agreement.public_id}/tillagg", data={
        "action": "record", "effective_on": "2027-06-01", "description": "Avtalet förlängs till 2029-12-31."})
    assert response.status_code == 302
    db.session.expire_all()
    agreement = db.session.get(Agreement, agreement.id)
    assert [v.number for v in agreement.versions] == [1, 2]
    assert agreement.versions[0].answers["term"]["end_date"] == "2028-12-31"
    assert agreement.current.answers["term"]["end_date"] == "2029-12-31"
    assert agreement.current.effective_on == dt.date(2027, 6, 1) and not agreement.amendment_open
    page = client.get(f"/avtal/{agreement.public_id}/").get_data(as_text=True)
    assert "Tillägg 1, gäller från 2027-06-01: Avtalet förlängs till 2029-12-31." in page
    # The deadlines follow the version in force: the last day to give notice moved with the end.
    assert "2029-09-30" in page
    assert post_step(client, public_id, "avtalstid", data).status_code == 409  # frozen again


def test_a_cancelled_tillagg_restores_the_answers_in_force(client: Any, auth: Any, staff_a: Any) -> None:
    agreement = signed_draft(staff_a)
    auth.login(staff_a)
    client.post(f"/avtal/{agreement.public_id}/tillagg", data={"action": "start"})
    post_step(client, agreement.draft.public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Hjällbo"})
    client.post(f"/avtal/{agreement.public_id}/tillagg", data={"action": "cancel"})
    db.session.expire_all()
    assert db.session.get(Draft, agreement.draft_id).answers["activity"]["area"] == "Rannebergen"
    assert len(db.session.get(Agreement, agreement.id).versions) == 1


def test_a_tillagg_keeps_the_done_marks_before_it_and_opens_a_deadline_it_moves(client: Any, auth: Any,
                                                                               staff_a: Any) -> None:
    agreement = signed_draft(staff_a, signed_on=dt.date(2026, 12, 1))
    auth.login(staff_a)
    url = f"/avtal/{agreement.public_id}"
    assert client.post(f"{url}/frist/meeting:1", data={"done_on": "2026-12-01", "note": "Protokoll"}).status_code == 302
    assert client.post(f"{url}/frist/notice", data={"done_on": "2026-12-01", "note": "Vi förlänger"}).status_code == 302
    client.post(f"{url}/tillagg", data={"action": "start"})
    public_id = agreement.draft.public_id
    assert post_step(client, public_id, "avtalstid", {**STEP_DATA["avtalstid"], "end_date": "2029-12-31"}).status_code == 302
    assert post_step(client, public_id, "uppfoljning",
                     {**STEP_DATA["uppfoljning"], "meeting_frequency": "monthly"}).status_code == 302
    assert client.post(f"{url}/tillagg", data={"action": "record", "effective_on": "2027-05-01",
                                               "description": "Förlängt och månadsvisa möten."}).status_code == 302
    db.session.expire_all()
    rows = {r.key: r for r in lifecycle_rows(db.session.get(Agreement, agreement.id))}
    assert rows["meeting:1"].deadline.due == dt.date(2027, 4, 1) and rows["meeting:1"].done is not None
    assert rows["meeting:2"].deadline.due == dt.date(2027, 5, 1) and rows["meeting:2"].done is None
    # The last day to give notice moved with the extension: the mark on the old day does not close it.
    assert rows["notice"].deadline.due == dt.date(2029, 9, 30) and rows["notice"].done is None


def lifecycle_rows(agreement: Agreement) -> list[Any]:
    from app.services import deadlines

    return deadlines.of_agreement(agreement)


def test_ending_during_an_unrecorded_tillagg_keeps_the_answers_in_force(client: Any, auth: Any, staff_a: Any) -> None:
    agreement = signed_draft(staff_a)
    auth.login(staff_a)
    client.post(f"/avtal/{agreement.public_id}/tillagg", data={"action": "start"})
    post_step(client, agreement.draft.public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Hjällbo"})
    response = client.post(f"/avtal/{agreement.public_id}/avsluta",
                           data={"ended_on": "2027-03-01", "reason": "notice", "note": ""})
    assert response.status_code == 302
    db.session.expire_all()
    agreement = db.session.get(Agreement, agreement.id)
    assert agreement.draft.answers["activity"]["area"] == "Rannebergen" and not agreement.amendment_open
    assert post_step(client, agreement.draft.public_id, "verksamheten", STEP_DATA["verksamheten"]).status_code == 409


def test_a_signed_agreement_is_renamed_only_within_a_tillagg(client: Any, auth: Any, staff_a: Any) -> None:
    agreement = signed_draft(staff_a)
    auth.login(staff_a)
    url = f"/utkast/{agreement.draft.public_id}/byt-namn"
    assert "rubriken hör till de låsta svaren" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"title": "Nytt namn"})
    assert response.status_code == 409 and "Skriv ett tillägg" in response.get_data(as_text=True)
    db.session.expire_all()
    draft = db.session.get(Draft, agreement.draft_id)
    assert draft.title == draft.answers["title"] == "Mötesplats Rannebergen"
    client.post(f"/avtal/{agreement.public_id}/tillagg", data={"action": "start"})
    assert client.post(url, data={"title": "Nytt namn"}).status_code == 302
    client.post(f"/avtal/{agreement.public_id}/tillagg", data={"action": "cancel"})
    db.session.expire_all()
    draft = db.session.get(Draft, agreement.draft_id)
    assert draft.title == draft.answers["title"] == "Mötesplats Rannebergen"


@pytest.mark.parametrize("content,name,message", [
    (b"", "tom.pdf", "Filen är tom"),
    (b"PK\x03\x04 a word file", "avtal.pdf", "Filen är inte en PDF"),
    (b"%PDF-1.4 cut off in the middle", "avtal.pdf", "Filen är inte en PDF"),
])
def test_a_signed_copy_is_checked_by_its_content(client: Any, auth: Any, staff_a: Any, content: bytes, name: str,
                                                 message: str) -> None:
    import io

    agreement = signed_draft(staff_a)
    auth.login(staff_a)
    response = client.post(f"/avtal/{agreement.public_id}/kopia", data={"copy": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.execute(select(SignedCopy)).first() is None


def post_file(client: Any, url: str, content: bytes, name: str) -> Any:
    """Post a file as a browser does, the body built in memory (the test client spools a large one to an
    unclosed temporary file)."""
    import io

    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart({"copy": FileStorage(io.BytesIO(content), name, content_type="application/pdf")})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_a_signed_copy_over_the_limit_is_refused_with_the_limit(client: Any, auth: Any, staff_a: Any, app: Any) -> None:
    app.config["SIGNED_COPY_MAX_BYTES"] = 3 * 1024 * 1024
    agreement = signed_draft(staff_a)
    auth.login(staff_a)
    big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n"
    response = post_file(client, f"/avtal/{agreement.public_id}/kopia", big, "stor.pdf")
    assert response.status_code == 422 and "högst 3 MB" in response.get_data(as_text=True)
    # Beyond the app-wide 2 MB request limit, but within the copy's own limit: accepted.
    fits = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 10) + b"\n%%EOF\n"
    assert post_file(client, f"/avtal/{agreement.public_id}/kopia", fits, "ok.pdf").status_code == 302
    assert db.session.execute(select(SignedCopy.size)).scalar_one() == len(fits)


def test_deadlines_on_the_agreement_can_be_marked_done_and_opened_again(client: Any, auth: Any, staff_a: Any) -> None:
    agreement = signed_draft(staff_a, signed_on=dt.date(2026, 12, 15))
    auth.login(staff_a)
    page = client.get(f"/avtal/{agreement.public_id}/").get_data(as_text=True)
    # Term 2027-01-01 – 2028-12-31, three months' notice, quarterly meetings.
    for due in ("2027-04-01", "2028-03-31", "2028-09-30", "2028-08-30", "2028-12-31"):
        assert due in page, due
    assert "Sista dag att säga upp avtalet" in page and "Partnerns verksamhetsrapport för avtalsåret" in page
    response = client.post(f"/avtal/{agreement.public_id}/frist/notice", data={"done_on": "2099-01-01", "note": ""})
    assert response.status_code == 422 and "kan inte ligga i framtiden" in response.get_data(as_text=True)
    response = client.post(f"/avtal/{agreement.public_id}/frist/meeting:1",
                           data={"done_on": "2026-11-25", "note": "Protokoll dnr 2026/12"})
    assert response.status_code == 302
    done = db.session.execute(select(DeadlineDone)).scalar_one()
    assert (done.key, done.done_on, done.note) == ("meeting:1", dt.date(2026, 11, 25), "Protokoll dnr 2026/12")
    page = client.get(f"/avtal/{agreement.public_id}/").get_data(as_text=True)
    assert "Protokoll dnr 2026/12" in page and "Ångra" in page
    assert client.post(f"/avtal/{agreement.public_id}/frist/nothing:9", data={"done_on": "2026-11-25"}).status_code == 422
    client.post(f"/avtal/{agreement.public_id}/frist/meeting:1", data={"action": "undo"})
    assert db.session.execute(select(DeadlineDone)).first() is None


def test_the_direct_award_deadlines_appear_only_when_their_checkpoint_fired(staff_a: Any) -> None:
    from app.services import deadlines

    procurement = copy.deepcopy(EXAMPLE_ANSWERS)
    procurement["exchange"].update(payment_model="per_unit", partner_delivers_to_company=True,
                                   company_would_otherwise_buy=True, market_exists="yes", amount_per_year_sek=200000)
    bought = signed_draft(staff_a, procurement, dt.date(2027, 1, 31), title="Köp")
    grant = signed_draft(staff_a, signed_on=dt.date(2027, 1, 31), title="Bidrag")
    assert "lou.direct-award-documentation" in bought.findings
    kinds = {r.deadline.kind: r.deadline.due for r in deadlines.of_agreement(bought)}
    assert kinds["documentation"] == dt.date(2027, 3, 2)  # 30 days after 31 January
    assert "documentation" not in {r.deadline.kind for r in deadlines.of_agreement(grant)}


def test_an_agreement_ended_early_is_avslutat_and_keeps_its_deadlines_up_to_the_end(client: Any, auth: Any,
                                                                                     staff_a: Any) -> None:
    agreement = signed_draft(staff_a, signed_on=dt.date(2026, 12, 1))
    auth.login(staff_a)
    response = client.post(f"/avtal/{agreement.public_id}/avsluta", data={"ended_on": "2026-11-01", "reason": "notice"})
    assert response.status_code == 422 and "före underskriftsdagen" in response.get_data(as_text=True)
    response = client.post(f"/avtal/{agreement.public_id}/avsluta",
                           data={"ended_on": "2027-06-30", "reason": "termination", "note": "Föreningen upplöst."})
    assert response.status_code == 302
    db.session.expire_all()
    agreement = db.session.get(Agreement, agreement.id)
    assert lifecycle.status(agreement, dt.date(2027, 7, 1)).key == "ended"
    assert lifecycle.status(agreement, dt.date(2027, 6, 1)).key == "active"
    from app.services import deadlines

    assert max(r.deadline.due for r in deadlines.of_agreement(agreement)) <= dt.date(2027, 6, 30)
    # Past its end date an agreement has ended without anything recorded.
    other = signed_draft(staff_a, signed_on=dt.date(2026, 12, 1), title="Annat")
    assert lifecycle.status(other, dt.date(2029, 1, 1)).key == "ended"


def test_a_signed_agreement_cannot_be_deleted_or_given_new_clause_versions(client: Any, auth: Any, staff_a: Any) -> None:
    agreement = signed_draft(staff_a)
    auth.login(staff_a)
    response = client.post(f"/utkast/{agreement.draft.public_id}/ta-bort", follow_redirects=True)
    assert "kan inte tas bort" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Draft, agreement.draft_id).archived_at is None


def test_reviewers_read_agreements_but_change_nothing(client: Any, auth: Any, staff_a: Any, app: Any) -> None:
    from conftest import make_user

    agreement = signed_draft(staff_a)
    lawyer = make_user("jurist@exempelbo.se", "reviewer", staff_a.organisation)
    auth.login(lawyer)
    page = client.get(f"/avtal/{agreement.public_id}/").get_data(as_text=True)
    assert "Sista dag att säga upp avtalet" in page and "Markera som klar" not in page
    assert client.post(f"/avtal/{agreement.public_id}/frist/notice", data={"done_on": "2027-01-01"}).status_code == 403
    assert not re.search(r"Skriv ett tillägg", page)
    assert db.session.execute(select(Export)).first() is None
