"""The deadlines of an organisation's agreements as an iCalendar feed (RFC 5545), made with `icalendar`.

Each deadline is an all-day event with a stable UID, so a calendar that reads the feed again
updates the event instead of adding a copy; a deadline marked done is left out. Pure: the
caller passes the items, the feed's name and the time it is made.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event

PRODUCT_ID = "-//Samverkansguiden//Avtalens datum//SV"


@dataclass(frozen=True)
class CalendarItem:
    """One deadline of one agreement, as the feed shows it."""

    uid: str  # stable: agreement id and deadline key
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""


def feed(items: list[CalendarItem], name: str, made_at: dt.datetime) -> bytes:
    """Return the feed as bytes (text/calendar; charset=utf-8)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", made_at)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))  # an all-day event ends the next day
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")  # a deadline does not make the day busy
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()
