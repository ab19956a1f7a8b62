"""The deadlines as an iCalendar feed: parsed back with icalendar, one all-day event per deadline."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from app.agreement.answers import validate
from app.agreement.calendar import CalendarItem, feed
from app.agreement.deadlines import KINDS, deadlines


def test_the_feed_parses_back_with_one_all_day_event_per_deadline(answers_data):
    answers = validate(answers_data)
    due = deadlines(answers, dt.date(2027, 1, 1), {"lou.direct-award-documentation"})
    items = [CalendarItem(f"a1-{d.key}@samverkansguiden", d.due, f"{KINDS[d.kind]}: {answers.title}",
                          "Läxhjälp och mötesplats – kontrollera", "https://example.invalid/avtal/a1") for d in due]
    made = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.timezone.utc)
    data = feed(items, "Exempelbo AB – avtalens datum", made)
    parsed = Calendar.from_ical(data)
    assert str(parsed["x-wr-calname"]) == "Exempelbo AB – avtalens datum"
    events = parsed.walk("VEVENT")
    assert len(events) == len(items) and len({str(e["uid"]) for e in events}) == len(items)
    first = events[0]
    assert first.decoded("dtstart") == items[0].day and first.decoded("dtend") == items[0].day + dt.timedelta(days=1)
    assert str(first["summary"]).startswith("Dokumentationen av direktupphandlingen ska vara klar")
    assert "–" in str(first["description"])  # non-ASCII text survives
    assert str(first["url"]) == "https://example.invalid/avtal/a1"
    # the same input gives the same feed: a calendar that reads it again finds the same events
    assert feed(items, "Exempelbo AB – avtalens datum", made) == data
