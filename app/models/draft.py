"""A draft agreement: the answers a staff member has given so far."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from ..extensions import db
from .base import JSONType, now_utc
from .user import Organisation, User


class Draft(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # URLs carry this, not the row id, so drafts cannot be found by counting.
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    # clause key -> ClauseVersion id the draft uses; set at export, changed only by the user
    clause_pins: Mapped[dict[str, int]] = mapped_column(JSONType, default=dict)
    # Optimistic locking: a save based on an older version is refused, not silently applied.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now_utc, onupdate=now_utc, index=True)
    # Per step slug, what was typed in fields that no longer apply (an amount after unticking
    # "the company pays"): not part of the answers, offered again when the field applies again.
    set_aside: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=dict)
    # A draft with downloads is archived, not deleted: what was handed out stays on record.
    archived_at: Mapped[dt.datetime | None]

    organisation: Mapped[Organisation] = relationship()
    owner: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    # Mina utkast pages through one organisation's drafts, newest change first, among 100 000 drafts.
    __table_args__ = (Index("ix_draft_organisation_id_updated_at", "organisation_id", "updated_at", "id"),)

    @classmethod
    def for_organisation(cls, public_id: str, organisation_id: int | None) -> Draft | None:
        """Return the draft only when it belongs to the organisation (with the organisation: the pages name it)."""
        if organisation_id is None:
            return None
        return db.session.execute(
            select(cls).filter_by(public_id=public_id, organisation_id=organisation_id, archived_at=None)
            .options(joinedload(cls.organisation))
        ).scalar_one_or_none()

    def set_section(self, name: str, data: Any) -> None:
        """Replace one section of the answers (reassigned so the JSON change is tracked)."""
        self.answers = {**self.answers, name: data}

    @property
    def partner_names(self) -> list[str]:
        return [p.get("name", "") for p in self.answers.get("partners", []) if isinstance(p, dict)]
