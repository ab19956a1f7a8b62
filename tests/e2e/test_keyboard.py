"""The whole wizard with the keyboard alone, focus visible at every stop, and errors announced and linked."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .journey import PASSWORD, STAFF, Page, expect

FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') || '', type: e.type || '',
          value: e.value === undefined ? '' : String(e.value), checked: !!e.checked,
          text: (e.innerText || '').trim(), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0};
}"""


DATE_PART_NAMES = {"year": ("year", "år"), "month": ("month", "månad"), "day": ("day", "dag")}


class Keys:
    """Drive the page with page.keyboard only; check that every element reached shows where focus is."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.keyboard = page.keyboard
        self.stops = 0

    def focused(self) -> dict[str, Any]:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict[str, Any]:
        self.keyboard.press(key)
        now = self.focused()
        if now["tag"] not in ("body", "main"):
            self.stops += 1
            assert now["outline"] != "none" and now["width"] >= 2, f"focus is not visible on {now}"
        return now

    def tab_to(self, backwards: bool = False, limit: int = 120, **want: str) -> dict[str, Any]:
        """Press Tab (or Shift+Tab) until the focused element has these attributes (text: its start)."""
        for _ in range(limit):
            now = self.press("Shift+Tab" if backwards else "Tab")
            if all(now[k].startswith(v) if k == "text" else now[k] == v for k, v in want.items()):
                return now
        raise AssertionError(f"Tab never reached {want}")

    def type_into(self, name: str, text: str) -> None:
        self.tab_to(name=name)
        self.keyboard.press("Control+A")
        self.keyboard.type(text)

    def date_parts(self) -> list[str]:
        """Return the order of the date field's parts as the browser announces them (its own locale)."""
        session = self.page.context.new_cdp_session(self.page)
        try:
            nodes = session.send("Accessibility.getFullAXTree")["nodes"]
        finally:
            session.detach()
        spins = [str(n.get("name", {}).get("value", "")).lower() for n in nodes
                 if n.get("role", {}).get("value") == "spinbutton"]
        # The number fields are spin buttons too; a date part is named by its part alone ("Month Month").
        words = {word: part for part, names in DATE_PART_NAMES.items() for word in names}
        parts = [words[spin.split()[0]] for spin in spins if spin and set(spin.split()) <= set(words)][:3]
        assert sorted(parts) == ["day", "month", "year"], spins
        return parts

    def type_date(self, name: str, iso: str) -> None:
        """Type a date part by part, in the order the date field shows them."""
        self.tab_to(name=name)
        year, month, day = iso.split("-")
        parts = self.date_parts()
        for i, part in enumerate(parts):
            self.keyboard.type({"year": year, "month": month, "day": day}[part])
            if part == "year" and i < 2:  # day and month move on by themselves when complete; a year may not
                self.press("Tab")
        value = self.page.locator(f"[name='{name}']").input_value()
        assert value == iso, (name, value, parts)

    def tick(self, name: str, value: str | None = None) -> None:
        now = self.tab_to(name=name, **({"value": value} if value else {}))
        if not now["checked"]:
            self.keyboard.press("Space")
        assert self.focused()["checked"], f"{name} is not ticked"

    def choose(self, name: str, value: str) -> None:
        """Reach a radio group with Tab and move to the choice with the arrow keys."""
        now = self.tab_to(name=name)
        for _ in range(12):
            if now["value"] == value:
                if not now["checked"]:  # Tab lands on the first choice of a group with none chosen
                    self.keyboard.press("Space")
                    now = self.focused()
                break
            now = self.press("ArrowDown")
        assert now["value"] == value and now["checked"], f"could not choose {value} in {name}"

    def select(self, name: str, value: str, label: str) -> None:
        self.tab_to(name=name)
        self.keyboard.type(label)
        assert self.focused()["value"] == value, f"{name} is not {value}"

    def press_button(self, text: str) -> None:
        self.tab_to(tag="button", text=text)
        self.keyboard.press("Enter")


def arrive(page: Page, title: str) -> None:
    """Wait for the page with this heading, and for its stylesheet: focus styles are checked on the next Tab."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.wait_for_load_state("load")


def test_the_wizard_can_be_completed_with_the_keyboard_alone(page: Page, screenshots: Path) -> None:
    keys = Keys(page)
    page.goto("/logga-in")
    keys.type_into("email", STAFF)
    keys.type_into("password", PASSWORD)
    keys.keyboard.press("Enter")
    arrive(page, "Mina utkast")
    keys.type_into("title", "Språkcafé")
    keys.press_button("Nytt utkast")

    arrive(page, "Avtalet")
    keys.type_into("title", "Språkcafé i Rannebergen")
    keys.choose("intended_form", "partnership")
    keys.choose("language", "sv")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Bostadsbolaget")
    keys.type_into("org_number", "12345")
    keys.press_button("Spara och fortsätt")
    # The error is announced, linked to the field, and the link moves focus there.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Organisationsnummer")
    field = page.locator("#org_number")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = (field.get_attribute("aria-describedby") or "").split()
    messages = [page.locator(f"#{ref}").inner_text() for ref in described]
    assert any("organisationsnummer" in m.lower() for m in messages), messages
    keys.tab_to(tag="a", text="Organisationsnummer")
    keys.keyboard.press("Enter")
    assert keys.focused()["id"] == "org_number", keys.focused()
    expect(page.locator("label[for='org_number']")).to_be_in_viewport()  # the jump keeps the label in view
    page.screenshot(path=str(screenshots / "keyboard-01-error-link-focuses-field.png"))
    # Back one field: the prefilled company name comes before the number.
    assert keys.tab_to(backwards=True, name="name")["value"] == "Exempelbo AB"
    keys.type_into("org_number", "556677-8899")
    keys.type_into("address", "Storgatan 1")
    keys.type_into("contact-name", "Karin Berg")
    keys.type_into("contact-email", "karin@exempelbo.se")
    keys.type_into("signatory-name", "Lars Holm")
    keys.type_into("signatory-title", "VD")
    keys.choose("mandate_in_owner_directive", "yes")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Parter")
    keys.type_into("partners-0-name", "Språkvänner Öst")
    keys.type_into("partners-0-org_number", "802400-0005")
    keys.select("partners-0-org_form", "ideell_forening", "Ideell")
    keys.type_into("partners-0-signatory-name", "Amina Yusuf")
    keys.type_into("partners-0-signatory-title", "Ordförande")
    keys.type_into("partners-0-payment_share_percent", "50")
    keys.press_button("Lägg till partner")
    expect(page.locator("[name='partners-1-name']")).to_be_visible()
    page.wait_for_load_state("load")
    keys.type_into("partners-1-name", "Studiecirkeln Väst")
    keys.type_into("partners-1-org_number", "556000-0019")
    keys.select("partners-1-org_form", "stiftelse", "Stift")
    keys.type_into("partners-1-signatory-name", "Per Ek")
    keys.type_into("partners-1-signatory-title", "Ordförande")
    keys.type_into("partners-1-payment_share_percent", "50")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Verksamheten")
    keys.tick("kinds", "sprakcafe")
    keys.type_into("area", "Rannebergen")
    keys.type_into("description", "Språkcafé varje torsdag.")
    keys.tick("goal_areas", "samhallsservice")
    keys.type_into("goals", "Fler boende talar svenska.")
    keys.choose("initiative", "partner")
    keys.tick("partner_runs_own_activity")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Ekonomi")
    keys.tick("company_pays")  # shows the amount and the payment model
    keys.type_into("amount_per_year_sek", "50000")
    keys.choose("payment_model", "lump_sum_grant")
    keys.choose("market_exists", "no")
    keys.tick("partner_own_contribution")
    keys.type_into("own_contribution_description", "Ideella samtalsledare.")
    keys.choose("annex2_service", "unknown")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Lokaler")
    keys.tick("provided")
    keys.type_into("address", "Rannebergsvägen 5")
    keys.choose("rent", "reduced")
    keys.type_into("market_rent_sek_per_year", "60000")
    keys.type_into("rent_sek_per_year", "30000")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Personuppgifter")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Avtalstid")
    keys.type_date("start_date", "2027-01-01")
    keys.type_date("end_date", "2028-12-31")
    keys.type_into("notice_months", "3")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Uppföljning")
    keys.choose("meeting_frequency", "quarterly")
    keys.type_into("indicators", "Antal besökare per vecka")
    keys.type_into("process_leaders-0-name", "Karin Berg")
    keys.press_button("Spara och fortsätt")

    arrive(page, "Styrning")
    keys.tick("insurance_required")
    keys.choose("dispute_resolution", "mediation_then_court")
    keys.press_button("Spara och granska")

    arrive(page, "Granska")
    page.screenshot(path=str(screenshots / "keyboard-02-review.png"), full_page=True)
    expect(page.locator(".verdict")).to_be_visible()
    expect(page.get_by_role("button", name="Ladda ner avtalet")).to_be_visible()
    assert keys.stops > 100
