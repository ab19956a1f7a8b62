"""The walk through the app that the browser tests share: what a staff user, two reviewers and an admin do.

Every page reached is handed to a `Visit` (screenshots; the accessibility test also scans it).
Only real form fields and buttons are used, found by their visible labels and names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import docx
import pytest

# Without playwright the test modules that import this one are skipped (the conftest explains why).
pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed (pip install -e '.[test]')")

from playwright.sync_api import Page, expect  # noqa: E402

from .accounts import ADMIN, PASSWORD, REVIEWER, REVIEWER2, STAFF  # noqa: E402

TITLE = "Samverkan om läxhjälp i Rannebergen"
PARTNER_1 = "Föreningen Mötesplats Öst"
PARTNER_2 = "Läxhjälpen i Väst"
NEW_SENTENCE = "Lokalen ska hållas tillgänglig för personer med funktionsnedsättning."
CLAUSE_KEY = "lokaler"


@dataclass
class Visit:
    """Called on every page the walk reaches: a full-page screenshot, then any extra checks."""

    folder: Path
    prefix: str
    checks: list[Callable[[Page, str], None]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def __call__(self, page: Page, name: str) -> None:
        page.wait_for_load_state("load")
        self.names.append(name)
        shot = self.folder / f"{self.prefix}-{len(self.names):02d}-{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        for check in self.checks:
            check(page, name)


def h1(page: Page) -> Any:
    return expect(page.get_by_role("heading", level=1))


def log_in(page: Page, visit: Visit, email: str, who: str) -> None:
    page.goto("/logga-in")
    h1(page).to_have_text("Logga in")
    visit(page, f"login-{who}")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def save_and_continue(page: Page, next_title: str) -> None:
    page.get_by_role("button", name="Spara och fortsätt").click()
    h1(page).to_contain_text(next_title)


def group(page: Page, legend: str, within: Any = None) -> Any:
    return (within or page).get_by_role("group", name=legend, exact=True)


def fill_partner(page: Page, number: int, name: str, org_number: str, org_form: str, signatory: str,
                 share: str = "") -> None:
    box = group(page, f"Partner {number}")
    box.get_by_label("Organisationens namn").fill(name)
    box.get_by_label("Organisationsnummer").fill(org_number)
    box.get_by_label("Organisationsform").select_option(label=org_form)
    group(page, "Kontaktperson", box).get_by_label("Namn").fill(signatory)
    signs = group(page, "Undertecknar för organisationen", box)
    signs.get_by_label("Namn").fill(signatory)
    signs.get_by_label("Titel").fill("Ordförande")
    if share:
        box.get_by_label("Andel av bolagets betalning (procent)").fill(share)


def complete_wizard(page: Page, visit: Visit) -> str:
    """Create a two-partner draft with reduced rent and a lump-sum grant; return the review page's URL."""
    page.goto("/utkast/")
    h1(page).to_have_text("Mina utkast")
    visit(page, "drafts")
    page.get_by_label("Rubrik för det nya utkastet").fill(TITLE)
    page.get_by_role("button", name="Nytt utkast").click()

    h1(page).to_contain_text("Avtalet")
    visit(page, "step-avtalet")
    page.get_by_label("Avtalets rubrik").fill(TITLE)
    page.get_by_role("radio", name="Partnerskap (samverkan mot gemensamma mål)").check()
    group(page, "Avtalets språk").get_by_role("radio", name="Svenska").check()
    save_and_continue(page, "Bostadsbolaget")

    # The company comes from the user's organisation; a wrong org.nr is refused and explained.
    expect(page.get_by_label("Bostadsbolagets namn")).to_have_value("Exempelbo AB")
    visit(page, "step-bostadsbolaget")
    org_number = page.get_by_label("Organisationsnummer")
    org_number.fill("556677-8890")
    page.get_by_role("button", name="Spara och fortsätt").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Något behöver rättas")
    expect(summary.get_by_role("link")).to_contain_text("Organisationsnummer")
    expect(org_number).to_have_attribute("aria-invalid", "true")
    visit(page, "step-bostadsbolaget-error")
    org_number.fill("556677-8899")
    page.get_by_label("Adress").fill("Storgatan 1, 123 45 Exempelstad")
    contact = group(page, "Kontaktperson hos bostadsbolaget")
    contact.get_by_label("Namn").fill("Karin Berg")
    contact.get_by_label("Roll").fill("Områdeschef")
    contact.get_by_label("E-post").fill("karin@exempelbo.se")
    contact.get_by_label("Telefon").fill("010-123 45 67")
    signatory = group(page, "Undertecknar för bostadsbolaget")
    signatory.get_by_label("Namn").fill("Lars Holm")
    signatory.get_by_label("Titel").fill("VD")
    group(page, "Ger ägardirektivet bolaget uppdrag att arbeta med social hållbarhet?").get_by_role(
        "radio", name="Ja").check()
    save_and_continue(page, "Parter")

    visit(page, "step-parter")
    fill_partner(page, 1, PARTNER_1, "802400-0005", "Ideell förening", "Amina Yusuf", share="60")
    page.get_by_role("button", name="Lägg till partner").click()
    expect(group(page, "Partner 2")).to_be_visible()
    expect(group(page, "Partner 1").get_by_label("Organisationens namn")).to_have_value(PARTNER_1)
    visit(page, "step-parter-two-partners")
    fill_partner(page, 2, PARTNER_2, "556000-0019", "Stiftelse", "Per Ek", share="40")
    save_and_continue(page, "Verksamheten")

    visit(page, "step-verksamheten")
    page.get_by_role("checkbox", name="Läxhjälp", exact=True).check()
    page.get_by_role("checkbox", name="Mötesplats", exact=True).check()
    page.get_by_label("Bostadsområde").fill("Rannebergen")
    page.get_by_label("Beskriv verksamheten").fill("Läxhjälp två kvällar i veckan i föreningens lokal.")
    page.get_by_role("checkbox", name="Skolresultat").check()
    page.get_by_label("Mål", exact=True).fill("Fler elever klarar skolan.")
    group(page, "Vem tog initiativet?").get_by_role("radio", name="Partnern").check()
    page.get_by_label("Verksamheten är partnerns egen").check()
    page.get_by_label("Boende är med och formar verksamheten").check()
    page.get_by_label("Barn eller unga under 18 år deltar").check()
    save_and_continue(page, "Ekonomi och utbyte")

    visit(page, "step-ekonomi")
    page.get_by_label("Bostadsbolaget betalar pengar till partnern").check()
    page.get_by_label("Belopp per år (kronor, utan moms)").fill("350000")
    page.get_by_role("radio", name="Bidrag med ett fast belopp").check()
    group(page, "Finns det en marknad för det partnern gör?").get_by_role("radio", name="Nej").check()
    page.get_by_label("Pengar som inte används ska betalas tillbaka").check()
    page.get_by_label("Partnern bidrar med en egeninsats").check()
    page.get_by_label("Beskriv partnerns egeninsats").fill("Ideella läxhjälpare, cirka 20 timmar i veckan.")
    group(page, "Är det en social tjänst eller annan särskild tjänst (bilaga 2 till LOU)?").get_by_role(
        "radio", name="Vet inte").check()
    page.get_by_label("Andra avtal om samma eller liknande tjänst de senaste 12 månaderna (kronor)").fill("0")
    page.get_by_label("Stöd av mindre betydelse som partnern fått de senaste tre åren (euro)").fill("0")
    save_and_continue(page, "Lokaler")

    visit(page, "step-lokaler")
    # The rent fields apply only when a premises is provided, and appear when it is ticked.
    expect(page.get_by_label("Lokalens adress")).to_be_hidden()
    page.get_by_label("Bostadsbolaget upplåter en lokal till verksamheten").check()
    page.get_by_label("Lokalens adress").fill("Rannebergsvägen 5")
    page.get_by_label("Yta (kvadratmeter)").fill("80")
    page.get_by_role("radio", name="Nedsatt hyra").check()
    page.get_by_label("Marknadshyra per år (kronor)").fill("120000")
    page.get_by_label("Hyra som partnern betalar per år (kronor)").fill("60000")
    page.get_by_label("Varför gynnar upplåtelsen bolaget affärsmässigt?").fill(
        "Lokalen stod tom och verksamheten ökar tryggheten i området.")
    save_and_continue(page, "Personuppgifter")

    # What the premises answers trigger is shown right after the step is saved.
    findings = page.get_by_role("region", name="Risker att känna till")
    expect(findings).to_contain_text("Från steget Lokaler")
    expect(findings).to_contain_text("Lokal under marknadshyra")
    visit(page, "step-personuppgifter")
    page.get_by_label("Bolaget och partnern bestämmer tillsammans över personuppgifterna").check()
    save_and_continue(page, "Avtalstid")

    visit(page, "step-avtalstid")
    page.get_by_label("Avtalet börjar gälla").fill("2027-01-01")
    page.get_by_label("Avtalet upphör").fill("2028-12-31")
    page.get_by_label("Möjlighet att förlänga (antal månader)").fill("0")
    page.get_by_label("Uppsägningstid (månader)").fill("3")
    save_and_continue(page, "Uppföljning")

    visit(page, "step-uppfoljning")
    page.get_by_role("radio", name="Varje kvartal").check()
    page.get_by_label("Vad ska ni mäta?").fill("Antal elever per vecka\nBetyg i svenska")
    leader = group(page, "Processledare 1")
    leader.get_by_label("Namn").fill("Karin Berg")
    leader.get_by_label("Organisation").fill("Exempelbo AB")
    leader.get_by_label("Roll").fill("Områdeschef")
    save_and_continue(page, "Styrning")

    visit(page, "step-styrning")
    page.get_by_label("Partnern ska ha en ansvarsförsäkring").check()
    page.get_by_role("radio", name="Medling först, därefter allmän domstol").check()
    page.get_by_role("button", name="Spara och granska").click()
    h1(page).to_contain_text("Granska")
    visit(page, "review")
    return page.url


@dataclass(frozen=True)
class Agreement:
    """What a reader of the downloaded Word document sees."""

    text: str
    numbered_headings: list[str]


def numbered(paragraph: object) -> bool:
    """Return True when Word numbers the paragraph, directly or through its style chain."""
    ppr = paragraph._p.pPr  # type: ignore[attr-defined]
    if ppr is not None and ppr.numPr is not None:
        return True
    style = paragraph.style  # type: ignore[attr-defined]
    while style is not None:
        if style.element.pPr is not None and style.element.pPr.numPr is not None:
            return True
        style = style.base_style
    return False


def download_docx(page: Page, folder: Path, name: str) -> Agreement:
    """Press the export button on the review page; return what the downloaded document says."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner avtalet").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    target = folder / name
    download.save_as(str(target))
    document = docx.Document(str(target))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    headings = [p.text for p in document.paragraphs if p.text and numbered(p)]
    return Agreement("\n".join(lines), headings)


def start_from_example(page: Page, visit: Visit) -> None:
    page.goto("/utkast/")
    page.get_by_role("link", name="Starta från ett exempel").click()
    h1(page).to_have_text("Starta från ett exempel")
    visit(page, "examples")
    first = page.locator(".example-list > li").first
    title = first.get_by_role("heading", level=2).inner_text()
    first.get_by_role("link", name=re.compile("^Se alla svar i exemplet")).click()
    h1(page).to_have_text(title)
    visit(page, "example")
    page.get_by_role("button", name=re.compile("^Använd exemplet")).click()
    h1(page).to_contain_text("Avtalet")
    expect(page.get_by_role("status")).to_contain_text("Utkastet bygger på exemplet")
    visit(page, "step-avtalet-from-example")
    page.get_by_role("link", name="Mina utkast").first.click()
    expect(page.get_by_role("table")).to_contain_text(title)


def edit_clause(page: Page, visit: Visit) -> None:
    """A reviewer changes the premises clause with a reason, compares it and sends it for review."""
    page.goto("/bibliotek/")
    h1(page).to_have_text("Klausulbiblioteket")
    visit(page, "library")
    page.get_by_role("link", name="Lokaler", exact=True).click()
    h1(page).to_contain_text("Lokaler")
    visit(page, "library-clause")
    page.get_by_role("link", name="Redigera").click()
    h1(page).to_contain_text("Redigera Lokaler")
    visit(page, "library-editor")
    # The text is edited in the highlighting editor; the form sends the text area behind it. A long
    # text is changed through that text area (its "change" updates the editor), as a paste would.
    text = page.locator('textarea[name="text_sv"]')
    original = text.input_value()
    anchor = "Lokalen får användas endast för verksamheten enligt Avtalet"
    assert anchor in original
    text.evaluate("(area, value) => { area.value = value; area.dispatchEvent(new Event('change')); }",
                  original.replace(anchor, NEW_SENTENCE + " " + anchor, 1))
    expect(page.get_by_role("textbox", name="Text (svenska)")).to_contain_text(NEW_SENTENCE)
    page.get_by_label("Skäl till ändringen").fill("Krav på tillgänglighet i alla lokaler.")
    page.get_by_role("button", name="Spara som utkast").click()
    expect(page.get_by_role("status")).to_contain_text("sparades som utkast")
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.get_by_role("status")).to_contain_text("skickad för granskning")
    visit(page, "library-clause-in-review")
    page.get_by_role("link", name="Jämför med den godkända versionen").click()
    expect(page.locator("ins").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("tillgänglig för personer med funktionsnedsättning")
    visit(page, "library-compare")


def approve_clause(page: Page, visit: Visit) -> None:
    page.goto(f"/bibliotek/{CLAUSE_KEY}")
    expect(page.locator("main")).to_contain_text("Krav på tillgänglighet i alla lokaler.")
    visit(page, "library-clause-to-approve")
    page.get_by_label("Kommentar").fill("Godkänd.")
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_role("status")).to_contain_text("är godkänd och används nu i nya avtal")
    visit(page, "library-clause-approved")


def update_pinned_clause(page: Page, visit: Visit, review_url: str) -> None:
    """The staff user sees the newer approved version on the earlier draft and takes it."""
    page.goto(review_url)
    notice = page.locator("section.clause-versions")
    expect(notice).to_contain_text("Klausulen ”Lokaler” har en nyare godkänd version")
    visit(page, "review-newer-version")
    notice.get_by_role("link", name=re.compile("^Se vad som har ändrats")).click()
    h1(page).to_contain_text("nyare godkänd version")
    expect(page.locator("ins").first).to_contain_text("funktionsnedsättning")
    visit(page, "clause-update")
    page.get_by_role("button", name="Uppdatera till den nya versionen").click()
    h1(page).to_contain_text("Granska")
    expect(page.get_by_role("status")).to_contain_text("Nästa export använder den nya versionen")
    expect(page.locator("section.clause-versions")).to_have_count(0)
    visit(page, "review-updated")


__all__ = [
    "ADMIN", "NEW_SENTENCE", "PARTNER_1", "PARTNER_2", "PASSWORD", "REVIEWER", "REVIEWER2", "STAFF", "Agreement",
    "Page", "Visit", "approve_clause", "complete_wizard", "download_docx", "edit_clause", "expect", "h1", "log_in",
    "start_from_example", "update_pinned_clause",
]
