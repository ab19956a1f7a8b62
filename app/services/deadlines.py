"""The deadlines of signed agreements as the pages, the calendar feed and the reminders use them.

The dates come from the core (`app.agreement.deadlines`) on the answers in force; what is marked
done comes from the database. An agreement that ended early keeps the deadlines up to its end.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Iterable, NamedTuple

from flask import current_app
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..agreement import deadlines as core
from ..agreement.answers import Answers
from ..agreement.calendar import CalendarItem, feed
from ..agreement.checkpoints import RulesError
from ..agreement.i18n import gettext_for
from ..extensions import db
from ..mail import mail_enabled, send_mail
from ..models import Agreement, CalendarFeed, DeadlineDone, Draft, Organisation, ReminderSent, User
from ..models.audit import record
from ..models.base import now_utc
from .assessment import get_rules
from .lifecycle import LifecycleRefused, current_answers, status

SOON_DAYS = 30  # "snart" on the pages


@dataclass(frozen=True)
class Row:
    """One deadline of one agreement, with what has been done about it."""

    agreement: Agreement
    deadline: core.Deadline
    done: DeadlineDone | None

    @property
    def key(self) -> str:
        return self.deadline.key

    def state(self, today: dt.date) -> str:
        """done | overdue | soon | later"""
        if self.done is not None:
            return "done"
        if self.deadline.due < today:
            return "overdue"
        if self.deadline.due <= today + dt.timedelta(days=SOON_DAYS):
            return "soon"
        return "later"

    def title(self, lang: str) -> str:
        _ = gettext_for(lang)
        text = _(core.KINDS[self.deadline.kind])
        if self.deadline.kind == "meeting":
            return _("%(what)s (möte %(number)s)", what=text, number=self.deadline.number)
        if self.deadline.kind == "report":
            return _("%(what)s (avtalsår %(number)s)", what=text, number=self.deadline.number)
        return text

    def basis(self, lang: str) -> str:
        return gettext_for(lang)(core.BASES[self.deadline.basis])


DoneMarks = dict[tuple[str, "dt.date | None"], DeadlineDone]


def done_marks(marks: Iterable[DeadlineDone]) -> DoneMarks:
    return {(d.key, d.due_on): d for d in marks}


def versions_in_force(agreement: Agreement) -> list[tuple[dt.date, Answers]]:
    """Return (effective day, answers) of each recorded version that can still be read; [] when the one in force cannot."""
    if current_answers(agreement) is None:
        return []
    found = []
    for version in agreement.versions:
        try:
            found.append((version.effective_on, Answers.model_validate(version.answers)))
        except ValidationError:  # an earlier version: the next one's deadlines cover its time
            current_app.logger.warning("agreement %s version %s no longer validates", agreement.public_id,
                                       version.number)
    return found


def of_agreement(agreement: Agreement, done: DoneMarks | None = None, today: dt.date | None = None) -> list[Row]:
    """Return the agreement's deadlines in date order, each with its done record.

    A done mark belongs to a deadline by its key and its due day, so a deadline a tillägg moves
    is open again on its new day.
    """
    if done is None:
        done = done_marks(db.session.execute(select(DeadlineDone).filter_by(agreement_id=agreement.id)).scalars())
    versions = versions_in_force(agreement)
    if not versions:
        return []
    found = core.deadlines_in_force(versions, agreement.signed_on, frozenset(agreement.findings),
                                    legal_periods(agreement.signed_on), today or dt.date.today())
    if agreement.ended_on is not None:
        found = [d for d in found if d.due <= agreement.ended_on or d.kind in core.SIGNING_KINDS]
    return [Row(agreement, d, done.get((d.key, d.due)) or done.get((d.key, None))) for d in found]


def legal_periods(on: dt.date) -> dict[str, Any]:
    """Return the rules file's legal periods in force on a day (the core's defaults if it cannot be read)."""
    try:
        return get_rules().parameter_values(on)
    except (RulesError, OSError):
        current_app.logger.exception("the rules file cannot be read: the legal periods use their defaults")
        return {}


def organisation_agreements(organisation_id: int) -> list[Agreement]:
    """Return the organisation's signed agreements with their versions and drafts loaded."""
    return list(db.session.execute(
        select(Agreement).join(Draft, Draft.id == Agreement.draft_id)
        .where(Agreement.organisation_id == organisation_id, Draft.archived_at.is_(None))
        .options(selectinload(Agreement.versions), selectinload(Agreement.draft))
        .order_by(Agreement.signed_on.desc(), Agreement.id.desc())).scalars())


def of_organisation(organisation_id: int, first: dt.date | None = None, last: dt.date | None = None,
                    open_only: bool = False, unreadable: list[Agreement] | None = None) -> list[Row]:
    """Return the deadlines of all the organisation's agreements between two days, in date order.

    An agreement whose answers can no longer be read has no deadlines; it is added to `unreadable`.
    """
    agreements = organisation_agreements(organisation_id)
    marks: dict[int, list[DeadlineDone]] = {}
    for mark in db.session.execute(
            select(DeadlineDone).where(DeadlineDone.agreement_id.in_([a.id for a in agreements]))).scalars():
        marks.setdefault(mark.agreement_id, []).append(mark)
    rows: list[Row] = []
    for agreement in agreements:
        if unreadable is not None and current_answers(agreement) is None:
            unreadable.append(agreement)
            continue
        for row in of_agreement(agreement, done_marks(marks.get(agreement.id, ()))):
            if first is not None and row.deadline.due < first:
                continue
            if last is not None and row.deadline.due > last:
                continue
            if open_only and row.done is not None:
                continue
            rows.append(row)
    return sorted(rows, key=lambda r: (r.deadline.due, r.agreement.draft.title, r.key))


def find(agreement: Agreement, key: str) -> Row:
    row = next((r for r in of_agreement(agreement) if r.key == key), None)
    if row is None:
        raise LifecycleRefused(_("Fristen finns inte i avtalet (den kan ha ändrats genom ett tillägg)."))
    return row


def mark_done(agreement: Agreement, key: str, done_on: dt.date, note: str, actor: User) -> DeadlineDone:
    """Mark a deadline done on a day, with a note (what was done, where it is filed)."""
    row = find(agreement, key)
    if done_on > dt.date.today():
        raise LifecycleRefused(_("Dagen då det blev gjort kan inte ligga i framtiden."))
    if len(note) > 2000:
        raise LifecycleRefused(_("Anteckningen får vara högst 2 000 tecken."))
    done = row.done or DeadlineDone(agreement_id=agreement.id, key=key, due_on=row.deadline.due)
    done.done_on, done.note, done.done_by_id, done.due_on = done_on, note.strip(), actor.id, row.deadline.due
    db.session.add(done)
    db.session.flush()
    record("deadline_done", actor=actor, target_type="draft", target_id=agreement.draft.public_id, deadline=key,
           due_on=row.deadline.due.isoformat(), done_on=done_on.isoformat())
    return done


def undo_done(agreement: Agreement, key: str, actor: User) -> None:
    row = find(agreement, key)
    if row.done is not None:
        db.session.delete(row.done)
        record("deadline_reopened", actor=actor, target_type="draft", target_id=agreement.draft.public_id,
               deadline=key)


# --- the calendar feed -------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_feed(organisation_id: int) -> CalendarFeed | None:
    return db.session.execute(select(CalendarFeed).filter_by(organisation_id=organisation_id, revoked_at=None)
                              .order_by(CalendarFeed.id.desc()).limit(1)).scalar_one_or_none()


def new_feed(organisation_id: int, actor: User) -> str:
    """Make a new secret feed link for the organisation (the old one stops working); return its token."""
    revoke_feed(organisation_id, actor, audit=False)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(organisation_id=organisation_id, token_hash=token_hash(token), created_by_id=actor.id))
    db.session.flush()
    record("calendar_feed_created", actor=actor, target_type="organisation", target_id=organisation_id)
    return token


def revoke_feed(organisation_id: int, actor: User, audit: bool = True) -> bool:
    """Stop the organisation's feed link; return whether there was one."""
    feeds = list(db.session.execute(select(CalendarFeed).filter_by(organisation_id=organisation_id,
                                                                   revoked_at=None)).scalars())
    for item in feeds:
        item.revoked_at = now_utc()
    if feeds and audit:
        record("calendar_feed_revoked", actor=actor, target_type="organisation", target_id=organisation_id)
    return bool(feeds)


def feed_of_token(token: str) -> CalendarFeed | None:
    """Return the live feed the token opens, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    return db.session.execute(select(CalendarFeed).filter_by(token_hash=token_hash(token),
                                                             revoked_at=None)).scalar_one_or_none()


def calendar(organisation: Organisation, lang: str, link: "callable[[Agreement], str]") -> bytes:
    """Return the organisation's open deadlines (from a year back) as an iCalendar feed."""
    _ = gettext_for(lang)
    today = dt.date.today()
    items = [CalendarItem(uid=f"{row.agreement.public_id}-{row.key}@samverkansguiden", day=row.deadline.due,
                          summary=f"{row.title(lang)}: {row.agreement.draft.title}",
                          description="\n".join(filter(None, [
                              _("Avtal: %(title)s", title=row.agreement.draft.title), row.basis(lang),
                              _("Osäker frist: kontrollera mot lagtexten.") if row.deadline.verify else ""])),
                          url=link(row.agreement))
             for row in of_organisation(organisation.id, first=today - dt.timedelta(days=365), open_only=True)]
    return feed(items, _("Avtalens frister – %(name)s", name=organisation.name), now_utc())


# --- reminders ---------------------------------------------------------------------------------

def recipients(agreement: Agreement) -> list[str]:
    """Return the draft owner's address and the process leaders' addresses, each once."""
    found: list[str] = []
    owner = agreement.draft.owner
    if owner is not None and owner.active:
        found.append(owner.email)
    answers = current_answers(agreement)
    for leader in answers.follow_up.process_leaders if answers is not None else ():
        if leader.email and leader.email.lower() not in (a.lower() for a in found):
            found.append(leader.email)
    return found


def due_for_reminder(today: dt.date, days: int, unreadable: list[Agreement] | None = None) -> Iterable[Row]:
    """Yield the open deadlines of active agreements (every organisation) due within `days` days.

    An agreement whose answers can no longer be read is skipped and added to `unreadable`.
    """
    agreements = db.session.execute(
        select(Agreement).join(Draft, Draft.id == Agreement.draft_id).where(Draft.archived_at.is_(None))
        .options(selectinload(Agreement.versions), selectinload(Agreement.draft))).scalars()
    for agreement in agreements:
        if status(agreement, today).key != "active":
            continue
        if current_answers(agreement) is None:
            if unreadable is not None:
                unreadable.append(agreement)
            continue
        for row in of_agreement(agreement):
            if row.done is None and today <= row.deadline.due <= today + dt.timedelta(days=days):
                yield row


def claim(row: Row) -> ReminderSent | None:
    """Claim the reminder of a deadline for this run: None when another run has it already."""
    claimed = ReminderSent(agreement_id=row.agreement.id, key=row.key, due_on=row.deadline.due)
    db.session.add(claimed)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return claimed


def reminder_text(row: Row, link: str, lang: str = "sv") -> tuple[str, str]:
    _ = gettext_for(lang)
    title = row.agreement.draft.title
    subject = _("Påminnelse: %(what)s %(day)s – %(title)s", what=row.title(lang), day=row.deadline.due.isoformat(),
                 title=title)
    lines = [_("Avtalet ”%(title)s” har en frist den %(day)s: %(what)s.", title=title,
                day=row.deadline.due.isoformat(), what=row.title(lang)),
             _("Grund: %(basis)s", basis=row.basis(lang))]
    if row.deadline.verify:
        lines.append(_("Fristen är osäker: kontrollera den mot lagtexten."))
    lines += [_("Öppna avtalet och markera fristen som klar när den är gjord: %(link)s", link=link),
              _("Meddelandet kommer från Samverkansguiden. Svara inte på det.")]
    return subject, "\n\n".join(lines)


class ReminderRun(NamedTuple):
    sent: int
    skipped: int  # claimed by an earlier or a concurrent run
    unreadable: int  # agreements whose answers can no longer be read


def send_reminders(today: dt.date, days: int, link: "callable[[Agreement], str]") -> ReminderRun:
    """Send each due reminder once, whichever run claims it first.

    A claim whose mail cannot be sent is given up, so a later run tries again.
    """
    if not mail_enabled():
        return ReminderRun(0, 0, 0)
    sent = skipped = 0
    unreadable: list[Agreement] = []
    for row in list(due_for_reminder(today, days, unreadable)):
        to = recipients(row.agreement)
        if not to:
            continue
        claimed = claim(row)
        if claimed is None:
            skipped += 1
            continue
        answers = current_answers(row.agreement)
        subject, text = reminder_text(row, link(row.agreement), answers.language if answers is not None else "sv")
        if send_mail(to, subject, text):
            claimed.sent_at, claimed.recipients = now_utc(), len(to)
            db.session.commit()
            sent += 1
        else:
            db.session.delete(claimed)
            db.session.commit()
    return ReminderRun(sent, skipped, len(unreadable))


def reminder_days() -> int:
    return max(0, int(current_app.config.get("REMINDER_DAYS", 14)))
