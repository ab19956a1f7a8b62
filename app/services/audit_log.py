"""Reading the audit log: filters for the admin page. Nothing here changes an event."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select

from ..extensions import db
from ..models import AuditEvent, User


@dataclass(frozen=True)
class LogFilter:
    """Which events to show; empty fields do not filter. Dates are inclusive, days in `timezone`."""

    action: str = ""
    actor_email: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    timezone: dt.tzinfo = dt.UTC


def _start_of(day: dt.date, timezone: dt.tzinfo) -> dt.datetime:
    """Return the start of a local day as a naive UTC datetime, as the log stores times."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone).astimezone(dt.UTC).replace(tzinfo=None)


def actions() -> list[str]:
    """Return the actions that occur in the log, for the filter's choices."""
    return list(db.session.execute(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).scalars())


def events_query(where: LogFilter) -> Select[tuple[AuditEvent, str | None]]:
    """Return events with their actor's e-mail, newest first."""
    query = (select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id)
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    if where.action:
        query = query.where(AuditEvent.action == where.action)
    if where.actor_email:
        query = query.where(User.email == where.actor_email.strip().lower())
    if where.target_type:
        query = query.where(AuditEvent.target_type == where.target_type)
    if where.target_id:
        query = query.where(AuditEvent.target_id == where.target_id)
    if where.date_from:
        query = query.where(AuditEvent.at >= _start_of(where.date_from, where.timezone))
    if where.date_to:
        query = query.where(AuditEvent.at < _start_of(where.date_to + dt.timedelta(days=1), where.timezone))
    return query


def events_page(where: LogFilter, page: int, per_page: int = 50) -> tuple[list[tuple[AuditEvent, str | None]], bool]:
    """Return one page of (event, actor e-mail) rows and whether another page follows.

    By hand, not db.paginate(): that selects whole entities (here an event and an e-mail per row), and
    counting a log that only grows would cost every page a scan of it.
    """
    page = max(page, 1)
    query = events_query(where).limit(per_page + 1).offset((page - 1) * per_page)
    rows = [(event, email) for event, email in db.session.execute(query)]
    return rows[:per_page], len(rows) > per_page
