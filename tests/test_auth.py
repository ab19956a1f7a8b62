"""Logging in and out, and the users CLI."""
from __future__ import annotations

from app.extensions import db
from app.models import AuditEvent, User
from sqlalchemy import select


def test_login_page_and_wrong_password(client, staff_a, auth):
    assert "Logga in" in client.get("/logga-in").get_data(as_text=True)
    response = auth.login(staff_a, "wrong password")
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord." in response.get_data(as_text=True)
    actions = db.session.execute(select(AuditEvent.action)).scalars().all()
    assert actions == ["login_failed"]


def test_login_redirects_to_drafts_and_logout_ends_session(client, staff_a, auth):
    response = auth.login(staff_a)
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert client.get("/").headers["Location"].endswith("/utkast/")
    auth.logout()
    assert "/logga-in" in client.get("/utkast/").headers["Location"]


def test_next_parameter_only_goes_to_this_site(client, staff_a):
    response = client.post("/logga-in?next=https://evil.example/", data={"email": staff_a.email,
                                                                          "password": "correct horse battery"})
    assert response.headers["Location"] == "/"


def test_deactivated_user_cannot_log_in_and_loses_sessions(client, staff_a, auth):
    auth.login(staff_a)
    staff_a.active = False
    staff_a.end_sessions()
    db.session.commit()
    assert client.get("/utkast/").status_code == 302
    assert "Fel e-postadress" in auth.login(staff_a).get_data(as_text=True)


def test_each_role_lands_on_its_own_start_page(client, reviewer, admin, auth):
    auth.login(reviewer)
    assert client.get("/").headers["Location"].endswith("/bibliotek/")
    assert client.get("/utkast/").status_code == 403
    assert "Din roll ger inte tillgång till utkast" in client.get("/roll").get_data(as_text=True)
    auth.logout()
    auth.login(admin)
    assert client.get("/").headers["Location"].endswith("/admin/")
    assert client.get("/utkast/").status_code == 403  # administrators manage users, they read no drafts


def test_language_switch_is_remembered_for_the_user(client, staff_a, auth):
    auth.login(staff_a)
    client.post("/sprak", data={"language": "en", "next": "/roll"})
    assert db.session.get(User, staff_a.id).language == "en"
    assert '<html lang="en">' in client.get("/roll").get_data(as_text=True)


def test_users_create_cli(runner, org_a):
    result = runner.invoke(args=["users", "create", "Ny@Exempelbo.se", "--role", "staff", "--org", "5566778899",
                                 "--password-stdin"], input="ett långt lösenord\n")
    assert result.exit_code == 0, result.output
    user = User.by_email("ny@exempelbo.se")
    assert user.organisation_id == org_a.id and user.check_password("ett långt lösenord")
    again = runner.invoke(args=["users", "create", "ny@exempelbo.se", "--role", "staff", "--org", "556677-8899",
                                "--password-stdin"], input="ett långt lösenord\n")
    assert again.exit_code == 1 and "finns redan" in again.output


def test_users_create_refuses_short_password_and_unknown_org(runner, org_a):
    short = runner.invoke(args=["users", "create", "a@b.se", "--role", "reviewer", "--password-stdin"], input="kort\n")
    assert short.exit_code == 1 and "minst 12 tecken" in short.output
    unknown = runner.invoke(args=["users", "create", "a@b.se", "--role", "staff", "--org", "556000-0019",
                                  "--password-stdin"], input="ett långt lösenord\n")
    assert unknown.exit_code == 1 and "Ingen organisation" in unknown.output
    assert User.by_email("a@b.se") is None


def test_demo_setup_prints_logins_and_is_repeatable(runner):
    first = runner.invoke(args=["demo", "setup"])
    second = runner.invoke(args=["demo", "setup"])
    assert first.exit_code == second.exit_code == 0
    assert "handlaggare@exempelbo.se" in second.output and "jurist2@exempelbo.se" in second.output
    assert len(db.session.execute(select(User)).scalars().all()) == 4


def test_login_errors_are_summarised_and_linked(client, staff_a, auth):
    html = auth.login(staff_a, "wrong password").get_data(as_text=True)
    assert 'class="error-summary" role="alert"' in html
    assert 'href="#password"' in html and "Fel e-postadress eller lösenord." in html
