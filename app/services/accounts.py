"""Managing organisations and users: the operations behind the admin pages and the CLI.

Every operation flushes and records an audit event; the caller commits once. A refused
operation raises AccountError with a Swedish message id that the caller translates.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticCustomError
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from ..agreement.answers import normalise_org_number
from ..agreement.i18n import N_, TranslatableError
from ..extensions import db
from ..models import Organisation, PasswordReset, User
from ..models.audit import record
from ..models.base import now_utc
from ..models.user import ROLES, normalise_email
from ..paging import paginate

MIN_PASSWORD = 12
MAX_PASSWORD = 200
MAX_NAME = 200
RESET_VALID = dt.timedelta(hours=48)


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


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """The 30 000 most common passwords, as shipped with zxcvbn (Dropbox's password strength estimator)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password_policy(password: str, email: str = "") -> None:
    """Refuse a password that is short, one character repeated, common, or the e-mail address."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(N_("Lösenordet måste ha minst %(n)s tecken."), n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AccountError(N_("Lösenordet får ha högst %(n)s tecken."), n=MAX_PASSWORD)
    if len(set(password)) == 1:
        raise AccountError(N_("Lösenordet får inte bestå av ett och samma tecken."))
    folded = password.casefold()
    if folded in _common_passwords() or folded.rstrip("0123456789!") in _common_passwords():
        raise AccountError(N_("Lösenordet är ett av de vanligaste lösenorden och lätt att gissa. Välj ett annat, "
                              "till exempel några ord som bara du sätter ihop."))
    address = normalise_email(email)
    if address and (folded == address or folded == address.partition("@")[0]):
        raise AccountError(N_("Lösenordet får inte vara din e-postadress."))


def create_user(email: str, role: str, organisation: Organisation | None, password: str,
                actor: Any = None) -> User:
    """Add a user with a role, an organisation (required for staff) and an initial password."""
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise AccountError(N_("Ange en giltig e-postadress."))
    if User.by_email(email) is not None:
        raise AccountError(N_("Det finns redan en användare med e-postadressen %(email)s."), email=email)
    _check_role(role, organisation)
    check_password_policy(password, email)
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


WRONG_CURRENT_PASSWORD = N_("Det nuvarande lösenordet stämmer inte.")


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password: the current one is required; every other session of the user ends."""
    if not user.check_password(current or ""):
        raise AccountError(WRONG_CURRENT_PASSWORD)
    check_password_policy(new, user.email)
    if user.check_password(new):
        raise AccountError(N_("Det nya lösenordet är detsamma som det gamla."))
    user.set_password(new)
    user.end_sessions()
    record("password_changed", user, "user", user.id)


def issue_reset_link(user: User, actor: Any) -> str:
    """Create a one-time reset token for a user (an admin hands the link over); return the token.

    Only its hash is stored; an earlier unused token of the user stops working.
    """
    if not user.active:
        raise AccountError(N_("Användaren är inaktiverad. Aktivera den först."))
    now = now_utc()
    for old in db.session.execute(select(PasswordReset).filter_by(user_id=user.id, used_at=None)).scalars():
        old.used_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=PasswordReset.digest(token),
                                 created_by_id=getattr(actor, "id", None), expires_at=now + RESET_VALID))
    db.session.flush()
    record("password_reset_issued", actor, "user", user.id)
    return token


def reset_for(token: str) -> PasswordReset | None:
    """Return the reset a token opens, if it exists, is unused, has not expired and its user is active."""
    if not token or len(token) > 100:
        return None
    reset = db.session.execute(select(PasswordReset).filter_by(token_hash=PasswordReset.digest(token))
                               ).scalar_one_or_none()
    if reset is None or reset.used_at is not None or reset.expires_at <= now_utc() or not reset.user.active:
        return None
    return reset


def reset_password(token: str, new: str) -> User:
    """Set a new password with a one-time link; the link is then spent and every session of the user ends."""
    reset = reset_for(token)
    if reset is None:
        raise AccountError(N_("Länken för att välja nytt lösenord gäller inte längre. Be en administratör om en ny."))
    check_password_policy(new, reset.user.email)
    reset.used_at = now_utc()
    reset.user.set_password(new)
    reset.user.end_sessions()
    record("password_reset_used", reset.user, "user", reset.user.id)
    return reset.user


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


def users_page(where: UserFilter, page: int, per_page: int) -> Pagination:
    """Return one page of the filtered users with their organisations (loaded in the same query)."""
    return paginate(users_query(where).options(joinedload(User.organisation)), page, per_page)
