"""Legal review of a draft: its status, the reviewer's judgments of the findings, comments and approval.

The review lives beside the draft, not in it: a reviewer's action never changes the draft's
version, so the handläggare's open form is not made stale by it. An approval records the
draft version and the clause versions it was given for; a later change voids it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, now_utc
from .draft import Draft
from .user import User

# utkast → hos jurist → godkänt för underskrift (or back to utkast)
REVIEW_STATES = ("draft", "in_review", "approved")
VERDICTS = ("accepted", "must_change")
ANCHOR_KINDS = ("step", "finding", "clause")


class DraftReview(db.Model):
    """Where a draft stands in legal review, who put it there and when; one row per draft."""

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changed_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    # The reviewer it was sent to (None: anyone of the organisation), when, and with what message.
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    sent_at: Mapped[dt.datetime | None]
    message: Mapped[str] = mapped_column(Text, default="")

    draft: Mapped[Draft] = relationship()
    changed_by: Mapped[User | None] = relationship(foreign_keys=[changed_by_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])

    # The reviewers' queue: one organisation's drafts in review, oldest sent first.
    __table_args__ = (Index("ix_draft_review_queue", "organisation_id", "status", "sent_at"),)


class Judgment(db.Model):
    """A reviewer's judgment of one finding, with the exact facts the finding fired on.

    The newest judgment of a finding counts; it lapses when the finding's basis changes.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(10))
    verdict: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    judged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    judged_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    judged_by: Mapped[User | None] = relationship()


class Approval(db.Model):
    """Approval for signing, given for one draft version and the clause versions its document uses."""

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    draft_version: Mapped[int]
    # [{"clause": key, "version_id": id, "content_hash": sha256}] in document order
    clause_versions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # The judgments it rests on, as they were: [{"finding", "title", "severity", "verdict", "reason", "by", "at"}]
    judgments: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[dt.datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    voided_reason: Mapped[str] = mapped_column(String(40), default="")

    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class CommentThread(db.Model):
    """The comments on one anchor of a draft: a step, a finding or a clause of the agreement."""

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    anchor_kind: Mapped[str] = mapped_column(String(10))
    anchor_key: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    comments: Mapped[list[Comment]] = relationship(back_populates="thread", order_by="Comment.id",
                                                   cascade="all, delete-orphan")
    resolved_by: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("draft_id", "anchor_kind", "anchor_key", name="uq_comment_thread_anchor"),)

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Comment(db.Model):
    """One comment of a thread."""

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("comment_thread.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    thread: Mapped[CommentThread] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
