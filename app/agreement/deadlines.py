"""The deadlines of a signed agreement, computed from its answers, its signing date and the law.

Pure: no database, no Flask. `deadlines()` returns every date the agreement and the law set
after signing, in date order: the direct-award record and the post-award notice (19 a kap.
LOU, when their checkpoints fired), the meetings at the agreed frequency, the partner's report
each contract year, the joint evaluation, the last day to give notice, the decision on an
extension and the end. Month arithmetic goes through dateutil: a month after 31 January is
the last day of February.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from dateutil.relativedelta import relativedelta

from .answers import Answers
from .i18n import N_

#: Months between the meetings the follow-up plan agrees on.
MEETING_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
#: How far ahead of today an agreement without an end date gets its recurring deadlines.
OPEN_ENDED_HORIZON_MONTHS = 36
#: Days after signing for the record of a direct award and for the post-award notice, when the rules
#: file gives none (it does: `documentation_days` and `post_award_notice_days`, dated and sourced there).
DOCUMENTATION_DAYS = 30
NOTICE_DAYS = 30
#: The partner reports at the latest this many months after each contract year (the follow-up clause).
REPORT_MONTHS = 3
#: An open-ended agreement is evaluated at least this often (the follow-up clause).
OPEN_ENDED_EVALUATION_MONTHS = 36

KINDS = {
    "documentation": N_("Dokumentationen av direktupphandlingen ska vara klar"),
    "post_award_notice": N_("Efterannonsering av direktupphandlingen"),
    "meeting": N_("Samverkansmöte enligt uppföljningsplanen"),
    "report": N_("Partnerns verksamhetsrapport för avtalsåret"),
    "evaluation": N_("Gemensam utvärdering"),
    "notice": N_("Sista dag att säga upp avtalet"),
    "extension": N_("Beslut om förlängning"),
    "end": N_("Avtalet upphör"),
}
BASES = {
    "documentation": N_("19 a kap. 11 § lagen (2016:1145) om offentlig upphandling: dokumentationen ska vara klar "
                        "inom 30 dagar från att avtalet ingicks"),
    "post_award_notice": N_("19 a kap. lagen (2016:1145) om offentlig upphandling: efterannons inom 30 dagar "
                            "(vilken paragraf som gäller är osäkert – kontrollera)"),
    "post_award_notice_annex2": N_("19 a kap. lagen (2016:1145) om offentlig upphandling: för tjänster i bilaga 2 "
                                   "inom 30 dagar efter kvartalets slut (osäkert – kontrollera)"),
    "meeting": N_("Avtalets avsnitt om samverkansformer"),
    "report": N_("Avtalets avsnitt om uppföljning: senast tre månader efter avtalsårets slut"),
    "evaluation": N_("Avtalets avsnitt om uppföljning: i god tid innan avtalstiden löper ut"),
    "evaluation_open": N_("Avtalets avsnitt om uppföljning: minst vart tredje år"),
    "notice": N_("Avtalets avsnitt om avtalstid och uppsägning"),
    "extension": N_("Avtalets avsnitt om avtalstid: förlängningsoptionen"),
    "end": N_("Avtalets avsnitt om avtalstid"),
}


@dataclass(frozen=True)
class Deadline:
    """One date to keep: its kind, when, what it rests on, and whether the law behind it is uncertain."""

    kind: str
    due: dt.date
    basis: str  # a msgid of BASES
    number: int = 0  # the meeting, contract year or evaluation it is (1, 2 …); 0 for a one-off
    verify: bool = False
    repeat: int = 1  # a one-off moved by a tillägg: the second of its kind is 2

    @property
    def key(self) -> str:
        """A stable name within the agreement, for marking it done and for reminders."""
        if self.number:
            return f"{self.kind}:{self.number}"
        return f"{self.kind}:{self.repeat}" if self.repeat > 1 else self.kind


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the day `months` later (or earlier): the month's last day when it has no such day."""
    return day + relativedelta(months=months)


def quarter_end(day: dt.date) -> dt.date:
    """Return the last day of the calendar quarter `day` lies in."""
    first_of_next = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1) + relativedelta(months=3)
    return first_of_next - dt.timedelta(days=1)


def deadlines(answers: Answers, signed_on: dt.date, findings: frozenset[str] | set[str] = frozenset(),
              parameters: Mapping[str, Any] | None = None, today: dt.date | None = None) -> list[Deadline]:
    """Return the agreement's deadlines after signing, in date order (ties in the order of KINDS).

    `parameters` are the rules file's values on the signing day (the legal periods in days). An
    agreement without an end date gets its recurring deadlines until 36 months after `today` (or
    after its start, whichever is later), so they never run out while it lasts.
    """
    parameters = parameters or {}
    documentation_days = int(parameters.get("documentation_days", DOCUMENTATION_DAYS))
    notice_days = int(parameters.get("post_award_notice_days", NOTICE_DAYS))
    term = answers.term
    start = max(term.start_date, signed_on) if term.start_date else signed_on
    end = term.end_date
    horizon = end or add_months(max(start, today or start), OPEN_ENDED_HORIZON_MONTHS)
    found: list[Deadline] = []
    if "lou.direct-award-documentation" in findings:
        found.append(Deadline("documentation", signed_on + dt.timedelta(days=documentation_days), "documentation"))
    if "lou.post-award-notice" in findings:
        if answers.exchange.annex2_service == "yes":
            found.append(Deadline("post_award_notice", quarter_end(signed_on) + dt.timedelta(days=notice_days),
                                  "post_award_notice_annex2", verify=True))
        else:
            found.append(Deadline("post_award_notice", signed_on + dt.timedelta(days=notice_days),
                                  "post_award_notice", verify=True))
    step = MEETING_MONTHS.get(answers.follow_up.meeting_frequency, 3)
    number = 1
    while (meeting := add_months(term.start_date, step * number)) < horizon:
        if meeting >= signed_on:
            found.append(Deadline("meeting", meeting, "meeting", number))
        number += 1
    year = 1
    while add_months(term.start_date, 12 * (year - 1)) < horizon:
        # A contract year is twelve months from the start; the last one ends with the agreement.
        year_end = add_months(term.start_date, 12 * year) - dt.timedelta(days=1)
        if end is not None:
            year_end = min(year_end, end)
        found.append(Deadline("report", add_months(year_end, REPORT_MONTHS), "report", year))
        year += 1
    if end is None:
        number = 1
        while (evaluation := add_months(term.start_date, OPEN_ENDED_EVALUATION_MONTHS * number)) <= horizon:
            found.append(Deadline("evaluation", evaluation, "evaluation_open", number))
            number += 1
    else:
        last_notice = add_months(end, -term.notice_months)
        # The evaluation comes before the decisions it informs: a month before the last day to give notice.
        found.append(Deadline("evaluation", add_months(last_notice, -1), "evaluation"))
        found.append(Deadline("notice", last_notice, "notice"))
        if term.extension_months:
            found.append(Deadline("extension", last_notice, "extension"))
        found.append(Deadline("end", end, "end"))
    order = list(KINDS)
    return sorted((d for d in found if d.due >= signed_on or d.kind in ("documentation", "post_award_notice")),
                  key=lambda d: (d.due, order.index(d.kind), d.number))


#: Deadlines that follow from the signing itself, not from a version's terms.
SIGNING_KINDS = ("documentation", "post_award_notice")


def deadlines_in_force(versions: Sequence[tuple[dt.date, Answers]], signed_on: dt.date,
                       findings: frozenset[str] | set[str] = frozenset(), parameters: Mapping[str, Any] | None = None,
                       today: dt.date | None = None) -> list[Deadline]:
    """Return the deadlines of a signed agreement and its tillägg, in date order.

    `versions` are (effective day, answers): the signed agreement first, then each tillägg. A tillägg
    changes what comes from its effective day on, not what came before it: each version gives the
    deadlines due from its day until the next version's. The signing's own deadlines (the LOU
    record and notice) come from the signed version.

    Keys stay stable when a tillägg is recorded: meetings are numbered in date order across the
    versions, so those before the tillägg keep theirs, and a one-off that a tillägg moves (a new last
    day to give notice after an extension) gets its own key ("notice:2") beside the one that passed.
    """
    ordered = sorted(versions, key=lambda v: v[0])
    if not ordered:
        return []
    found: list[Deadline] = []
    for index, (effective_on, answers) in enumerate(ordered):
        until = ordered[index + 1][0] if index + 1 < len(ordered) else None
        for deadline in deadlines(answers, signed_on, findings if index == 0 else frozenset(), parameters, today):
            if deadline.kind in SIGNING_KINDS:
                found.append(deadline)
            elif (index == 0 or deadline.due >= effective_on) and (until is None or deadline.due < until):
                found.append(deadline)
    order = list(KINDS)
    found.sort(key=lambda d: (d.due, order.index(d.kind), d.number))
    seen: dict[str, int] = {}
    numbered = []
    for deadline in found:
        recurring = deadline.kind == "meeting" or deadline.basis == "evaluation_open"
        group = f"{deadline.kind}:recurring" if recurring else deadline.kind
        count = seen[group] = seen.get(group, 0) + 1
        if recurring:
            deadline = replace(deadline, number=count)
        elif deadline.kind != "report":  # a report keeps its contract year
            deadline = replace(deadline, repeat=count)
        numbered.append(deadline)
    return numbered
