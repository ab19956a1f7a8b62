"""The clause library in the database: a clause has versions that reviewers write and approve."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..extensions import db
from ..request_memo import memo
from .base import JSONType, now_utc
from .user import User

STATUSES = ("draft", "in_review", "approved", "retired")


class Clause(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)  # the stable clause id, e.g. "parter"
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)

    versions: Mapped[list[ClauseVersion]] = relationship(
        back_populates="clause", order_by="ClauseVersion.number", cascade="all, delete-orphan")

    @classmethod
    def by_key(cls, key: str) -> Clause | None:
        return db.session.execute(select(cls).filter_by(key=key)).scalar_one_or_none()

    @property
    def approved(self) -> ClauseVersion | None:
        """Return the version that documents use now."""
        approved = [v for v in self.versions if v.status == "approved"]
        return approved[-1] if approved else None

    @property
    def latest(self) -> ClauseVersion:
        return self.versions[-1]


class ClauseVersion(db.Model):
    __table_args__ = (UniqueConstraint("clause_id", "number", name="uq_clause_version_clause_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    order: Mapped[int]
    title: Mapped[dict[str, str]] = mapped_column(JSONType)
    title_plural: Mapped[dict[str, str] | None] = mapped_column(JSONType)  # the heading with several partners
    text: Mapped[dict[str, str]] = mapped_column(JSONType)
    include_when: Mapped[Any] = mapped_column(JSONType)
    addresses: Mapped[list[str]] = mapped_column(JSONType, default=list)
    asserts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONType, default=list)  # the claims the text makes
    notes: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    review_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    submitted_at: Mapped[dt.datetime | None]
    decided_at: Mapped[dt.datetime | None]
    # Withdrawing an approved version takes two reviewers: one asks, with a reason, another confirms.
    withdrawal_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    withdrawal_requested_at: Mapped[dt.datetime | None]
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")

    clause: Mapped[Clause] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
    withdrawal_requested_by: Mapped[User | None] = relationship(foreign_keys=[withdrawal_requested_by_id])

    @property
    def withdrawal_requested(self) -> bool:
        return self.withdrawal_requested_at is not None

    def content(self) -> dict[str, Any]:
        """Return the clause content in the clause file format (optional keys only when set)."""
        content = {"id": self.clause.key, "order": self.order, "title": dict(self.title)}
        if self.title_plural:
            content["title_plural"] = dict(self.title_plural)
        content.update(include_when=self.include_when, addresses=list(self.addresses))
        if self.asserts:
            content["asserts"] = list(self.asserts)
        content.update(notes=self.notes, text=dict(self.text))
        return content


class LibraryState(db.Model):
    """One row: the library's revision, bumped in the transaction of every change to a version's status.

    Every app process compares it with the revision its compiled library was built at, so an
    approval, a withdrawal or an import made by any process reaches all of them.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=0)


def _status_changed(session: Session) -> bool:
    """Return whether the pending flush adds, removes or changes the status of a clause version."""
    if any(isinstance(obj, ClauseVersion) for obj in (*session.new, *session.deleted)):
        return True
    return any(isinstance(obj, ClauseVersion) and inspect(obj).attrs.status.history.has_changes()
               for obj in session.dirty)


@event.listens_for(Session, "before_flush")
def _bump_library_revision(session: Session, _context: Any, _instances: Any) -> None:
    """Bump the revision in the same transaction as the change (an upsert: the row may be missing)."""
    if _status_changed(session):
        bump_revision(session.connection())


def bump_revision(connection: Any) -> None:
    """Move the library's revision on, within the connection's transaction (the row may be missing)."""
    table = LibraryState.__table__
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(id=1, revision=1)
    connection.execute(statement.on_conflict_do_update(index_elements=[table.c.id],
                                                       set_={"revision": table.c.revision + 1}))


def library_revision() -> int:
    """Return the library's revision (0 before any change), read once per request until the session writes."""
    return memo("library_revision", lambda: db.session.execute(
        select(LibraryState.revision).where(LibraryState.id == 1)).scalar_one_or_none() or 0)
