"""A signed agreement: who signed and when, its versions (the signed text and each tillägg), its signed
copies, the deadlines marked done, the reminders sent and the indicator values of its follow-up."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..extensions import db
from ..request_memo import memo
from .base import JSONType, now_utc
from .draft import Draft
from .user import Organisation, User


class Agreement(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    signed_on: Mapped[dt.date]
    # [{"party": name, "name": who signed, "title": their title}] in the agreement's party order
    signatories: Mapped[list[dict[str, str]]] = mapped_column(JSONType)
    # The checkpoints that fired on the signed answers: the law's deadlines rest on them.
    findings: Mapped[list[str]] = mapped_column(JSONType, default=list)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    # Ended early: by notice or by termination (an agreement past its end date has ended too).
    ended_on: Mapped[dt.date | None]
    ended_reason: Mapped[str | None] = mapped_column(String(20))  # notice | termination
    ended_note: Mapped[str | None] = mapped_column(String(2000))
    # While a tillägg is being written the draft's answers may change; otherwise they are frozen.
    amendment_open: Mapped[bool] = mapped_column(default=False)

    draft: Mapped[Draft] = relationship()
    organisation: Mapped[Organisation] = relationship()
    versions: Mapped[list[AgreementVersion]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number", cascade="all, delete-orphan")

    @classmethod
    def for_organisation(cls, public_id: str, organisation_id: int | None) -> Agreement | None:
        if organisation_id is None:
            return None
        return db.session.execute(
            select(cls).filter_by(public_id=public_id, organisation_id=organisation_id)).scalar_one_or_none()

    @classmethod
    def of_draft(cls, draft: Draft) -> Agreement | None:
        """Return the draft's agreement once signed (looked up once per request)."""
        return memo(("agreement_of_draft", draft.id),
                    lambda: db.session.execute(select(cls).filter_by(draft_id=draft.id)).scalar_one_or_none())

    @property
    def current(self) -> AgreementVersion:
        return self.versions[-1]


class AgreementVersion(db.Model):
    """The answers in force from a date: number 1 is the signed agreement, each later one a tillägg."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    effective_on: Mapped[dt.date]
    description: Mapped[str] = mapped_column(String(5000), default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)


class SignedCopy(db.Model):
    """An uploaded PDF of the signed agreement, kept in the database so every app host can read it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    uploaded_by: Mapped[User | None] = relationship()


class DeadlineDone(db.Model):
    """A deadline of an agreement marked done, with the day and a note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    # The day the deadline was due when it was marked: a tillägg that moves it opens it again.
    due_on: Mapped[dt.date | None]
    done_on: Mapped[dt.date]
    note: Mapped[str] = mapped_column(String(2000), default="")
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    done_by: Mapped[User | None] = relationship()
    __table_args__ = (UniqueConstraint("agreement_id", "key", "due_on"),)


class ReminderSent(db.Model):
    """One reminder of one deadline: the row is claimed before the mail goes, so each goes once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[dt.date]
    claimed_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    sent_at: Mapped[dt.datetime | None]
    recipients: Mapped[int] = mapped_column(default=0)
    __table_args__ = (UniqueConstraint("agreement_id", "key", "due_on"),)


class CalendarFeed(db.Model):
    """A secret link to an organisation's deadlines as iCalendar; only the token's hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    revoked_at: Mapped[dt.datetime | None]

    created_by: Mapped[User | None] = relationship()


class IndicatorSetting(db.Model):
    """An indicator of the follow-up plan: its period and, where the parties set them, baseline and target."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    period: Mapped[str] = mapped_column(String(10), default="quarter")  # quarter | year
    baseline: Mapped[float | None]
    target: Mapped[float | None]
    __table_args__ = (UniqueConstraint("agreement_id", "name"),)


class IndicatorValue(db.Model):
    """One indicator's value for one period ("2027-K1" or "2027")."""

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator_setting.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float]
    note: Mapped[str] = mapped_column(String(2000), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The partner organisation that reported the value from its link (empty when staff entered it).
    reported_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    entered_at: Mapped[dt.datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)
