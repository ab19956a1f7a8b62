"""`flask demo`: a demo organisation with a staff user and two reviewers, for trying the app."""
from __future__ import annotations

import secrets

import click
from flask.cli import AppGroup

from ..agreement.i18n import gettext_for
from ..agreement.pdf import pdf_available
from ..extensions import db
from ..models import Organisation, User

group = AppGroup("demo", help="Demodata.")

DEMO_ORG = ("Exempelbo AB", "556677-8899")
DEMO_USERS = (
    ("handlaggare@exempelbo.se", "staff"),
    ("jurist1@exempelbo.se", "reviewer"),
    ("jurist2@exempelbo.se", "reviewer"),
    ("admin@exempelbo.se", "admin"),
)


@group.command("setup")
def setup() -> None:
    """Create (or reset) the demo organisation and users and print their logins."""
    name, org_number = DEMO_ORG
    organisation = Organisation.by_org_number(org_number)
    if organisation is None:
        organisation = Organisation(name=name, org_number=org_number)
        db.session.add(organisation)
    logins = []
    for email, role in DEMO_USERS:
        user = User.by_email(email) or User(email=email, role=role)
        user.role, user.organisation, user.active = role, organisation, True
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.end_sessions()
        db.session.add(user)
        logins.append((email, role, password))
    db.session.commit()
    _ = gettext_for("sv")
    click.echo(_("Demoinloggningar (nya lösenord vid varje start):"))
    for email, role, password in logins:
        click.echo(f"  {role:<9} {email:<28} {password}")
    if pdf_available():
        click.echo(_("PDF: tillgänglig (LibreOffice hittades)."))
    else:
        click.echo(_("PDF: inte tillgänglig. Installera LibreOffice (på Debian och Ubuntu: "
                     "apt install libreoffice-writer-nogui) för att kunna ladda ner avtalet som PDF; "
                     "Word-dokumentet fungerar utan."))
