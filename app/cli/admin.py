"""`flask orgs create|list|rename` and `flask users list|set-role|move|deactivate|activate`.

The user commands join the `users` group that `flask users create` lives in.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

import click
from flask.cli import AppGroup

from ..agreement.i18n import N_, gettext_for
from ..extensions import db
from ..models.user import ROLES
from ..services import accounts
from ..services.accounts import AccountError, UserFilter
from .users import group as users_group

group = AppGroup("orgs", help="Organisationer.")
_ = gettext_for("sv")


def run(change: Callable[[], Any], done: str, **params: Any) -> None:
    """Apply one change and commit it, or print the refusal and exit with status 1."""
    try:
        change()
    except AccountError as exc:
        db.session.rollback()
        click.echo(_(exc.message, **exc.params), err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(_(done, **params))


def lookup(find: Callable[[str], Any], value: str) -> Any:
    try:
        return find(value)
    except AccountError as exc:
        click.echo(_(exc.message, **exc.params), err=True)
        sys.exit(1)


@group.command("create")
@click.argument("name")
@click.argument("org_number")
def create_org(name: str, org_number: str) -> None:
    """Add an organisation."""
    run(lambda: accounts.create_organisation(name, org_number), N_("Skapade organisationen %(name)s."), name=name)


@group.command("list")
def list_orgs() -> None:
    """List the organisations with their number of users."""
    counts = accounts.user_counts()
    for org in accounts.organisations():
        click.echo(f"{org.org_number}\t{org.name}\t" + _("%(n)s användare", n=counts.get(org.id, 0)))


@group.command("rename")
@click.argument("org_number")
@click.argument("name")
def rename_org(org_number: str, name: str) -> None:
    """Give an organisation a new name."""
    org = lookup(accounts.organisation_by_number, org_number)
    run(lambda: accounts.rename_organisation(org, name), N_("Organisationen heter nu %(name)s."), name=name)


@users_group.command("list")
@click.option("--role", type=click.Choice(ROLES), default=None)
@click.option("--org", "org_number", default=None, help="Organisationens organisationsnummer.")
@click.option("--inactive", is_flag=True, help="Visa bara inaktiverade användare.")
@click.option("--search", default="", help="Del av e-postadressen.")
def list_users(role: str | None, org_number: str | None, inactive: bool, search: str) -> None:
    """List users: e-mail, role, organisation, status."""
    org = lookup(accounts.organisation_by_number, org_number) if org_number else None
    where = UserFilter(text=search, role=role or "", organisation_id=org.id if org else None,
                       active=False if inactive else None)
    for user in db.session.execute(accounts.users_query(where)).scalars():
        status = _("aktiv") if user.active else _("inaktiverad")
        org_text = user.organisation.org_number if user.organisation else "-"
        click.echo(f"{user.email}\t{user.role}\t{org_text}\t{status}")


@users_group.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role(email: str, role: str) -> None:
    """Give a user another role."""
    user = lookup(accounts.user_by_email, email)
    run(lambda: accounts.change_role(user, role), N_("%(email)s har nu rollen %(role)s."), email=user.email, role=role)


@users_group.command("move")
@click.argument("email")
@click.argument("org_number")
def move_user(email: str, org_number: str) -> None:
    """Move a user to another organisation ("-" for none) and end their sessions."""
    user = lookup(accounts.user_by_email, email)
    org = None if org_number == "-" else lookup(accounts.organisation_by_number, org_number)
    run(lambda: accounts.move_user(user, org), N_("%(email)s är flyttad."), email=user.email)


@users_group.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Stop a user from logging in and end their sessions now."""
    user = lookup(accounts.user_by_email, email)
    run(lambda: accounts.deactivate_user(user), N_("%(email)s är inaktiverad och utloggad."), email=user.email)


@users_group.command("activate")
@click.argument("email")
def activate(email: str) -> None:
    """Let a deactivated user log in again."""
    user = lookup(accounts.user_by_email, email)
    run(lambda: accounts.activate_user(user), N_("%(email)s är aktiverad igen."), email=user.email)
