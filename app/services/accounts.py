"""Managing organisations and users: the operations behind the admin pages and the CLI.

Every operation flushes and records an audit event; the caller commits once. A refused
operation raises AccountError with a Swedish message id that the caller translates.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError
from sqlalchemy import Select, func, select

from ..agreement.answers import normalise_org_number
from ..agreement.i18n import N_, TranslatableError
from ..extensions import db
from ..models import Organisation, User
from ..models.audit import record
from ..models.user import ROLES

MIN_PASSWORD = 10
MAX_NAME = 200


class AccountError(TranslatableError):
    """A refused change; `message` is a Swedish message id, `params` fill its placeholders."""


def parse_org_number(value: str) -> str:
    """Return the organisationsnummer as NNNNNN-NNNN, or raise AccountError."""
    try:
        return normalise_org_number(value.strip())
    except (PydanticCustomError, ValueError):
        raise AccountError(N_("%(org)s är inte ett giltigt organisationsnummer."), org=value) from None


# Organisations


def create_organisation(name: str, org_number: str, actor: Any = None) -> Organisation:
    """Add an organisation with a unique, valid organisationsnummer."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise AccountError(N_("Ange organisationens namn (högst %(max)s tecken)."), max=MAX_NAME)
    number = parse_org_number(org_number)
    if Organisation.by_org_number(number) is not None:
        raise AccountError(N_("Det finns redan en organisation med organisationsnummer %(org)s."), org=number)
    organisation = Organisation(name=name, org_number=number)
    db.session.add(organisation)
    db.session.flush()
    record("organisation_created", actor, "organisation", organisation.id, name=name, org_number=number)
    return organisation


def rename_organisation(organisation: Organisation, name: str, actor: Any = None) -> None:
    """Give an organisation a new name."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise AccountError(N_("Ange organisationens namn (högst %(max)s tecken)."), max=MAX_NAME)
    if name == organisation.name:
        return
    old = organisation.name
    organisation.name = name
    db.session.flush()
    record("organisation_renamed", actor, "organisation", organisation.id, old=old, new=name)


def organisations() -> list[Organisation]:
    """Return every organisation by name."""
    return list(db.session.execute(select(Organisation).order_by(Organisation.name, Organisation.id)).scalars())


def organisation_by_number(org_number: str) -> Organisation:
    """Return the organisation with that organisationsnummer, or raise AccountError."""
    organisation = Organisation.by_org_number(parse_org_number(org_number))
    if organisation is None:
        raise AccountError(N_("Ingen organisation har organisationsnummer %(org)s."), org=org_number)
    return organisation


def user_counts() -> dict[int, int]:
    """Return the number of users per organisation id."""
    rows = db.session.execute(select(User.organisation_id, func.count()).group_by(User.organisation_id))
    return {org_id: count for org_id, count in rows if org_id is not None}


# Users


def _check_role(role: str, organisation: Organisation | None) -> None:
    if role not in ROLES:
        raise AccountError(N_("Okänd roll: %(role)s."), role=role)
    if role == "staff" and organisation is None:
        raise AccountError(N_("En handläggare måste höra till en organisation."))


def create_user(email: str, role: str, organisation: Organisation | None, password: str,
                actor: Any = None) -> User:
    """Add a user with a role, an organisation (required for staff) and an initial password."""
    email = email.strip().lower()
    if not email or "@" not in email or len(email) > 254:
        raise AccountError(N_("Ange en giltig e-postadress."))
    if User.by_email(email) is not None:
        raise AccountError(N_("Det finns redan en användare med e-postadressen %(email)s."), email=email)
    _check_role(role, organisation)
    if len(password) < MIN_PASSWORD:
        raise AccountError(N_("Lösenordet måste ha minst %(n)s tecken."), n=MIN_PASSWORD)
    user = User(email=email, role=role, organisation=organisation)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record("user_created", actor, "user", user.id, email=email, role=role,
           organisation_id=organisation.id if organisation else None)
    return user


def _other_active_admins(user: User) -> int:
    return db.session.execute(
        select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True), User.id != user.id)
    ).scalar_one()


def _refuse_lockout(user: User, actor: Any) -> None:
    """Refuse a change that takes admin rights from the actor or from the last active admin."""
    if actor is not None and getattr(actor, "id", None) == user.id:
        raise AccountError(N_("Du kan inte ta bort din egen administratörsbehörighet eller inaktivera dig själv."))
    if user.role == "admin" and user.active and _other_active_admins(user) == 0:
        raise AccountError(N_("%(email)s är den sista aktiva administratören och kan inte tas bort."),
                           email=user.email)


def change_role(user: User, role: str, actor: Any = None) -> None:
    """Give a user another role."""
    if role == user.role:
        return
    _check_role(role, user.organisation)
    if user.role == "admin":
        _refuse_lockout(user, actor)
    old = user.role
    user.role = role
    db.session.flush()
    record("user_role_changed", actor, "user", user.id, email=user.email, old=old, new=role)


def move_user(user: User, organisation: Organisation | None, actor: Any = None) -> None:
    """Move a user to another organisation (or none, except for staff)."""
    if organisation is user.organisation:
        return
    _check_role(user.role, organisation)
    old = user.organisation_id
    user.organisation = organisation
    # Drafts are visible by organisation: a moved user must not keep a session of the old one.
    user.end_sessions()
    db.session.flush()
    record("user_organisation_changed", actor, "user", user.id, email=user.email, old=old,
           new=organisation.id if organisation else None)


def deactivate_user(user: User, actor: Any = None) -> None:
    """Stop a user from logging in and end every session they have now."""
    if not user.active:
        return
    if user.role == "admin" or (actor is not None and getattr(actor, "id", None) == user.id):
        _refuse_lockout(user, actor)
    user.active = False
    user.end_sessions()
    db.session.flush()
    record("user_deactivated", actor, "user", user.id, email=user.email)


def activate_user(user: User, actor: Any = None) -> None:
    """Let a deactivated user log in again."""
    if user.active:
        return
    user.active = True
    db.session.flush()
    record("user_activated", actor, "user", user.id, email=user.email)


def user_by_email(email: str) -> User:
    """Return the user with that e-mail address, or raise AccountError."""
    user = User.by_email(email)
    if user is None:
        raise AccountError(N_("Ingen användare har e-postadressen %(email)s."), email=email)
    return user


@dataclass(frozen=True)
class UserFilter:
    """What the users list shows: free text on e-mail, role, organisation id, active or not."""

    text: str = ""
    role: str = ""
    organisation_id: int | None = None
    active: bool | None = None


def users_query(where: UserFilter) -> Select[tuple[User]]:
    """Return the select statement for the filtered users list, by e-mail."""
    query = select(User).order_by(User.email)
    if where.text:
        pattern = "%" + where.text.strip().lower().replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(User.email.like(pattern, escape="\\"))
    if where.role in ROLES:
        query = query.where(User.role == where.role)
    if where.organisation_id is not None:
        query = query.where(User.organisation_id == where.organisation_id)
    if where.active is not None:
        query = query.where(User.active.is_(where.active))
    return query


def page_of(query: Select[Any], page: int, per_page: int) -> tuple[list[Any], bool]:
    """Return one page of rows and whether another page follows."""
    page = max(page, 1)
    rows = list(db.session.execute(query.limit(per_page + 1).offset((page - 1) * per_page)).scalars())
    return rows[:per_page], len(rows) > per_page
