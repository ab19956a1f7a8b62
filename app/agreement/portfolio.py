"""The signed agreements taken together: related-value sums and the public transparency register.

Related values serve the anti-splitting check of 5 kap. 7 a § and 11 § LOU: recurring contracts
for the same kind of service are valued together over the previous 12 months or the current
financial year. An agreement with several partners counts in full for each partner, and one with
several activity kinds counts in full under each kind (the safe side).

The register lists what the company has agreed, for publication under the principle of public
access. It holds no personal data: no contact persons, signatories, process leaders, e-mail
addresses or phone numbers, and no partner number that reads as a personnummer.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from dateutil.relativedelta import relativedelta
from pydantic_core import PydanticCustomError

from .answers import Answers, normalise_org_number
from .facts import derive

STATUSES = ("active", "ended")
WINDOWS = ("12m", "fy")
SCHEMA_ID = "https://samverkansguiden.se/schema/register-v1.json"


def partner_key(name: str, org_number: str) -> str:
    """Return a partner's identity: its organisation number as 10 digits, else its name compared loosely.

    A valid number in any usual spelling (with or without dash, 12 digits with the century)
    gives the same key; without one the name counts, casefolded with whitespace collapsed.
    """
    if org_number and org_number.strip():
        try:
            return normalise_org_number(org_number).replace("-", "")
        except PydanticCustomError:
            digits = re.sub(r"\D", "", org_number)
            if len(digits) == 10:
                return digits
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Record:
    """One signed agreement as the related-value sums see it."""

    ref: str  # an id the caller uses to link (e.g. the agreement's public id)
    title: str
    partner_keys: tuple[str, ...]  # see partner_key, in the partners' order
    partner_names: tuple[str, ...]  # the same partners' names
    kinds: tuple[str, ...]  # activity kinds
    signed_on: dt.date
    value_sek: int  # the agreement's estimated value (facts.estimated_value_sek)
    status: str  # "active" | "ended"
    ends_on: dt.date | None = None  # its last day in force (an early end or the term's end); None: open-ended


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")


def record_from(ref: str, title: str, answers: Answers, signed_on: dt.date, status: str,
                parameters: Mapping[str, Any], ended_on: dt.date | None = None) -> Record:
    """Return the record of a signed agreement; an empty title takes the answers' title.

    It is in force from signing to `ended_on` when it ended early, else to the term's end date.
    """
    _check_status(status)
    return Record(
        ref=ref,
        title=title or answers.title,
        partner_keys=tuple(partner_key(p.name, p.org_number) for p in answers.partners),
        partner_names=tuple(p.name for p in answers.partners),
        kinds=tuple(answers.activity.kinds),
        signed_on=signed_on,
        value_sek=derive(answers, parameters).estimated_value_sek,
        status=status,
        ends_on=ended_on or answers.term.end_date,
    )


def financial_year_start(today: dt.date, start_month: int = 1) -> dt.date:
    """Return the first day of the financial year that `today` falls in."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"start_month must be 1 to 12, not {start_month!r}")
    year = today.year if today.month >= start_month else today.year - 1
    return dt.date(year, start_month, 1)


def window_start(today: dt.date, window: str = "12m", start_month: int = 1) -> dt.date:
    """Return the first day counted: 12 months before today ("12m") or the financial year's start ("fy")."""
    if window == "12m":
        return today - relativedelta(months=12)
    if window == "fy":
        return financial_year_start(today, start_month)
    raise ValueError(f"window must be one of {WINDOWS}, not {window!r}")


@dataclass(frozen=True)
class RelatedSum:
    """The value of the related agreements in a window."""

    total_sek: int
    records: tuple[Record, ...]  # the agreements counted, newest signing first
    since: dt.date  # window start (included)


def _newest_first(records: Iterable[Record]) -> tuple[Record, ...]:
    return tuple(sorted(records, key=lambda r: (r.signed_on, r.ref), reverse=True))


def related_sum(records: Iterable[Record], kinds: Iterable[str], today: dt.date, *, window: str = "12m",
                start_month: int = 1, partner: str | None = None, exclude_ref: str | None = None) -> RelatedSum:
    """Sum the agreements of the same kind in force at some time in the window.

    Counted: records sharing a kind with `kinds`, signed on or before `today` and not ended
    before the window start (an agreement signed earlier that still runs is a contract of the
    period, 5 kap. 11 § LOU), with the partner key `partner` when given, and never the record
    `exclude_ref`. Each counts with its whole estimated value (the safe side). No kinds count
    nothing (total 0, no records). Ended agreements count.
    """
    since = window_start(today, window, start_month)
    wanted = set(kinds)
    if not wanted:
        return RelatedSum(0, (), since)
    counted = _newest_first(
        r for r in records
        if wanted.intersection(r.kinds) and _in_force(r, since, today)
        and (partner is None or partner in r.partner_keys)
        and (exclude_ref is None or r.ref != exclude_ref))
    return RelatedSum(sum(r.value_sek for r in counted), counted, since)


def _in_force(record: Record, since: dt.date, today: dt.date) -> bool:
    """Return whether the record was in force at some time from `since` to `today`."""
    return record.signed_on <= today and (record.ends_on is None or record.ends_on >= since)


def sums_by_partner_and_kind(records: Iterable[Record], today: dt.date, start_month: int = 1) -> list[dict[str, Any]]:
    """Return one row per partner and activity kind with the values of the last 12 months and financial year.

    Rows: {partner_key, partner_name, kind, last_12m_sek, financial_year_sek, count}, where
    count is the number of agreements in force in either window; pairs with none are left out. The
    name is the one on the newest agreement. Sorted by partner name, then kind.
    """
    since_12m = window_start(today, "12m")
    since_fy = financial_year_start(today, start_month)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    names: dict[str, str] = {}  # partner key -> name on its newest agreement
    for record in _newest_first(records):
        in_12m, in_fy = _in_force(record, since_12m, today), _in_force(record, since_fy, today)
        if not (in_12m or in_fy):
            continue
        for key, name in zip(record.partner_keys, record.partner_names):
            names.setdefault(key, name)
        for key in dict.fromkeys(record.partner_keys):
            for kind in dict.fromkeys(record.kinds):
                row = rows.setdefault((key, kind), {
                    "partner_key": key, "partner_name": names[key], "kind": kind,
                    "last_12m_sek": 0, "financial_year_sek": 0, "count": 0})
                row["last_12m_sek"] += record.value_sek if in_12m else 0
                row["financial_year_sek"] += record.value_sek if in_fy else 0
                row["count"] += 1
    return sorted(rows.values(), key=lambda r: (r["partner_name"].casefold(), r["kind"], r["partner_key"]))


# --- The transparency register ---------------------------------------------------------------

#: The register's columns, in CSV order.
REGISTER_FIELDS: tuple[str, ...] = (
    "reference", "title", "partners", "form", "purpose", "activity_kinds", "area",
    "company_pays", "amount_per_year_sek", "payment_model",
    "premises_provided", "premises_rent", "rent_sek_per_year", "rent_discount_sek_per_year",
    "estimated_value_sek", "start_date", "end_date", "open_ended", "signed_on", "status", "ended_on",
)


def public_org_number(org_number: str) -> str | None:
    """Return an organisation number fit for publication, or None when missing or a personnummer.

    The month digits of a personnummer (3rd and 4th) are 01 to 12; an organisationsnummer's
    third digit is 2 or more.
    """
    digits = re.sub(r"\D", "", org_number or "")
    if len(digits) != 10 or digits[2] in "01":
        return None
    return f"{digits[:6]}-{digits[6:]}"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def register_row(ref: str, answers: Answers, signed_on: dt.date, status: str, ended_on: dt.date | None,
                 parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Return one agreement's register row as JSON-ready values (dates as ISO strings)."""
    _check_status(status)
    facts = derive(answers, parameters)
    activity, exchange, premises, term = answers.activity, answers.exchange, answers.premises, answers.term
    if not premises.provided:
        rent_kind, rent = None, None
    else:
        rent_kind = premises.rent
        rent = {"free": 0, "reduced": premises.rent_sek_per_year}.get(premises.rent)  # market: not recorded
    row = {
        "reference": ref,
        "title": answers.title,
        "partners": [{"name": p.name, "org_number": public_org_number(p.org_number)} for p in answers.partners],
        "form": answers.intended_form,
        "purpose": activity.goals or activity.description,
        "activity_kinds": list(activity.kinds),
        "area": activity.area,
        "company_pays": exchange.company_pays,
        "amount_per_year_sek": exchange.amount_per_year_sek if exchange.company_pays else 0,
        "payment_model": exchange.payment_model,
        "premises_provided": premises.provided,
        "premises_rent": rent_kind,
        "rent_sek_per_year": rent,
        "rent_discount_sek_per_year": facts.rent_discount_sek_per_year,
        "estimated_value_sek": facts.estimated_value_sek,
        "start_date": _iso(term.start_date),
        "end_date": _iso(term.end_date),
        "open_ended": term.open_ended,
        "signed_on": _iso(signed_on),
        "status": status,
        "ended_on": _iso(ended_on),
    }
    return row


def register_document(rows: Sequence[Mapping[str, Any]], organisation_name: str, organisation_org_number: str,
                      generated_on: dt.date) -> dict[str, Any]:
    """Return the JSON export: the publishing company and its agreements' rows."""
    return {
        "generated_on": generated_on.isoformat(),
        "organisation": {"name": organisation_name,
                         "org_number": normalise_org_number(organisation_org_number)},
        "agreements": [dict(row) for row in rows],
    }


_DATE = {"type": "string", "format": "date"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_AMOUNT = {"type": "integer", "minimum": 0}
_ORG_NUMBER_PATTERN = r"^\d{6}-\d{4}$"


def _row_properties() -> dict[str, dict[str, Any]]:
    model = Answers.model_json_schema()["$defs"]

    def enum(section: str, name: str) -> list[str]:
        return list(model[section]["properties"][name]["enum"])

    kinds = model["Activity"]["properties"]["kinds"]["items"]["enum"]
    forms = Answers.model_json_schema()["properties"]["intended_form"]["enum"]
    return {
        "reference": {"type": "string", "description": "The agreement's reference, stable across exports."},
        "title": {"type": "string", "description": "The agreement's title."},
        "partners": {
            "type": "array", "minItems": 1,
            "description": "The partner organisations, in the agreement's order.",
            "items": {
                "type": "object", "additionalProperties": False, "required": ["name", "org_number"],
                "properties": {
                    "name": {"type": "string", "description": "The organisation's name."},
                    "org_number": {"type": ["string", "null"], "pattern": _ORG_NUMBER_PATTERN,
                                   "description": "Swedish organisation number (NNNNNN-NNNN); null when the "
                                                  "organisation has none yet."},
                },
            },
        },
        "form": {"type": "string", "enum": list(forms),
                 "description": "The intended form of the agreement (partnership, iop, grant, sponsorship or "
                                "procurement)."},
        "purpose": {"type": "string",
                    "description": "What the agreement aims at: its stated goals, else the activity's description."},
        "activity_kinds": {"type": "array", "items": {"type": "string", "enum": list(kinds)}, "uniqueItems": True,
                           "description": "The kinds of activity the agreement covers."},
        "area": {"type": "string", "description": "The area (neighbourhood) where the activity takes place."},
        "company_pays": {"type": "boolean", "description": "Whether the housing company pays money to the partners."},
        "amount_per_year_sek": _AMOUNT | {"description": "What the company pays per year, whole SEK excluding VAT; "
                                                         "0 when it pays nothing."},
        "payment_model": {"type": "string", "enum": enum("Exchange", "payment_model"),
                          "description": "How the company pays (none when it pays nothing)."},
        "premises_provided": {"type": "boolean", "description": "Whether the company lets premises to the partners."},
        "premises_rent": {"type": ["string", "null"], "enum": [*enum("Premises", "rent"), None],
                          "description": "The rent of the premises: market, reduced or free; null without premises."},
        "rent_sek_per_year": {"type": ["integer", "null"], "minimum": 0,
                              "description": "The rent the partners pay per year in SEK at a reduced or free rent; "
                                             "null without premises or at market rent."},
        "rent_discount_sek_per_year": _AMOUNT | {"description": "Market rent minus the rent paid, SEK per year."},
        "estimated_value_sek": _AMOUNT | {"description": "The agreement's estimated value in SEK under 5 kap. LOU: "
                                                         "payments and rent discount over the whole term including "
                                                         "extensions."},
        "start_date": _DATE | {"description": "The first day of the term (ISO 8601)."},
        "end_date": _NULLABLE_DATE | {"description": "The last day of the term (ISO 8601); null when open-ended."},
        "open_ended": {"type": "boolean", "description": "Whether the agreement runs until further notice."},
        "signed_on": _DATE | {"description": "The day the agreement was signed (ISO 8601)."},
        "status": {"type": "string", "enum": list(STATUSES),
                   "description": "Whether the agreement is active or ended."},
        "ended_on": _NULLABLE_DATE | {"description": "The day the agreement ended (ISO 8601); null while active."},
    }


def register_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the register's JSON export."""
    properties = _row_properties()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Samverkansguiden transparency register v1",
        "description": "The partnership agreements a housing company has signed with associations, published "
                       "under the principle of public access. Holds no personal data.",
        "type": "object",
        "additionalProperties": False,
        "required": ["generated_on", "organisation", "agreements"],
        "properties": {
            "generated_on": _DATE | {"description": "The day the export was made (ISO 8601)."},
            "organisation": {
                "type": "object", "additionalProperties": False, "required": ["name", "org_number"],
                "description": "The housing company that publishes the register.",
                "properties": {
                    "name": {"type": "string", "description": "The company's name."},
                    "org_number": {"type": "string", "pattern": _ORG_NUMBER_PATTERN,
                                   "description": "The company's organisation number (NNNNNN-NNNN)."},
                },
            },
            "agreements": {
                "type": "array", "description": "One entry per signed agreement.",
                "items": {"type": "object", "additionalProperties": False, "required": list(REGISTER_FIELDS),
                          "properties": properties},
            },
        },
    }


# A cell a spreadsheet would run as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = "; ".join(_cell_part(v) for v in value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell_part(value: Any) -> str:
    if isinstance(value, Mapping):  # a partner
        text = value.get("name") or ""
        return f"{text} ({value['org_number']})" if value.get("org_number") else text
    return str(value)


def register_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """Return the rows as CSV: a header of REGISTER_FIELDS, ',' between cells, lists joined with '; '.

    Partners read "name (org number)"; empty values are empty cells; a text starting like a
    spreadsheet formula gets a leading apostrophe.
    """
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(REGISTER_FIELDS)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in REGISTER_FIELDS])
    return out.getvalue()
