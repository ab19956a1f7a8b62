"""The partner's own part of a draft: invitations by link, its proposals, the conversation and its confirmation.

A partner organisation has no account. An invitation's link carries a random token of which only the
hash is stored; it opens one draft, for one of its partners, until it expires or is revoked. What the
partner enters is a proposal: only a staff member's acceptance moves it into the answers.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, now_utc
from .draft import Draft
from .user import User


class PartnerInvitation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # What the audit log and the staff pages name the link by; the token itself is never stored.
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    # Which partner of the draft the link is for: its place in the list and what identified it when
    # last seen, so that the link follows the partner when others are added or removed.
    partner_index: Mapped[int] = mapped_column(default=0)
    partner_name: Mapped[str] = mapped_column(String(200))
    partner_org_number: Mapped[str] = mapped_column(String(20), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    message: Mapped[str] = mapped_column(String(2000), default="")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    last_used_at: Mapped[dt.datetime | None]
    mailed_at: Mapped[dt.datetime | None]

    draft: Mapped[Draft] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @classmethod
    def of_draft(cls, draft: Draft) -> list[PartnerInvitation]:
        return list(db.session.execute(
            select(cls).filter_by(draft_id=draft.id).order_by(cls.created_at.desc(), cls.id.desc())).scalars())

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at <= (now or now_utc())

    def usable(self, now: dt.datetime | None = None) -> bool:
        return not self.revoked and not self.expired(now) and self.draft.archived_at is None


class PartnerProposal(db.Model):
    """One field the partner proposes: its value, the value it replaces, and what became of it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    invitation_id: Mapped[int] = mapped_column(ForeignKey("partner_invitation.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[Any] = mapped_column(JSONType)
    base_value: Mapped[Any] = mapped_column(JSONType, nullable=True)  # the draft's value when proposed
    # open | accepted | rejected | replaced (by a newer proposal for the same field)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str] = mapped_column(String(2000), default="")

    invitation: Mapped[PartnerInvitation] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class PartnerMessage(db.Model):
    """The conversation between the partner and the staff about the draft, one thread per invitation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("partner_invitation.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    author_kind: Mapped[str] = mapped_column(String(10))  # partner | staff
    author_name: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(4000))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)


class PartnerConfirmation(db.Model):
    """The partner's "we have read and approve the draft", for one version of the draft."""

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("partner_invitation.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    draft_version: Mapped[int]
    # The answers confirmed, so that a later change shows as "confirmed an earlier version".
    answers_hash: Mapped[str] = mapped_column(String(64))
    partner_name: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    confirmed_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    invitation: Mapped[PartnerInvitation] = relationship()


class PartnerReport(db.Model):
    """The partner's yearly report on a signed agreement, sent from its link (the staff mark the deadline done)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("partner_invitation.id", ondelete="CASCADE"), index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    deadline_key: Mapped[str] = mapped_column(String(40))  # the report's deadline ("report:1")
    text: Mapped[str] = mapped_column(String(10000))
    name: Mapped[str] = mapped_column(String(200))  # who sent it, as they gave their name
    partner_name: Mapped[str] = mapped_column(String(200))
    sent_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
