"""A generated document: what it was made from, so it can be made again identically."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, now_utc
from .draft import Draft


class Export(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    language: Mapped[str] = mapped_column(String(5))
    final: Mapped[bool] = mapped_column(default=False)
    with_comments: Mapped[bool] = mapped_column(default=True)
    file_format: Mapped[str] = mapped_column(String(5), default="docx", server_default="docx")  # docx | pdf
    assessed_on: Mapped[dt.date]
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # [{"clause": key, "version_id": id, "content_hash": sha256}] in document order
    clause_versions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    # The legal review the export was made under: approval and judgments with their reasons (never in the text).
    legal_review: Mapped[dict[str, Any] | None] = mapped_column(JSONType)

    draft: Mapped[Draft] = relationship()
