"""The audit log: who did what to which object, when. Written by the app, never edited."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import JSONType, now_utc


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=now_utc, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


def record(action: str, actor: Any = None, target_type: str = "", target_id: Any = "", **details: Any) -> AuditEvent:
    """Add an audit event to the session (the request commits it with the change)."""
    event = AuditEvent(action=action, actor_id=getattr(actor, "id", None), target_type=target_type,
                       target_id=str(target_id), details=details)
    db.session.add(event)
    return event
