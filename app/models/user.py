"""Organisations (housing companies) and their users."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import now_utc

ROLES = ("staff", "reviewer", "admin")


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(11), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    @classmethod
    def by_org_number(cls, org_number: str) -> Organisation | None:
        return db.session.execute(select(cls).filter_by(org_number=org_number)).scalar_one_or_none()


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str | None] = mapped_column(String(5))
    # Part of the login cookie: changing it ends every session of the user.
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_nonce = secrets.token_hex(16)

    @property
    def is_staff(self) -> bool:
        return self.role == "staff" and self.organisation_id is not None

    @property
    def is_reviewer(self) -> bool:
        return self.role == "reviewer"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @classmethod
    def by_email(cls, email: str) -> User | None:
        return db.session.execute(select(cls).filter_by(email=normalise_email(email))).scalar_one_or_none()

    @classmethod
    def from_login_id(cls, login_id: str) -> User | None:
        user_id, _, nonce = login_id.partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(cls, int(user_id))
        if user is None or not secrets.compare_digest(user.session_nonce, nonce):
            return None
        return user


def normalise_email(email: str) -> str:
    """Return an e-mail address as it is stored and looked up: NFKC, trimmed, case-folded.

    Look-alikes that Unicode treats as the same (full-width letters, ligatures) then collide
    with the address they imitate instead of making a second account.
    """
    return unicodedata.normalize("NFKC", email or "").strip().casefold()


class PasswordReset(db.Model):
    """A one-time link an admin issues: only the token's hash is stored; it expires and works once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()


_DUMMY_HASH: list[str] = []


def dummy_check(password: str) -> bool:
    """Check a password against a hash no password matches, as long as a real check takes (always False)."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(generate_password_hash(secrets.token_urlsafe(32), method="scrypt"))
    check_password_hash(_DUMMY_HASH[0], password)
    return False
