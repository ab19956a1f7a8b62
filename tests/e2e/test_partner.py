"""The partner's own part in the browser: the handläggare invites, the association's chair fills in its part on a
phone, the handläggare accepts part and rejects part, the chair confirms the final draft (axe-checked)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .journey import PARTNER_1, STAFF, Page, complete_wizard, expect, h1, log_in
from .test_wizard_depth import visit_with_axe

PHONE = {"width": 390, "height": 844}


def fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 10, f"{page.url} scrolls sideways on a phone: {width}px"


def proposal(page: Page, label: str) -> Any:
    return page.locator("div.proposal", has=page.get_by_role("heading", name=label))


def test_a_partner_fills_in_its_part_on_a_phone_and_confirms(page: Page, new_page: Callable[[], Page],
                                                             screenshots: Path) -> None:
    visit, scan = visit_with_axe(screenshots, "partner")
    log_in(page, visit, STAFF, "staff")
    review_url = complete_wizard(page, visit)
    page.get_by_role("link", name="Bjud in partnern och se förslag och bekräftelser").click()
    h1(page).to_contain_text("Partnernas del")
    page.get_by_label("Partner", exact=True).select_option(label=PARTNER_1)
    page.get_by_label("Kontaktpersonens namn").fill("Amina Yusuf")
    page.get_by_label("Kontaktpersonens e-post").fill("amina@motesplats.se")
    page.get_by_label("Meddelande till partnern").fill("Fyll gärna i före fredag.")
    page.get_by_role("button", name="Skapa länken").click()
    link = page.get_by_label("Länk att kopiera").input_value()
    assert "/partner/" in link
    visit(page, "staff-invited")

    # The chair opens the link on a phone, with no account.
    chair = new_page()
    chair.set_viewport_size(PHONE)
    chair.goto(link)
    h1(chair).to_contain_text("Samverkan om läxhjälp")
    expect(chair.get_by_role("region", name="Inbjudan från Exempelbo AB")).to_contain_text("Fyll gärna i före fredag.")
    expect(chair.get_by_role("button", name="Logga ut")).to_have_count(0)
    visit(chair, "partner-opened")
    fits_the_phone(chair)
    chair.get_by_label("Adress").fill("Rannebergsvägen 3, 424 36 Angered")
    signatory = chair.get_by_role("group", name="Den som skriver under för er")
    signatory.get_by_label("Namn").fill("Leyla Ahmadi")
    chair.get_by_label("Er egen insats").fill("Tio ideella läxhjälpare två kvällar i veckan.")
    chair.get_by_role("button", name="Skicka förslagen till bostadsbolaget").click()
    expect(chair.locator(".flash-success")).to_contain_text("Era förslag är skickade")
    expect(chair.get_by_role("region", name="Era förslag")).to_contain_text("Leyla Ahmadi")
    visit(chair, "partner-proposed")
    fits_the_phone(chair)

    # The handläggare accepts the signatory and the contribution, rejects the address with a reason.
    page.reload()
    expect(proposal(page, "Firmatecknare")).to_contain_text("Leyla Ahmadi")
    visit(page, "staff-proposals")
    proposal(page, "Firmatecknare").get_by_role("button", name="Godkänn och för in").click()
    expect(page.locator(".flash-success")).to_contain_text("Förslaget är infört i utkastet")
    proposal(page, "Organisationens egen insats").get_by_role("button", name="Godkänn och för in").click()
    address = proposal(page, "Adress")
    address.get_by_label("Kommentar till partnern (frivillig)").fill("Vi använder adressen i föreningsregistret.")
    address.get_by_role("button", name="Avböj").click()
    expect(page.locator(".flash-success")).to_contain_text("Förslaget är avböjt")
    expect(page.locator("div.proposal")).to_have_count(0)
    page.goto(review_url.replace("/granska", "/steg/parter"))
    expect(page.locator("input[value='Leyla Ahmadi']")).to_have_count(1)

    # The handläggare makes the final version; the chair reads why the address was declined and confirms.
    page.goto(review_url)
    page.get_by_role("radio", name="Slutversion").check()
    with page.expect_download():
        page.get_by_role("button", name="Ladda ner avtalet").click()
    chair.reload()
    expect(chair.get_by_role("region", name="Era förslag")).to_contain_text("Vi använder adressen i föreningsregistret.")
    chair.get_by_role("region", name="Bekräfta utkastet").get_by_label("Ert namn").fill("Leyla Ahmadi")
    chair.get_by_label("Vi har läst och godkänner utkastet").check()
    chair.get_by_role("button", name="Bekräfta", exact=True).click()
    expect(chair.locator(".flash-success")).to_contain_text("ni har läst och godkänner utkastet")
    visit(chair, "partner-confirmed")
    fits_the_phone(chair)
    with chair.expect_download() as download:
        chair.get_by_role("button", name="Ladda ner som Word").click()
    assert download.value.suggested_filename.endswith(".docx")

    page.goto(review_url.replace("/granska", "/partner"))
    confirmations = page.get_by_role("region", name="Bekräftelser")
    expect(confirmations).to_contain_text("Leyla Ahmadi")
    expect(confirmations).to_contain_text("Ja")
    expect(page.get_by_role("region", name="Händelser")).to_contain_text("Partnern bekräftade")
    visit(page, "staff-confirmed")

    # A revoked link opens nothing.
    page.get_by_role("button", name="Stäng länken").click()
    chair.reload()
    h1(chair).to_have_text("Länken gäller inte längre")
    expect(chair.locator("main")).not_to_contain_text("läxhjälp")
    visit(chair, "partner-revoked")
    assert not scan.problems, "\n".join(scan.problems)
