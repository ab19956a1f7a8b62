"""The partner's own part, as the handläggare and the association's chair use it: link, proposals, thread, confirmation."""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.agreement.answers import Answers
from app.extensions import db
from app.models import AuditEvent, Draft, PartnerInvitation, PartnerProposal
from app.services import partners
from app.services.assessment import assess_answers
from test_exports import EXPORT, imported  # noqa: F401 - the fixture
from wizard_helpers import STEP_DATA, complete_draft, post_step

PART = {  # the partner's form as the first partner of the walk's draft would send it unchanged
    "name": "Föreningen Mötesplats Öst", "org_number": "802400-0005", "org_form": "ideell_forening",
    "address": "", "contact_name": "Amina Yusuf", "contact_role": "", "contact_email": "", "contact_phone": "",
    "signatory_name": "Amina Yusuf", "signatory_title": "Ordförande", "own_contribution": "Ideella läxhjälpare.",
    "activity_description": "Läxhjälp två kvällar i veckan.", "activity_goals": "Fler elever klarar skolan.",
    "indicators": "Antal elever per vecka\nBetyg i svenska",
}


def invite(client: FlaskClient, public_id: str, partner: int = 0, **extra: Any) -> str:
    """Invite a partner from the staff's page; return the link's path as the page shows it (once)."""
    staff_page = client.get(f"/utkast/{public_id}/partner").get_data(as_text=True)
    listed = re.search(r'name="listed" type="hidden" value="([^"]*)"', staff_page)
    assert listed, "the invitation form carries the partners it lists"
    response = client.post(f"/utkast/{public_id}/partner/bjud-in",
                           data={"listed": listed.group(1), "partner": str(partner), "contact_name": "Amina Yusuf",
                                 "email": "amina@motesplats.se", "message": "Fyll gärna i före fredag.", **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'id="new-link" class="copy-link" type="text" readonly value="([^"]+)"', page)
    assert link, "the page shows the new link"
    # Once: the page opened again shows it no more (only its hash is kept).
    assert link.group(1) not in client.get(f"/utkast/{public_id}/partner").get_data(as_text=True)
    return link.group(1).replace("http://localhost", "")


def texts(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def drafted(client: FlaskClient, auth: Any, staff_a: Any, imported: None) -> str:  # noqa: F811
    auth.login(staff_a)
    return complete_draft(client)


def test_the_link_opens_the_partners_part_and_not_the_companys_assessment(app: Flask, client: FlaskClient,
                                                                          drafted: str) -> None:
    link = invite(client, drafted)
    token = link.rsplit("/", 1)[1]
    # Only the hash is stored: the token itself is nowhere in the database.
    invitation = db.session.execute(select(PartnerInvitation)).scalar_one()
    assert invitation.token_hash == PartnerInvitation.digest(token) and token not in repr(
        db.session.execute(select(PartnerInvitation.__table__)).all())
    assert invitation.expires_at.date() == (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)).date()
    chair = app.test_client()
    response = chair.get(link)
    assert response.status_code == 200
    page = texts(response.get_data(as_text=True))
    assert "Inbjudan från Exempelbo AB" in page and "Fyll gärna i före fredag." in page
    assert "Kontrollera och fyll i uppgifterna om er organisation" in page
    assert 'value="802400-0005"' in response.get_data(as_text=True)
    # The agreement text is there; the company's risk assessment and its findings are not.
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    findings = assess_answers(Answers.model_validate(draft.answers), dt.date.today(), "sv").findings
    assert findings, "the walk's draft has findings the partner must not see"
    assert "Parter" in page and "Uppföljningsplan" in page
    for finding in findings:  # a title may also head a clause of the agreement; the assessment's own texts not
        assert " ".join(finding.explanation.split()) not in page and " ".join(finding.action.split()) not in page
    assert "Riskbedömning" not in page and "riskbedömningen" not in page
    # No account menu, even though nobody logged in: nothing of the staff's app is offered.
    assert "Mina utkast" not in page and "Logga ut" not in page


def test_the_partners_download_has_no_comments_and_no_internal_annex(app: Flask, client: FlaskClient,
                                                                     drafted: str) -> None:
    link = invite(client, drafted)
    chair = app.test_client()
    chair.get(link)
    response = chair.post(link + "/avtal.docx", data={"file_format": "docx"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Föreningen Mötesplats Öst" in text and "Uppföljningsplan" in text
    assert "Riskbedömning" not in text and "riskbedömningen" not in text
    assert not any(part.partname.endswith("comments.xml") for part in document.part.package.iter_parts())
    # The staff's draft download of the same answers has both, so the test can tell them apart.
    staff = client.post(f"/utkast/{drafted}/export", data=EXPORT)
    staff_text = "\n".join(p.text for p in docx.Document(io.BytesIO(staff.data)).paragraphs)
    assert "Riskbedömning" in staff_text
    events = [e.action for e in db.session.execute(select(AuditEvent)).scalars()]
    assert "partner_document_downloaded" in events


def test_proposals_reach_the_answers_only_when_accepted(app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    chair = app.test_client()
    chair.get(link)
    before = dict(db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one().answers)
    # A wrong org.nr is refused on its field, in Swedish, and nothing is recorded.
    wrong = chair.post(link, data={**PART, "org_number": "802400-0006"})
    assert wrong.status_code == 422
    assert "kontrollsiffra" in wrong.get_data(as_text=True).lower() or "organisationsnummer" in texts(
        wrong.get_data(as_text=True)).lower()
    assert db.session.execute(select(PartnerProposal)).first() is None
    sent = chair.post(link, data={**PART, "address": "Rannebergsvägen 3, 424 36 Angered",
                                  "signatory_name": "Leyla Ahmadi", "own_contribution": "Tio ideella läxhjälpare "
                                  "två kvällar i veckan.", "indicators": "Antal elever per vecka\nBetyg i svenska\n"
                                  "Andel elever som kommer tillbaka"})
    assert sent.status_code == 302
    proposals = db.session.execute(select(PartnerProposal)).scalars().all()
    assert sorted(p.field for p in proposals) == ["exchange.own_contribution_description", "follow_up.indicators",
                                                  "partner.address", "partner.signatory.name"]
    db.session.expire_all()
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    assert draft.answers == before, "nothing the partner sends reaches the answers on its own"
    assert "väntar på bostadsbolaget" in texts(chair.get(link).get_data(as_text=True))

    # The handläggare sees each beside the current value and decides one by one.
    staff_page = client.get(f"/utkast/{drafted}/partner").get_data(as_text=True)
    assert "Leyla Ahmadi" in staff_page and "Nu i utkastet" in staff_page
    by_field = {p.field: p.public_id for p in proposals}
    version = str(draft.version)
    accepted = client.post(f"/utkast/{drafted}/partner/forslag/{by_field['partner.signatory.name']}",
                           data={"action": "accept", "version": version, "note": ""})
    assert accepted.status_code == 302
    db.session.expire_all()
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    assert draft.answers["partners"][0]["signatory"]["name"] == "Leyla Ahmadi"
    assert draft.answers["partners"][1] == before["partners"][1]
    # A decision made on the page as it was before that change is refused: the version moved on.
    stale = client.post(f"/utkast/{drafted}/partner/forslag/{by_field['partner.address']}",
                        data={"action": "accept", "version": version, "note": ""}, follow_redirects=True)
    assert "Utkastet har ändrats sedan sidan öppnades" in stale.get_data(as_text=True)
    rejected = client.post(f"/utkast/{drafted}/partner/forslag/{by_field['partner.address']}",
                           data={"action": "reject", "version": str(draft.version),
                                 "note": "Vi använder föreningens postadress från registret."})
    assert rejected.status_code == 302
    client.post(f"/utkast/{drafted}/partner/forslag/{by_field['exchange.own_contribution_description']}",
                data={"action": "accept", "version": str(draft.version)})  # a rejection leaves the version
    db.session.expire_all()
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    assert draft.answers["partners"][0].get("address", "") == ""
    assert draft.answers["exchange"]["own_contribution_description"] == "Tio ideella läxhjälpare två kvällar i veckan."
    assert draft.answers["exchange"]["partner_own_contribution"] is True
    # The partner sees what became of each, with the handläggare's reason.
    page = texts(chair.get(link).get_data(as_text=True))
    assert "Vi använder föreningens postadress från registret." in page
    assert "Ert förslag är godkänt och infört i utkastet." in page and "Avböjt" in page


def test_the_thread_and_the_audit_log_tell_the_whole_story(app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    invitation = db.session.execute(select(PartnerInvitation)).scalar_one()
    chair = app.test_client()
    chair.get(link)
    chair.get(link)  # a reload is not logged again
    assert chair.post(link + "/meddelande", data={"message-author": "Amina", "message-text": "Ska vi skriva under båda två?"}
                      ).status_code == 302
    client.post(f"/utkast/{drafted}/partner/{invitation.public_id}/svar",
                data={"text": "Nej, det räcker att ordföranden skriver under."})
    page = texts(chair.get(link).get_data(as_text=True))
    assert "Ska vi skriva under båda två?" in page and "Nej, det räcker att ordföranden skriver under." in page
    chair.post(link, data={**PART, "contact_phone": "070-123 45 67"})
    proposal = db.session.execute(select(PartnerProposal)).scalar_one()
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    client.post(f"/utkast/{drafted}/partner/forslag/{proposal.public_id}",
                data={"action": "accept", "version": str(draft.version)})
    client.post(f"/utkast/{drafted}/partner/{invitation.public_id}/stang")
    assert chair.get(link).status_code == 410
    events = db.session.execute(select(AuditEvent).filter_by(target_type="draft", target_id=drafted)
                                .order_by(AuditEvent.id)).scalars().all()
    story = [e.action for e in events if e.action.startswith("partner_")]
    assert story == ["partner_invited", "partner_link_opened", "partner_message", "partner_message_staff",
                     "partner_proposed", "partner_proposal_accepted", "partner_link_revoked", "partner_link_refused"]
    for event in events:
        if event.action.startswith("partner_"):
            assert event.details["partner"] == "Föreningen Mötesplats Öst"
            assert event.details["link"] == invitation.public_id
    staff_page = texts(client.get(f"/utkast/{drafted}/partner").get_data(as_text=True))
    assert "Partnerns förslag godkänt och infört" in staff_page and "Kontaktpersonens telefon" in staff_page


def test_a_revoked_or_expired_link_says_so_and_reveals_nothing(app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    expiring = invite(client, drafted)
    invitation = db.session.execute(select(PartnerInvitation).order_by(PartnerInvitation.id)).scalars().first()
    client.post(f"/utkast/{drafted}/partner/{invitation.public_id}/stang")
    later = db.session.execute(select(PartnerInvitation).order_by(PartnerInvitation.id.desc())).scalars().first()
    later.expires_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(minutes=1)
    db.session.commit()
    chair = app.test_client()
    for path, words in ((link, "stängts"), (expiring, "gått ut")):
        for response in (chair.get(path), chair.post(path, data=PART), chair.post(path + "/avtal.docx")):
            assert response.status_code == 410 and response.mimetype == "text/html"
            body = response.get_data(as_text=True)
            assert words in body
            for secret in ("Läxhjälp", "Mötesplats", "Exempelbo", "Amina", STEP_DATA["avtalet"]["title"]):
                assert secret not in body
    assert db.session.execute(select(PartnerProposal)).first() is None
    assert chair.get("/partner/" + "x" * 43).status_code == 404


def test_the_token_page_is_private_and_keeps_no_long_session(app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    response = app.test_client().get(link)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert '<meta name="robots" content="noindex, nofollow">' in html and '<meta name="referrer" content="no-referrer">' in html
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "expires=" not in cookie.lower() and "max-age" not in cookie.lower(), cookie


def test_another_drafts_link_opens_only_that_draft(app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    post_step(client, drafted, "avtalet", {**STEP_DATA["avtalet"], "title": "Hemligt utkast A"})
    other = complete_draft(client)
    post_step(client, other, "avtalet", {**STEP_DATA["avtalet"], "title": "Utkast B"})
    other_link = invite(client, other)
    page = app.test_client().get(other_link).get_data(as_text=True)
    assert "Utkast B" in page and "Hemligt utkast A" not in page
    # The other link's proposals go to its own draft.
    app.test_client().post(other_link, data={**PART, "contact_phone": "070-1"})
    proposal = db.session.execute(select(PartnerProposal)).scalar_one()
    assert proposal.draft_id == db.session.execute(select(Draft.id).filter_by(public_id=other)).scalar_one()
    assert link != other_link


def test_confirmation_of_the_final_draft_and_of_which_version(app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    chair = app.test_client()
    assert "Utkastet är inte färdigt än" in texts(chair.get(link).get_data(as_text=True))
    assert chair.post(link + "/bekrafta", data={"signer": "Amina Yusuf", "read": "y"}).status_code == 409
    assert client.post(f"/utkast/{drafted}/export", data={**EXPORT, "kind": "slutversion"}).status_code == 200
    html = chair.get(link).get_data(as_text=True)
    assert "Vi har läst och godkänner utkastet" in texts(html)
    shown = re.search(r'name="shown" type="hidden" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    assert chair.post(link + "/bekrafta", data={"signer": "Amina Yusuf", "shown": shown}).status_code == 422  # unticked
    assert chair.post(link + "/bekrafta", data={"signer": "Amina Yusuf", "read": "y", "shown": shown}).status_code == 302
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    staff_page = texts(client.get(f"/utkast/{drafted}/partner").get_data(as_text=True))
    assert f"Amina Yusuf {draft.version}" in staff_page and "Gäller texten som den är nu" in staff_page
    assert "Amina Yusuf bekräftade" in texts(chair.get(link).get_data(as_text=True))
    # A change afterwards: the confirmation is of an earlier text, and the partner may confirm again later.
    post_step(client, drafted, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Hjällbo"})
    staff_page = texts(client.get(f"/utkast/{drafted}/partner").get_data(as_text=True))
    assert "Nej, texten har ändrats sedan dess" in staff_page
    assert "Utkastet är inte färdigt än" in texts(chair.get(link).get_data(as_text=True))


def test_the_link_follows_its_partner_and_stops_when_the_partner_is_removed(app: Flask, client: FlaskClient,
                                                                            drafted: str) -> None:
    link = invite(client, drafted, partner=1)  # Läxhjälpen i Väst
    chair = app.test_client()
    assert 'value="Läxhjälpen i Väst"' in chair.get(link).get_data(as_text=True)
    # The first partner is removed: the link still opens the second one's part, now first in the list.
    parter = {key.replace("partners-1-", "partners-0-"): value for key, value in STEP_DATA["parter"].items()
              if key.startswith("partners-1-")}
    parter["partners-0-payment_share_percent"] = "100"
    assert post_step(client, drafted, "parter", parter).status_code == 302
    page = chair.get(link).get_data(as_text=True)
    assert 'value="Läxhjälpen i Väst"' in page and "Föreningen Mötesplats Öst" not in texts(page).split("Avtalstexten")[0]
    # Removed altogether: nothing to fill in, said plainly.
    parter = {key: value for key, value in STEP_DATA["parter"].items() if key.startswith("partners-0-")}
    parter["partners-0-payment_share_percent"] = "100"
    assert post_step(client, drafted, "parter", parter).status_code == 302
    assert "Utkastet nämner inte längre er organisation" in texts(chair.get(link).get_data(as_text=True))


def test_a_signed_agreement_takes_no_proposals(app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    chair = app.test_client()
    chair.post(link, data={**PART, "contact_phone": "070-1"})
    proposal = db.session.execute(select(PartnerProposal)).scalar_one()
    assert client.post(f"/utkast/{drafted}/export", data={**EXPORT, "kind": "slutversion"}).status_code == 200
    signed = client.post(f"/avtal/underteckna/{drafted}", data={
        "signed_on": dt.date.today().isoformat(), "signatories-0-name": "Lars Holm", "signatories-1-name": "Amina",
        "signatories-2-name": "Per Ek"})
    assert signed.status_code == 302
    assert "Avtalet är undertecknat" in texts(chair.get(link).get_data(as_text=True))
    assert chair.post(link, data={**PART, "contact_phone": "070-2"}).status_code == 409
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    answered = client.post(f"/utkast/{drafted}/partner/forslag/{proposal.public_id}",
                           data={"action": "accept", "version": str(draft.version)}, follow_redirects=True)
    assert "Avtalet är undertecknat" in answered.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(PartnerProposal, proposal.id).status == "open"


def test_the_invitation_goes_by_mail_and_its_link_opens_the_page(app: Flask, client: FlaskClient, drafted: str,
                                                                 smtp_server: Any) -> None:
    link = invite(client, drafted, send="y")
    [message] = smtp_server.to("amina@motesplats.se")
    body = message.get_content()
    assert "Inbjudan att fylla i er del av samverkansavtalet" in message["Subject"]
    assert "Exempelbo AB bjuder in Föreningen Mötesplats Öst" in " ".join(body.split())
    mailed = re.search(r"http://localhost(/partner/\S+)", body).group(1)
    assert mailed == link and app.test_client().get(mailed).status_code == 200
    assert db.session.execute(select(PartnerInvitation)).scalar_one().mailed_at is not None


def test_a_proposal_for_a_step_not_yet_saved_waits_for_it(app: Flask, client: FlaskClient, staff_a: Any,
                                                          auth: Any, imported: None) -> None:  # noqa: F811
    from wizard_helpers import new_draft

    auth.login(staff_a)
    public_id = new_draft(client)
    post_step(client, public_id, "avtalet")
    post_step(client, public_id, "bostadsbolaget")
    post_step(client, public_id, "parter")
    link = invite(client, public_id)
    chair = app.test_client()
    page = chair.get(link).get_data(as_text=True)
    assert "Avtalstexten visas när bostadsbolaget har fyllt i alla delar" in texts(page)
    assert chair.post(link, data={**PART, "activity_goals": "Fler klarar skolan."}).status_code == 302
    proposal = next(p for p in db.session.execute(select(PartnerProposal)).scalars() if p.field == "activity.goals")
    draft = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
    response = client.post(f"/utkast/{public_id}/partner/forslag/{proposal.public_id}",
                           data={"action": "accept", "version": str(draft.version)}, follow_redirects=True)
    assert "Steget ”Verksamheten” är inte sparat än" in response.get_data(as_text=True)
    db.session.expire_all()
    assert "activity" not in db.session.get(Draft, draft.id).answers


def test_the_partner_pages_are_rate_limited_with_their_own_message(make_app: Any) -> None:
    app = make_app(RATELIMIT_ENABLED=True, PARTNER_LIMIT="3/minute")
    visitor = app.test_client()
    codes = [visitor.get("/partner/" + "y" * 43).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    page = visitor.get("/partner/" + "y" * 43)
    assert page.status_code == 429 and "För många förfrågningar" in page.get_data(as_text=True)
    assert "inloggningsförsök" not in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_the_partner_sends_with_the_pages_csrf_token_and_not_without(make_app: Any) -> None:
    from route_fixtures import create_objects, csrf_token

    app = make_app(WTF_CSRF_ENABLED=True)
    objects = create_objects(app)
    with app.app_context():
        draft = db.session.execute(select(Draft).filter_by(public_id=objects.draft_id)).scalar_one()
        _invitation, token = partners.invite(draft, 0, "", "", "", draft.owner)
        db.session.commit()
    chair = app.test_client()
    link = f"/partner/{token}"
    token = csrf_token(chair.get(link).get_data(as_text=True))
    with app.app_context():
        count = len(db.session.execute(select(PartnerProposal)).scalars().all())
    refused = chair.post(link, data={**PART, "name": "Föreningen Mötesplats Öst", "contact_phone": "070-9"})
    assert refused.status_code == 400
    accepted = chair.post(link, data={**PART, "csrf_token": token, "contact_phone": "070-9"})
    assert accepted.status_code == 302
    with app.app_context():
        assert len(db.session.execute(select(PartnerProposal)).scalars().all()) > count


def test_after_signing_the_link_reports_indicator_values_and_the_yearly_report(app: Flask, client: FlaskClient,
                                                                               drafted: str) -> None:
    post_step(client, drafted, "avtalstid", {**STEP_DATA["avtalstid"], "start_date": "2026-01-01"})
    assert client.post(f"/utkast/{drafted}/export", data={**EXPORT, "kind": "slutversion"}).status_code == 200
    assert client.post(f"/avtal/underteckna/{drafted}", data={
        "signed_on": "2026-01-01", "signatories-0-name": "Lars Holm", "signatories-1-name": "Amina Yusuf",
        "signatories-2-name": "Per Ek"}).status_code == 302
    link = invite(client, drafted)  # a link made after signing is for the follow-up
    chair = app.test_client()
    page = texts(chair.get(link).get_data(as_text=True))
    assert "Indikator: Antal elever per vecka" in page and "Verksamhetsrapport" in page
    assert "Skicka förslagen" not in page
    from app.models import Agreement, IndicatorSetting, PartnerReport

    agreement = db.session.execute(select(Agreement)).scalar_one()
    setting = db.session.execute(select(IndicatorSetting).filter_by(agreement_id=agreement.id,
                                                                    name="Antal elever per vecka")).scalar_one()
    wrong = chair.post(f"{link}/indikator/{setting.id}", data={"period": "2026-K1", "value": "tolv", "note": ""})
    assert wrong.status_code == 422 and "tal" in texts(wrong.get_data(as_text=True))
    assert chair.post(f"{link}/indikator/{setting.id}", data={"period": "2026-K1", "value": "12,5",
                                                              "note": "Vårterminen"}).status_code == 302
    follow_up = texts(client.get(f"/avtal/{agreement.public_id}/uppfoljning").get_data(as_text=True))
    assert "12,5" in follow_up and "(rapporterat av Föreningen Mötesplats Öst)" in follow_up
    # Another agreement's indicator is not this link's to report.
    assert chair.post(f"{link}/indikator/{setting.id + 999}", data={"period": "2026-K1", "value": "1"}
                      ).status_code == 404
    sent = chair.post(f"{link}/rapport", data={"report-deadline": "report:1", "report-text": "Vi har haft 40 träffar.",
                                               "report-author": "Amina Yusuf"})
    assert sent.status_code == 302
    report = db.session.execute(select(PartnerReport)).scalar_one()
    assert report.deadline_key == "report:1" and report.partner_name == "Föreningen Mötesplats Öst"
    staff_page = texts(client.get(f"/utkast/{drafted}/partner").get_data(as_text=True))
    assert "Vi har haft 40 träffar." in staff_page and "avtalsår 1" in staff_page
    assert chair.post(f"{link}/rapport", data={"report-deadline": "report:99", "report-text": "x", "report-author": "A"}).status_code == 422
    story = [e.action for e in db.session.execute(select(AuditEvent).filter_by(target_id=drafted)).scalars()]
    assert "partner_report_sent" in story and "indicator_value_entered" in story


def test_a_number_written_another_way_is_no_proposal_and_an_accepted_one_is_stored_as_the_answers_write_it(
        app: Flask, client: FlaskClient, drafted: str) -> None:
    link = invite(client, drafted)
    chair = app.test_client()
    assert chair.post(link, data={**PART, "org_number": "8024000005"}).status_code == 302
    assert db.session.execute(select(PartnerProposal)).scalars().all() == []  # the same number, written without dash
    assert chair.post(link, data={**PART, "org_number": "802000 0017"}).status_code == 302
    proposal = db.session.execute(select(PartnerProposal)).scalar_one()
    draft = db.session.execute(select(Draft).filter_by(public_id=drafted)).scalar_one()
    assert client.post(f"/utkast/{drafted}/partner/forslag/{proposal.public_id}",
                       data={"action": "accept", "version": draft.version}).status_code == 302
    db.session.refresh(draft)
    assert draft.answers["partners"][0]["org_number"] == "802000-0017"


def test_a_confirmation_of_a_text_changed_while_it_was_read_is_refused(app: Flask, client: FlaskClient,
                                                                       drafted: str) -> None:
    link = invite(client, drafted)
    chair = app.test_client()
    assert client.post(f"/utkast/{drafted}/export", data={**EXPORT, "kind": "slutversion"}).status_code == 200
    shown = re.search(r'name="shown" type="hidden" value="([^"]+)"', chair.get(link).get_data(as_text=True))
    assert shown
    refused = chair.post(link + "/bekrafta", data={"signer": "Amina Yusuf", "read": "y", "shown": "0" * 64})
    assert refused.status_code == 409 and "Utkastet har ändrats medan ni läste det" in texts(
        refused.get_data(as_text=True))
    assert chair.post(link + "/bekrafta", data={"signer": "Amina Yusuf", "read": "y", "shown": shown.group(1)}
                      ).status_code == 302


def test_a_renamed_partner_keeps_its_link_and_a_changed_list_asks_to_choose_again(app: Flask, client: FlaskClient,
                                                                                 drafted: str) -> None:
    link = invite(client, drafted, partner=1)
    parter = {**STEP_DATA["parter"], "partners-1-name": "Läxhjälpen Väst", "partners-1-org_number": ""}
    assert post_step(client, drafted, "parter", parter).status_code == 302
    assert 'value="Läxhjälpen Väst"' in app.test_client().get(link).get_data(as_text=True)
    invitation = db.session.execute(select(PartnerInvitation)).scalar_one()
    assert invitation.partner_name == "Läxhjälpen Väst"
    refused = client.post(f"/utkast/{drafted}/partner/bjud-in", data={"listed": "stale", "partner": "0"})
    assert refused.status_code == 422 and "Utkastets partner har ändrats" in texts(refused.get_data(as_text=True))


def test_characters_no_document_holds_are_dropped_from_what_the_partner_writes(app: Flask, client: FlaskClient,
                                                                              drafted: str) -> None:
    link = invite(client, drafted)
    chair = app.test_client()
    assert chair.post(link + "/meddelande", data={"message-author": "Amina\x00", "message-text": "Hej\x00 där"}
                      ).status_code == 302
    message = partners.messages_of(db.session.execute(select(PartnerInvitation)).scalar_one())[0]
    assert (message.author_name, message.text) == ("Amina", "Hej där")
