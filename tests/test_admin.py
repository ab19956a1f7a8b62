"""Admin pages and CLI: organisations, users, roles, deactivation and the read-only audit log."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Organisation, User
from app.services import accounts
from app.services.accounts import AccountError
from conftest import PASSWORD, make_user

NEW_ORG = "556999-9997"
ADMIN_PAGES = ["/admin/", "/admin/organisationer", "/admin/anvandare", "/admin/anvandare/ny", "/admin/logg"]


def events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(select(AuditEvent).filter_by(action=action)).scalars())


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_are_for_admins_only(app, client, auth, staff_a, reviewer, admin, path):
    assert "/logga-in" in client.get(path).headers["Location"]
    for user in (staff_a, reviewer):
        auth.login(user)
        assert client.get(path).status_code == 403
        assert client.post(path).status_code in (403, 405)
        auth.logout()
    auth.login(admin)
    assert client.get(path).status_code == 200


def test_only_admins_see_the_administration_link(client, auth, staff_a, admin):
    auth.login(staff_a)
    assert "/admin/" not in client.get("/utkast/").get_data(as_text=True)
    auth.logout()
    auth.login(admin)
    assert 'href="/admin/"' in client.get("/admin/anvandare").get_data(as_text=True)


def test_admin_creates_and_renames_an_organisation(client, auth, admin):
    auth.login(admin)
    response = client.post("/admin/organisationer", data={"name": "Tredjebo AB", "org_number": "5569999997"})
    assert response.status_code == 302
    org = Organisation.by_org_number(NEW_ORG)
    assert org.name == "Tredjebo AB"
    response = client.post(f"/admin/organisationer/{org.id}", data={"name": "Tredjebo Fastigheter AB"})
    assert response.status_code == 302
    assert db.session.get(Organisation, org.id).name == "Tredjebo Fastigheter AB"
    assert events("organisation_created")[0].actor_id == admin.id
    assert events("organisation_renamed")[0].details == {"old": "Tredjebo AB", "new": "Tredjebo Fastigheter AB"}
    page = client.get("/admin/organisationer").get_data(as_text=True)
    assert "Tredjebo Fastigheter AB" in page and NEW_ORG in page


def test_invalid_or_duplicate_org_number_is_refused(client, auth, admin, org_a):
    auth.login(admin)
    page = client.post("/admin/organisationer", data={"name": "Fel AB", "org_number": "556999-9990"})
    assert "Ange ett giltigt organisationsnummer" in page.get_data(as_text=True)
    page = client.post("/admin/organisationer", data={"name": "Dubblett AB", "org_number": org_a.org_number})
    assert "Det finns redan en organisation med organisationsnummer" in page.get_data(as_text=True)
    assert len(accounts.organisations()) == 1


def test_admin_creates_a_user_who_can_log_in(client, auth, admin, org_a, staff_b):
    auth.login(admin)
    short = client.post("/admin/anvandare/ny", data={"email": "ny@exempelbo.se", "role": "staff",
                                                    "organisation": str(org_a.id), "password": "kort"})
    assert "minst 12 tecken" in short.get_data(as_text=True)
    no_org = client.post("/admin/anvandare/ny", data={"email": "ny@exempelbo.se", "role": "staff",
                                                     "organisation": "", "password": "ett långt lösenord"})
    assert "måste höra till en organisation" in no_org.get_data(as_text=True)
    taken = client.post("/admin/anvandare/ny", data={"email": staff_b.email, "role": "staff",
                                                    "organisation": str(org_a.id), "password": "ett långt lösenord"})
    assert "Det finns redan en användare" in taken.get_data(as_text=True)
    response = client.post("/admin/anvandare/ny", data={"email": "Ny@Exempelbo.se", "role": "staff",
                                                        "organisation": str(org_a.id),
                                                        "password": "ett långt lösenord"})
    assert response.status_code == 302
    user = User.by_email("ny@exempelbo.se")
    assert user.role == "staff" and user.organisation_id == org_a.id
    assert events("user_created")[-1].actor_id == admin.id
    auth.logout()
    assert auth.login("ny@exempelbo.se", "ett långt lösenord").headers["Location"] == "/"


def test_users_list_filters(client, auth, admin, staff_a, staff_b, reviewer):
    auth.login(admin)
    page = client.get("/admin/anvandare").get_data(as_text=True)
    assert all(u.email in page for u in (admin, staff_a, staff_b, reviewer))
    page = client.get(f"/admin/anvandare?organisation={staff_b.organisation_id}").get_data(as_text=True)
    assert staff_b.email in page and staff_a.email not in page
    page = client.get("/admin/anvandare?role=reviewer").get_data(as_text=True)
    assert reviewer.email in page and staff_a.email not in page
    page = client.get("/admin/anvandare?q=ANDRABO").get_data(as_text=True)
    assert staff_b.email in page and staff_a.email not in page
    accounts.deactivate_user(staff_a, admin)
    db.session.commit()
    page = client.get("/admin/anvandare?status=inactive").get_data(as_text=True)
    assert staff_a.email in page and staff_b.email not in page


def test_role_change_and_move_are_recorded(client, auth, admin, staff_a, org_b):
    auth.login(admin)
    page = client.get(f"/admin/anvandare/{staff_a.id}").get_data(as_text=True)
    assert staff_a.email in page and f'action="/admin/anvandare/{staff_a.id}/inaktivera"' in page
    assert client.get(f"/admin/organisationer/{org_b.id}").status_code == 200
    assert client.get("/admin/anvandare/9999").status_code == 404
    assert client.post(f"/admin/anvandare/{staff_a.id}/roll", data={"role": "reviewer"}).status_code == 302
    assert db.session.get(User, staff_a.id).role == "reviewer"
    event = events("user_role_changed")[0]
    assert (event.actor_id, event.target_type, event.target_id) == (admin.id, "user", str(staff_a.id))
    assert event.details["old"] == "staff" and event.details["new"] == "reviewer"
    assert client.post(f"/admin/anvandare/{staff_a.id}/organisation",
                       data={"organisation": str(org_b.id)}).status_code == 302
    assert db.session.get(User, staff_a.id).organisation_id == org_b.id
    assert events("user_organisation_changed")[0].details["new"] == org_b.id


def in_own_context(app, client, method, url, **kwargs):
    """Make one request in a fresh app context, so the logged-in user is not shared between clients via g."""
    with app.app_context():
        return getattr(client, method)(url, **kwargs)


def test_deactivation_logs_the_user_out_on_the_next_request(app, admin, staff_a):
    staff_client, admin_client = app.test_client(), app.test_client()
    login = {"email": staff_a.email, "password": PASSWORD}
    in_own_context(app, staff_client, "post", "/logga-in", data=login)
    assert in_own_context(app, staff_client, "get", "/utkast/").status_code == 200
    in_own_context(app, admin_client, "post", "/logga-in", data={"email": admin.email, "password": PASSWORD})
    response = in_own_context(app, admin_client, "post", f"/admin/anvandare/{staff_a.id}/inaktivera")
    assert response.status_code == 302
    assert "/logga-in" in in_own_context(app, staff_client, "get", "/utkast/").headers["Location"]
    assert events("user_deactivated")[0].actor_id == admin.id
    refused = in_own_context(app, staff_client, "post", "/logga-in", data=login)
    assert "Fel e-postadress" in refused.get_data(as_text=True)
    in_own_context(app, admin_client, "post", f"/admin/anvandare/{staff_a.id}/aktivera")
    assert db.session.get(User, staff_a.id).active
    in_own_context(app, staff_client, "post", "/logga-in", data=login)
    assert in_own_context(app, staff_client, "get", "/utkast/").status_code == 200


def test_admin_cannot_deactivate_or_demote_themself(client, auth, admin):
    make_user("admin2@exempelbo.se", "admin", admin.organisation)
    auth.login(admin)
    page = client.post(f"/admin/anvandare/{admin.id}/inaktivera", follow_redirects=True).get_data(as_text=True)
    assert "Du kan inte ta bort din egen administratörsbehörighet" in page
    client.post(f"/admin/anvandare/{admin.id}/roll", data={"role": "staff"})
    user = db.session.get(User, admin.id)
    assert user.active and user.role == "admin"
    assert client.get("/admin/").status_code == 200


def test_the_last_active_admin_cannot_be_removed(admin, staff_a):
    with pytest.raises(AccountError, match="sista aktiva administratören"):
        accounts.deactivate_user(admin, actor=None)
    with pytest.raises(AccountError, match="sista aktiva administratören"):
        accounts.change_role(admin, "staff", actor=None)
    other = make_user("admin2@exempelbo.se", "admin", admin.organisation)
    accounts.change_role(admin, "staff", actor=other)
    assert admin.role == "staff"


def test_staff_must_keep_an_organisation(staff_a, reviewer):
    with pytest.raises(AccountError, match="måste höra till en organisation"):
        accounts.move_user(staff_a, None)
    accounts.move_user(reviewer, staff_a.organisation)
    assert reviewer.organisation_id == staff_a.organisation_id


def test_audit_log_newest_first_filtered_and_paginated(client, auth, admin, staff_a, staff_b):
    day = dt.datetime(2026, 3, 10, 12, 0)
    for n in range(60):
        db.session.add(AuditEvent(at=day + dt.timedelta(minutes=n), actor_id=staff_a.id, action="export_created",
                                  target_type="export", target_id=str(n)))
    db.session.add(AuditEvent(at=day - dt.timedelta(days=5), actor_id=staff_b.id, action="login",
                              target_type="user", target_id=str(staff_b.id)))
    db.session.commit()
    auth.login(admin)
    page = client.get("/admin/logg?action=export_created").get_data(as_text=True)
    assert page.index('log-id">59<') < page.index('log-id">58<') and 'log-id">9<' not in page
    assert "sida=2" in page and "action=export_created" in page
    assert 'log-id">9<' in client.get("/admin/logg?action=export_created&sida=2").get_data(as_text=True)
    page = client.get(f"/admin/logg?actor={staff_b.email}").get_data(as_text=True)
    assert f'Användare <span class="log-id">{staff_b.id}</span>' in page and "<td>export_created</td>" not in page
    assert "<td>Inloggning</td>" in page  # the event's name in words
    page = client.get("/admin/logg?target_type=export&target_id=7").get_data(as_text=True)
    assert 'log-id">7<' in page and 'log-id">8<' not in page
    page = client.get("/admin/logg?date_from=2026-03-01&date_to=2026-03-05").get_data(as_text=True)
    assert f'Användare <span class="log-id">{staff_b.id}</span>' in page and "<td>export_created</td>" not in page
    assert "Inga händelser" in client.get("/admin/logg?date_from=2027-01-01").get_data(as_text=True)
    assert client.get("/admin/logg?date_from=inte-ett-datum").status_code == 200


def test_audit_log_has_no_route_that_changes_it(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin/logg")]
    assert rules, "the audit log page is missing"
    for rule in rules:
        assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule.rule


def test_audit_log_refuses_writes(client, auth, admin):
    auth.login(admin)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/admin/logg").status_code == 405


def test_orgs_cli(runner):
    result = runner.invoke(args=["orgs", "create", "Tredjebo AB", "5569999997"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["orgs", "create", "Igen AB", NEW_ORG]).exit_code == 1
    bad = runner.invoke(args=["orgs", "create", "Fel AB", "123"])
    assert bad.exit_code == 1 and "inte ett giltigt organisationsnummer" in bad.output
    assert runner.invoke(args=["orgs", "rename", NEW_ORG, "Tredjebo Fastigheter AB"]).exit_code == 0
    listing = runner.invoke(args=["orgs", "list"]).output
    assert NEW_ORG in listing and "Tredjebo Fastigheter AB" in listing
    assert [e.action for e in db.session.execute(select(AuditEvent)).scalars()] == [
        "organisation_created", "organisation_renamed"]


def test_users_cli(runner, admin, staff_a, org_b):
    listing = runner.invoke(args=["users", "list", "--role", "staff"]).output
    assert staff_a.email in listing and admin.email not in listing
    assert runner.invoke(args=["users", "set-role", staff_a.email, "reviewer"]).exit_code == 0
    assert runner.invoke(args=["users", "move", staff_a.email, org_b.org_number]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", staff_a.email]).exit_code == 0
    user = db.session.get(User, staff_a.id)
    assert (user.role, user.organisation_id, user.active) == ("reviewer", org_b.id, False)
    assert staff_a.email in runner.invoke(args=["users", "list", "--inactive"]).output
    assert runner.invoke(args=["users", "activate", staff_a.email]).exit_code == 0
    refused = runner.invoke(args=["users", "deactivate", admin.email])
    assert refused.exit_code == 1 and "sista aktiva administratören" in refused.output
    unknown = runner.invoke(args=["users", "deactivate", "ingen@exempel.se"])
    assert unknown.exit_code == 1 and "Ingen användare" in unknown.output
    actions = [e.action for e in db.session.execute(select(AuditEvent)).scalars()]
    assert actions == ["user_role_changed", "user_organisation_changed", "user_deactivated", "user_activated"]


def test_the_audit_log_reads_as_words_with_drafts_by_title(client, auth, admin, staff_a):
    from app.models import Draft
    draft = Draft(title="Läxhjälp i Rannebergen", organisation_id=staff_a.organisation_id, owner_id=staff_a.id,
                  answers={})
    db.session.add(draft)
    db.session.flush()
    db.session.add(AuditEvent(at=dt.datetime(2026, 12, 1, 9, 0), actor_id=staff_a.id, action="draft_export_pdf",
                              target_type="draft", target_id=draft.public_id,
                              details={"language": "en", "final": False, "approved": True,
                                       "clauses": {"parter": 3}}))
    db.session.commit()
    auth.login(admin)
    page = client.get("/admin/logg").get_data(as_text=True)
    assert "<td>Avtal nedladdat som PDF</td>" in page
    assert f'target_id={draft.public_id}" title="Visa alla händelser för utkastet">Läxhjälp i Rannebergen</a>' in page
    # the same order on every database (PostgreSQL's JSONB does not keep the keys' order)
    assert "Godkänt av jurist: ja<br>Klausulversioner: parter 3<br>Slutversion: nej<br>Språk: engelska" in page
    assert "{" not in page.split("<tbody>")[1].split("</tbody>")[0]  # no Python dicts
    assert '<option value="draft_export_pdf">Avtal nedladdat som PDF</option>' in page
