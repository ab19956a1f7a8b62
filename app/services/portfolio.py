"""The organisation's agreements as a whole: the portfolio, the value sums and the transparency register."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..agreement import portfolio as core
from ..agreement.checkpoints import RulesError
from ..extensions import db
from ..models import Agreement, Draft
from .assessment import get_rules
from .deadlines import organisation_agreements
from .lifecycle import current_answers, status

STATUSES = ("draft", "active", "ended")


@dataclass(frozen=True)
class Entry:
    """One line of the portfolio: a draft, or a signed agreement with its answers in force."""

    draft: Draft
    agreement: Agreement | None
    status: str  # draft | active | ended
    answers: dict[str, Any]

    @property
    def partners(self) -> list[str]:
        return [p.get("name", "") for p in self.answers.get("partners", []) if isinstance(p, dict)]

    @property
    def kinds(self) -> list[str]:
        return list((self.answers.get("activity") or {}).get("kinds") or [])

    @property
    def area(self) -> str:
        return str((self.answers.get("activity") or {}).get("area") or "")

    @property
    def amount_per_year(self) -> int:
        exchange = self.answers.get("exchange") or {}
        return int(exchange.get("amount_per_year_sek") or 0) if exchange.get("company_pays") else 0

    @property
    def end_date(self) -> dt.date | None:
        if self.agreement is not None and self.agreement.ended_on is not None:
            return self.agreement.ended_on
        end = (self.answers.get("term") or {}).get("end_date")
        try:
            return dt.date.fromisoformat(end) if end else None
        except ValueError:
            return None


def parameters(on: dt.date) -> dict[str, Any]:
    return get_rules().parameter_values(on)


def entries(organisation_id: int, today: dt.date | None = None) -> list[Entry]:
    """Return every unarchived draft of the organisation, signed ones with their status."""
    today = today or dt.date.today()
    agreements = {a.draft_id: a for a in organisation_agreements(organisation_id)}
    drafts = db.session.execute(select(Draft).filter_by(organisation_id=organisation_id, archived_at=None)
                                .order_by(Draft.updated_at.desc(), Draft.id.desc())).scalars()
    found = []
    for draft in drafts:
        agreement = agreements.get(draft.id)
        if agreement is None:
            found.append(Entry(draft, None, "draft", draft.answers))
        else:
            found.append(Entry(draft, agreement, status(agreement, today).key, agreement.current.answers))
    return found


def filtered(items: list[Entry], *, status_: str = "", area: str = "", partner: str = "", kind: str = "") -> list[Entry]:
    """Keep the entries that match every filter given (area and partner: a part of the name, any case)."""
    area, partner = area.strip().casefold(), partner.strip().casefold()
    return [e for e in items
            if (not status_ or e.status == status_) and (not area or area in e.area.casefold())
            and (not partner or any(partner in name.casefold() for name in e.partners))
            and (not kind or kind in e.kinds)]


def records(organisation_id: int, today: dt.date | None = None) -> list[core.Record]:
    """Return the organisation's signed agreements as value records (answers in force, value on signing day)."""
    today = today or dt.date.today()
    found = []
    for agreement in organisation_agreements(organisation_id):
        answers = current_answers(agreement)
        if answers is None:
            continue
        found.append(core.record_from(agreement.public_id, agreement.draft.title, answers, agreement.signed_on,
                                      status(agreement, today).key, parameters(agreement.signed_on),
                                      agreement.ended_on))
    return found


def start_month() -> int:
    month = int(current_app.config.get("FINANCIAL_YEAR_START_MONTH", 1))
    return month if 1 <= month <= 12 else 1


def related_offer(draft: Draft, today: dt.date | None = None) -> core.RelatedSum | None:
    """Return the sum of the organisation's signed agreements for the same kind of service over the last
    12 months (any partner), for the draft's `related_agreements_12m_sek`; None when it has no kinds yet."""
    today = today or dt.date.today()
    kinds = (draft.answers.get("activity") or {}).get("kinds") or []
    if not kinds:
        return None
    agreement = Agreement.of_draft(draft)
    try:
        found = records(draft.organisation_id, today)
    except (RulesError, OSError):
        current_app.logger.exception("the rules file cannot be read: no related sum is offered")
        return None
    return core.related_sum(found, kinds, today, window="12m",
                            start_month=start_month(), exclude_ref=agreement.public_id if agreement else None)


def sums(organisation_id: int, today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or dt.date.today()
    return core.sums_by_partner_and_kind(records(organisation_id, today), today, start_month())


def register(organisation_id: int, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Return the register rows of the signed agreements (active and ended), newest signing first."""
    today = today or dt.date.today()
    rows = []
    for agreement in organisation_agreements(organisation_id):
        answers = current_answers(agreement)
        if answers is None:
            continue
        state = status(agreement, today)
        rows.append(core.register_row(agreement.public_id, answers, agreement.signed_on, state.key,
                                      state.ended_on, parameters(agreement.signed_on)))
    return rows
