"""`flask users create EMAIL --role ROLE [--org ORG_NUMBER]`."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..agreement.i18n import gettext_for
from ..extensions import db
from ..models import Organisation, User
from ..models.audit import record
from ..models.user import ROLES, normalise_email
from ..services.accounts import AccountError, check_password_policy

group = AppGroup("users", help="Användare.")
_ = gettext_for("sv")


@group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--org", "org_number", help="Organisationens organisationsnummer.")
@click.option("--password-stdin", is_flag=True, help="Läs lösenordet från standard in.")
def create(email: str, role: str, org_number: str | None, password_stdin: bool) -> None:
    """Create a user; the password is read from a prompt or standard input."""
    email = normalise_email(email)
    if User.by_email(email) is not None:
        click.echo(_("Det finns redan en användare med e-postadressen %(email)s.", email=email), err=True)
        sys.exit(1)
    organisation = None
    if org_number:
        from ..agreement.answers import normalise_org_number

        try:
            organisation = Organisation.by_org_number(normalise_org_number(org_number))
        except ValueError:
            organisation = None
        if organisation is None:
            click.echo(_("Ingen organisation har organisationsnummer %(org)s.", org=org_number), err=True)
            sys.exit(1)
    elif role == "staff":
        click.echo(_("En handläggare (staff) måste höra till en organisation: ange --org."), err=True)
        sys.exit(1)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt(_("Lösenord"), hide_input=True, confirmation_prompt=True)
    try:
        check_password_policy(password, email)
    except AccountError as exc:
        click.echo(_(exc.message, **exc.params), err=True)
        sys.exit(1)
    user = User(email=email, role=role, organisation=organisation)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record("user_created", target_type="user", target_id=user.id, role=role)
    db.session.commit()
    click.echo(_("Skapade %(email)s (%(role)s).", email=email, role=role))
