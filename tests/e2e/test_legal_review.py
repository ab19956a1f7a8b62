"""In the browser: a draft with a stop finding goes to the company's lawyer and comes back signable.

The staff user sends it, the lawyer comments on the stop and accepts it with a reason, the staff
user answers, the lawyer approves, and the staff user downloads the final. axe-core checks every
page on the way, the new reviewer pages included; the lawyer judges and approves with the keyboard.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from .accounts import LAWYER, STAFF
from .journey import TITLE, Page, Visit, complete_wizard, download_docx, expect, h1, log_in, save_and_continue
from .test_accessibility import AxeScan
from .test_keyboard import Keys

STOP = "Värdet når direktupphandlingsgränsen"
REASON = "Timarvodet är ett bidrag till verksamheten: ingen motprestation åt bolaget."


def test_a_stop_is_carried_from_the_draft_to_a_signed_off_final(
        page: Page, new_page: Callable[[], Page], screenshots: Path, tmp_path: Path) -> None:
    scan = AxeScan()
    visit = Visit(screenshots, "legal", checks=[scan])
    log_in(page, visit, STAFF, "staff")
    review_url = complete_wizard(page, visit)

    # The company pays per hour with penalties, over the limit: the assessment stops the final.
    page.goto(review_url.replace("/granska", "/steg/ekonomi"))
    page.get_by_label("Belopp per år (kronor, utan moms)").fill("900000")
    page.get_by_role("radio", name="Betalning per timme, deltagare eller annan enhet").check()
    page.get_by_label("Avtalet har sanktioner om partnern inte levererar").check()
    save_and_continue(page, "Lokaler")
    page.goto(review_url)
    page.get_by_label("Meddelande till juristen").fill("Kan timarvodet godtas?")
    page.get_by_role("button", name="Skicka till jurist").click()
    expect(page.get_by_role("status")).to_contain_text("Utkastet är skickat till juridisk granskning.")
    expect(page.locator("#review-status")).to_contain_text("Hos jurist")
    visit(page, "review-sent")

    lawyer = new_page()
    log_in(lawyer, visit, LAWYER, "lawyer")
    h1(lawyer).to_contain_text("Utkast att granska")
    visit(lawyer, "queue")
    lawyer.get_by_role("link", name=TITLE).first.click()
    h1(lawyer).to_contain_text("Juridisk granskning")
    expect(lawyer.locator(".agreement-clause").first).to_contain_text("Parter")
    visit(lawyer, "reading")
    stop = lawyer.locator("article.finding.stop", has_text=STOP)
    stop.get_by_label(re.compile("^Kommentera")).fill("Vad betalar bolaget för, per timme?")
    stop.get_by_role("button", name="Skicka kommentaren").click()
    expect(lawyer.get_by_role("status")).to_contain_text("Kommentaren är sparad.")
    # The judgment with the keyboard alone, focus visible at every stop on the way.
    finding = lawyer.locator("article.finding.stop", has_text=STOP).get_attribute("id").removeprefix("finding-")
    keys = Keys(lawyer)
    keys.tab_to(limit=300, id=f"verdict-{finding}-accepted")
    keys.keyboard.press("Space")
    assert keys.focused()["checked"]
    keys.tab_to(id=f"reason-{finding}")
    keys.keyboard.type(REASON)
    keys.press_button("Spara bedömningen")
    expect(lawyer.get_by_role("status")).to_contain_text("Bedömningen är sparad.")
    visit(lawyer, "reading-judged")

    # The staff user finds the comment on the step it concerns and answers it there.
    page.goto(review_url.replace("/granska", "/steg/ekonomi"))
    threads = page.locator(".step-threads")
    expect(threads).to_contain_text("Vad betalar bolaget för, per timme?")
    visit(page, "step-with-comment")
    threads.get_by_label(re.compile("^Svara")).first.fill("Läxhjälparnas timmar; beloppet är ett tak.")
    threads.get_by_role("button", name="Skicka kommentaren").first.click()
    expect(page.get_by_role("status")).to_contain_text("Kommentaren är sparad.")

    lawyer.reload()
    expect(lawyer.locator("main")).to_contain_text("Läxhjälparnas timmar; beloppet är ett tak.")
    Keys(lawyer).tab_to(limit=400, tag="button", text="Godkänn för underskrift")
    lawyer.keyboard.press("Enter")
    expect(lawyer.get_by_role("status")).to_contain_text("Utkastet är godkänt för underskrift.")
    visit(lawyer, "approved")

    page.goto(review_url)
    expect(page.locator("#review-status")).to_contain_text("Godkänt för underskrift")
    page.get_by_role("radio", name="Slutversion").check()
    final = download_docx(page, tmp_path, "final.docx")
    assert "Riskbedömning" not in final.text and REASON not in final.text
    assert final.numbered_headings[0] == "Parter"
    visit(page, "review-approved")

    assert len(scan.pages) >= 9, scan.pages
    assert not scan.problems, "axe found serious or critical violations:\n" + "\n".join(scan.problems)
