"""The deadlines after signing: from the answers, the signing date and the law; month ends and leap years."""
from __future__ import annotations

import datetime as dt

from app.agreement.answers import validate
from app.agreement.deadlines import add_months, deadlines, quarter_end

D = dt.date


def agreement(answers_data, **term):
    answers_data["term"].update(term)
    return validate(answers_data)


def by_kind(found, kind):
    return [d for d in found if d.kind == kind]


def test_month_arithmetic_keeps_to_month_ends_and_leap_years():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)  # a leap year
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    assert add_months(D(2027, 3, 31), -1) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 3) == D(2027, 11, 30)
    assert quarter_end(D(2027, 2, 14)) == D(2027, 3, 31) and quarter_end(D(2027, 12, 1)) == D(2027, 12, 31)
    assert quarter_end(D(2028, 4, 1)) == D(2028, 6, 30)


def test_the_law_sets_30_days_after_signing_when_its_checkpoints_fired(answers_data):
    answers = agreement(answers_data, start_date=D(2027, 1, 1), end_date=D(2028, 12, 31))
    signed = D(2027, 1, 31)
    none = deadlines(answers, signed)
    assert not by_kind(none, "documentation") and not by_kind(none, "post_award_notice")
    found = deadlines(answers, signed, {"lou.direct-award-documentation", "lou.post-award-notice"})
    assert by_kind(found, "documentation")[0].due == D(2027, 3, 2)  # 30 days after 31 January
    notice = by_kind(found, "post_award_notice")[0]
    assert notice.due == D(2027, 3, 2) and notice.verify


def test_a_post_award_notice_for_an_annex2_service_counts_from_the_quarters_end(answers_data):
    answers_data["exchange"]["annex2_service"] = "yes"
    answers = agreement(answers_data, start_date=D(2027, 1, 1), end_date=D(2028, 12, 31))
    notice = by_kind(deadlines(answers, D(2027, 2, 10), {"lou.post-award-notice"}), "post_award_notice")[0]
    assert notice.due == D(2027, 4, 30) and notice.verify  # 31 March + 30 days


def test_meetings_reports_evaluation_notice_extension_and_end_of_a_fixed_term(answers_data):
    answers_data["follow_up"]["meeting_frequency"] = "quarterly"
    answers = agreement(answers_data, start_date=D(2027, 1, 31), end_date=D(2029, 1, 30), notice_months=3,
                        extension_months=12)
    found = deadlines(answers, D(2027, 1, 20))
    meetings = [d.due for d in by_kind(found, "meeting")]
    assert meetings[:4] == [D(2027, 4, 30), D(2027, 7, 31), D(2027, 10, 31), D(2028, 1, 31)]
    assert meetings[-1] < D(2029, 1, 30)
    reports = by_kind(found, "report")
    # contract years end 30 January 2028 and 30 January 2029; reports three months after each
    assert [(d.number, d.due) for d in reports] == [(1, D(2028, 4, 30)), (2, D(2029, 4, 30))]
    assert by_kind(found, "notice")[0].due == D(2028, 10, 30)
    assert by_kind(found, "extension")[0].due == D(2028, 10, 30)
    assert by_kind(found, "evaluation")[0].due == D(2028, 9, 30)
    assert by_kind(found, "end")[0].due == D(2029, 1, 30)
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert len({d.key for d in found}) == len(found)  # each can be marked done on its own


def test_a_short_last_contract_year_ends_with_the_agreement(answers_data):
    answers = agreement(answers_data, start_date=D(2027, 1, 1), end_date=D(2028, 6, 30))
    reports = by_kind(deadlines(answers, D(2027, 1, 1)), "report")
    assert [d.due for d in reports] == [D(2028, 3, 31), D(2028, 9, 30)]


def test_an_open_ended_agreement_gets_three_years_ahead_and_an_evaluation_every_third_year(answers_data):
    answers = agreement(answers_data, start_date=D(2028, 2, 29), end_date=None, open_ended=True)
    found = deadlines(answers, D(2028, 2, 1))
    assert not by_kind(found, "end") and not by_kind(found, "notice")
    assert [d.due for d in by_kind(found, "evaluation")] == [D(2031, 2, 28)]
    assert max(d.due for d in by_kind(found, "meeting")) < D(2031, 2, 28)


def test_the_legal_periods_come_from_the_dated_rules_parameters(answers_data) -> None:
    from conftest import RULE_PARAMETERS

    assert RULE_PARAMETERS["documentation_days"] == 30 and RULE_PARAMETERS["post_award_notice_days"] == 30
    answers = validate(answers_data)
    findings = {"lou.direct-award-documentation", "lou.post-award-notice"}
    changed = {**RULE_PARAMETERS, "documentation_days": 10, "post_award_notice_days": 20}
    due = {d.kind: d.due for d in deadlines(answers, dt.date(2027, 1, 31), findings, changed)}
    assert due["documentation"] == dt.date(2027, 2, 10) and due["post_award_notice"] == dt.date(2027, 2, 20)


def test_an_open_ended_agreement_gets_its_deadlines_three_years_ahead_of_today_however_old_it_is(answers_data):
    answers = agreement(answers_data, start_date=D(2027, 1, 1), end_date=None, open_ended=True)
    today = D(2035, 5, 20)
    found = deadlines(answers, D(2026, 12, 15), today=today)
    meetings = [d.due for d in by_kind(found, "meeting")]
    assert max(meetings) >= add_months(today, 33) and min(d for d in meetings if d > today) <= add_months(today, 3)
    reports = by_kind(found, "report")
    assert any(today <= d.due <= add_months(today, 12) for d in reports)
    assert any(d.due > today for d in by_kind(found, "evaluation"))


def copy_of(answers, **changes):
    data = answers.model_dump(mode="json")
    for path, value in changes.items():
        section, field = path.split("__")
        data[section][field] = value
    return validate(data)


def test_a_tillagg_changes_the_deadlines_from_its_day_and_keeps_the_earlier_ones_and_their_keys(answers_data):
    from app.agreement.deadlines import deadlines_in_force

    answers_data["follow_up"]["meeting_frequency"] = "quarterly"
    signed = agreement(answers_data, start_date=D(2027, 1, 1), end_date=D(2028, 12, 31), notice_months=3)
    before = deadlines_in_force([(D(2027, 1, 1), signed)], D(2026, 12, 15))
    assert [(d.key, d.due) for d in before] == [(d.key, d.due) for d in deadlines(signed, D(2026, 12, 15))]
    monthly = copy_of(signed, follow_up__meeting_frequency="monthly")
    found = deadlines_in_force([(D(2027, 1, 1), signed), (D(2027, 8, 15), monthly)], D(2026, 12, 15))
    meetings = [(d.key, d.due) for d in by_kind(found, "meeting")]
    # The two quarterly meetings before the tillägg keep their numbers; monthly ones follow.
    assert meetings[:4] == [("meeting:1", D(2027, 4, 1)), ("meeting:2", D(2027, 7, 1)), ("meeting:3", D(2027, 9, 1)),
                            ("meeting:4", D(2027, 10, 1))]
    assert len({key for key, _due in meetings}) == len(meetings)


def test_an_extension_by_tillagg_gives_a_new_last_day_to_give_notice_beside_the_one_that_passed(answers_data):
    from app.agreement.deadlines import deadlines_in_force

    signed = agreement(answers_data, start_date=D(2027, 1, 1), end_date=D(2028, 12, 31), notice_months=3)
    extended = copy_of(signed, term__end_date="2029-12-31")
    found = deadlines_in_force([(D(2027, 1, 1), signed), (D(2028, 10, 15), extended)], D(2026, 12, 15),
                               {"lou.direct-award-documentation"})
    assert [(d.key, d.due) for d in by_kind(found, "notice")] == [("notice", D(2028, 9, 30)), ("notice:2", D(2029, 9, 30))]
    assert [(d.key, d.due) for d in by_kind(found, "end")] == [("end", D(2029, 12, 31))]
    assert [d.due for d in by_kind(found, "documentation")] == [D(2027, 1, 14)]
    reports = by_kind(found, "report")
    assert [d.key for d in reports] == ["report:1", "report:2", "report:3"] and reports[-1].due == D(2030, 3, 31)
    assert len({d.key for d in found}) == len(found)
