"""The follow-up plan's indicators over time: values per quarter or year, baseline and target, CSV."""
from __future__ import annotations

from typing import Any

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..agreement.answers import clean_text
from ..agreement.i18n import gettext_for
from ..extensions import db
from ..models import Agreement, IndicatorSetting, IndicatorValue, User
from ..models.audit import record
from .lifecycle import LifecycleRefused, term_end

PERIOD_KINDS = ("quarter", "year")
VALUE_LIMIT = 1e12


@dataclass(frozen=True)
class Series:
    setting: IndicatorSetting
    values: list[IndicatorValue]  # in period order

    @property
    def by_period(self) -> dict[str, IndicatorValue]:
        return {v.period: v for v in self.values}


def period_code(day: dt.date, kind: str) -> str:
    """Return the period a day lies in: "2027-K1" for a quarter, "2027" for a year."""
    return f"{day.year}-K{(day.month - 1) // 3 + 1}" if kind == "quarter" else str(day.year)


def period_label(code: str, lang: str) -> str:
    """Return a period as a reader reads it: "2027 K1" (sv) or "2027 Q1" (en)."""
    year, _sep, quarter = code.partition("-K")
    if not quarter:
        return year
    return f"{year} {'Q' if lang == 'en' else 'K'}{quarter}"


def periods(agreement: Agreement, kind: str, today: dt.date | None = None) -> list[str]:
    """Return the periods from the agreement's start up to today (or its end), oldest first."""
    today = today or dt.date.today()
    start_text = agreement.current.answers.get("term", {}).get("start_date")
    start = dt.date.fromisoformat(start_text) if start_text else agreement.signed_on
    last = min(filter(None, [today, term_end(agreement)]))
    found: list[str] = []
    day = dt.date(start.year, 3 * ((start.month - 1) // 3) + 1 if kind == "quarter" else 1, 1)
    while day <= last and len(found) < 400:
        found.append(period_code(day, kind))
        day = dt.date(day.year + (day.month + 2) // 12, (day.month + 2) % 12 + 1, 1) if kind == "quarter" \
            else dt.date(day.year + 1, 1, 1)
    return found


def series(agreement: Agreement) -> list[Series]:
    """Return each indicator of the agreement with its values."""
    settings = list(db.session.execute(select(IndicatorSetting).filter_by(agreement_id=agreement.id)
                                       .order_by(IndicatorSetting.id)).scalars())
    values: dict[int, list[IndicatorValue]] = {s.id: [] for s in settings}
    if settings:
        for value in db.session.execute(select(IndicatorValue).where(
                IndicatorValue.indicator_id.in_(list(values))).order_by(IndicatorValue.period)).scalars():
            values[value.indicator_id].append(value)
    return [Series(s, values[s.id]) for s in settings]


def setting_of(agreement: Agreement, indicator_id: int) -> IndicatorSetting:
    setting = db.session.execute(select(IndicatorSetting).filter_by(id=indicator_id, agreement_id=agreement.id)
                                 ).scalar_one_or_none()
    if setting is None:
        raise LifecycleRefused(_("Indikatorn finns inte i avtalets uppföljningsplan."))
    return setting


def parse_number(text: str | None, required: bool, lang: str = "sv") -> float | None:
    """Read a number as the interface language writes it ("1 250,5" in Swedish, "1,250.5" in English);
    None when empty."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace(",", "") if lang == "en" else cleaned.replace(",", ".")
    if not cleaned:
        if required:
            raise LifecycleRefused(_("Ange ett värde, till exempel 12 eller 12,5."))
        return None
    try:
        number = float(cleaned)
    except ValueError:
        raise LifecycleRefused(_("”%(text)s” är inget tal. Skriv till exempel 12 eller 12,5.", text=text[:40])) from None
    if not math.isfinite(number) or abs(number) >= VALUE_LIMIT:
        raise LifecycleRefused(_("Talet är för stort."))
    return number


def set_value(agreement: Agreement, setting: IndicatorSetting, period: str, value: float, note: str,
              actor: User | None, reported_by: str = "", **audit: Any) -> IndicatorValue:
    """Enter (or correct) an indicator's value for one period of the agreement.

    Staff enter values as themselves; a partner reports from its link (`actor` None, `reported_by`
    its name, the link in `audit`). Whoever enters a period last holds it.
    """
    if period not in periods(agreement, setting.period):
        raise LifecycleRefused(_("Välj en period under avtalstiden, fram till i dag."))
    if len(note) > 2000:
        raise LifecycleRefused(_("Anteckningen får vara högst 2 000 tecken."))
    entry = db.session.execute(select(IndicatorValue).filter_by(indicator_id=setting.id, period=period)
                               ).scalar_one_or_none()
    if entry is None:
        entry = IndicatorValue(indicator_id=setting.id, period=period)
        db.session.add(entry)
    entry.value, entry.note, entry.entered_by_id = value, clean_text(note), getattr(actor, "id", None)
    entry.reported_by = reported_by[:200]
    try:
        db.session.flush()
    except IntegrityError:  # the same period entered at the same moment elsewhere
        db.session.rollback()
        raise LifecycleRefused(_("Värdet sparades samtidigt av någon annan. Ladda om sidan och försök igen.")) from None
    record("indicator_value_entered", actor=actor, target_type="draft", target_id=agreement.draft.public_id,
           indicator=setting.name[:80], period=period, **({"partner": reported_by} if reported_by else {}), **audit)
    return entry


def set_goals(agreement: Agreement, setting: IndicatorSetting, kind: str, baseline: float | None,
              target: float | None, actor: User) -> None:
    """Set how often an indicator is followed up, and its baseline and target (either may be left out)."""
    if kind not in PERIOD_KINDS:
        raise LifecycleRefused(_("Välj kvartal eller år."))
    has_values = db.session.execute(select(IndicatorValue.id).filter_by(indicator_id=setting.id).limit(1)).first()
    if kind != setting.period and has_values:
        raise LifecycleRefused(_("Indikatorn har redan värden per %(period)s. Perioden kan inte ändras när det "
                                 "finns värden.", period=_("kvartal") if setting.period == "quarter" else _("år")))
    setting.period, setting.baseline, setting.target = kind, baseline, target
    record("indicator_goals_set", actor=actor, target_type="draft", target_id=agreement.draft.public_id,
           indicator=setting.name[:80])


def number_text(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(round(value, 2)).is_integer() else f"{value:,.2f}".rstrip("0")
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "sv" else text


def safe_cell(text: str) -> str:
    """Keep typed text from being read as a formula when the CSV is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(agreement: Agreement, lang: str) -> str:
    """Return every value of every indicator, one row each, with baseline and target."""
    _ = gettext_for(lang)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Avtal"), _("Indikator"), _("Period"), _("Värde"), _("Utgångsvärde"), _("Mål"),
                     _("Anteckning")])
    for item in series(agreement):
        for value in item.values:
            writer.writerow([safe_cell(agreement.draft.title), safe_cell(item.setting.name), value.period,
                             f"{value.value:g}",
                             "" if item.setting.baseline is None else f"{item.setting.baseline:g}",
                             "" if item.setting.target is None else f"{item.setting.target:g}", safe_cell(value.note)])
    return out.getvalue()
