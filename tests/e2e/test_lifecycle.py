"""After signing, in the browser: record the signing, mark a deadline done, enter an indicator value and see
the chart, get the calendar link, find the agreement in the portfolio (axe-checked, also on a phone)."""
from __future__ import annotations

import re
from pathlib import Path

from .journey import STAFF, Page, complete_wizard, expect, h1, log_in
from .test_wizard_depth import visit_with_axe


def test_a_signed_agreement_has_deadlines_follow_up_and_a_calendar(page: Page, screenshots: Path) -> None:
    visit, scan = visit_with_axe(screenshots, "lifecycle")
    log_in(page, visit, STAFF, "staff")
    review_url = complete_wizard(page, visit)
    # The term started this year, so there are periods to follow up already.
    page.goto(review_url.replace("/granska", "/steg/avtalstid"))
    page.get_by_label("Avtalet börjar gälla").fill("2026-01-01")
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.goto(review_url)
    signing = page.get_by_role("region", name="Underskrift")
    expect(signing).to_contain_text("Ladda ner en slutversion")
    page.get_by_role("radio", name="Slutversion").check()
    with page.expect_download():
        page.get_by_role("button", name="Ladda ner avtalet").click()
    page.goto(review_url)
    page.get_by_role("link", name="Registrera att avtalet är undertecknat").click()
    h1(page).to_have_text("Registrera att avtalet är undertecknat")
    visit(page, "sign")
    page.get_by_label("Undertecknat den").fill("2026-11-20")
    page.get_by_role("button", name="Registrera underskriften").click()
    h1(page).to_contain_text("Samverkan om läxhjälp")
    expect(page.locator(".status-active")).to_have_text("Aktivt")
    visit(page, "agreement")

    # The next meeting is marked done with a note.
    row = page.locator("tr", has=page.get_by_text("Samverkansmöte")).first
    row_selector = "tr#" + (row.get_attribute("id") or "").replace(":", "\\:")
    row.get_by_text("Markera som klar").click()
    row.get_by_label("Gjort den").fill("2026-11-25")
    row.get_by_label("Anteckning").fill("Protokoll i diariet")
    row.get_by_role("button", name="Spara").click()
    expect(page.locator(row_selector)).to_contain_text("Protokoll i diariet")

    # The wizard refuses changes: the answers are frozen.
    page.goto(review_url.replace("/granska", "/steg/avtalstid"))
    expect(page.locator(".notice").first).to_contain_text("svaren är låsta")

    page.go_back()
    page.get_by_role("link", name="Uppföljning och indikatorer").click()
    h1(page).to_contain_text("Uppföljning")
    follow_up_url = page.url
    section = page.locator("section.indicator").first
    section.locator("input[name=value]").fill("12,5")
    section.get_by_role("button", name="Spara värdet").click()
    expect(page.locator("section.indicator").first.locator("svg circle")).to_have_count(1)
    expect(page.locator("section.indicator").first.locator("table")).to_contain_text("12,5")
    visit(page, "follow-up")

    page.get_by_role("link", name="Frister", exact=True).click()
    h1(page).to_have_text("Avtalens frister")
    visit(page, "deadlines")
    page.get_by_role("link", name="Få fristerna i Outlook eller en annan kalender").click()
    page.get_by_role("button", name="Skapa en länk").click()
    link = page.get_by_label("Kalenderlänk").input_value()
    assert re.search(r"/avtal/kalender/[\w-]+\.ics$", link)
    visit(page, "calendar")
    feed = page.request.get(link)
    assert feed.ok and b"BEGIN:VCALENDAR" in feed.body() and "Samverkan om läxhjälp".encode() in feed.body()

    page.get_by_role("link", name="Avtal", exact=True).click()
    h1(page).to_have_text("Organisationens avtal")
    expect(page.locator("table.portfolio")).to_contain_text("Aktivt")
    visit(page, "portfolio")

    # On a phone the follow-up page reads in one column without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(follow_up_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width
    visit(page, "follow-up-phone")
    assert not scan.problems, "\n".join(scan.problems)
