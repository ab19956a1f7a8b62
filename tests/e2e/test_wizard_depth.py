"""The wizard as a non-lawyer meets it: findings on revisit and after a language switch, two tabs,
an oversized paste, and the clause editor's facts panel, condition builder and preview (axe-checked)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .journey import (REVIEWER, STAFF, Page, Visit, complete_wizard, expect, group, h1, log_in, save_and_continue)
from .test_accessibility import AxeScan


def visit_with_axe(screenshots: Path, prefix: str) -> tuple[Visit, AxeScan]:
    scan = AxeScan()
    return Visit(screenshots, prefix, [scan]), scan


def test_findings_stay_on_their_step_speak_english_after_a_switch_and_two_tabs_merge(
        page: Page, screenshots: Path) -> None:
    visit, scan = visit_with_axe(screenshots, "depth")
    log_in(page, visit, STAFF, "staff")
    review_url = complete_wizard(page, visit)
    economy_url = review_url.replace("/granska", "/steg/ekonomi")

    # A logo for the company makes it look like a purchase: "why" names the logo first, linked to it.
    page.goto(economy_url)
    page.get_by_label("Partnern visar bolagets logotyp eller marknadsför bolaget").check()
    save_and_continue(page, "Lokaler")
    page.goto(review_url.replace("/granska", "/steg/avtalet"))
    page.goto(economy_url)  # opened again later: the step still shows what its answers trigger
    card = page.locator("#finding-lou\\.contract-likely")
    expect(card).to_contain_text("Avtalet liknar ett köp enligt LOU")
    why = card.locator(".finding-why a").first
    expect(why).to_have_text("Logotyp eller marknadsföring för bolaget: ja")
    expect(card).not_to_contain_text("lou.contract-likely")
    visit(page, "economy-revisited")
    why.click()
    expect(page).to_have_url(economy_url + "#logo_or_marketing_for_company")

    page.get_by_role("button", name="English").click()
    findings = page.get_by_role("region", name="Risks to be aware of")
    expect(findings).to_contain_text("From the step Money and exchange")
    expect(findings).to_contain_text("The agreement looks like a purchase under LOU")
    visit(page, "economy-english")
    page.get_by_role("button", name="Svenska").click()

    # Two tabs on the same step: what each changed in different fields is kept; the same field conflicts.
    activity_url = review_url.replace("/granska", "/steg/verksamheten")
    first, second = page, page.context.new_page()
    first.goto(activity_url)
    second.goto(activity_url)
    first.get_by_label("Mål", exact=True).fill("Fler elever klarar skolan, och fler vuxna deltar.")
    save_and_continue(first, "Ekonomi och utbyte")
    second.get_by_label("Bostadsområde").fill("Hjällbo")
    save_and_continue(second, "Ekonomi och utbyte")
    second.goto(activity_url)
    expect(second.get_by_label("Bostadsområde")).to_have_value("Hjällbo")
    expect(second.get_by_label("Mål", exact=True)).to_have_value("Fler elever klarar skolan, och fler vuxna deltar.")
    first.goto(activity_url)
    first.get_by_label("Bostadsområde").fill("Angered")
    save_and_continue(first, "Ekonomi och utbyte")
    second.get_by_label("Bostadsområde").fill("Lövgärdet")
    second.get_by_role("button", name="Spara och fortsätt").click()
    conflict = second.get_by_role("alert").filter(has_text="Utkastet har ändrats i en annan flik")
    expect(conflict).to_contain_text("Fält som båda har ändrat")
    expect(conflict.get_by_role("link", name="Bostadsområde")).to_be_visible()
    expect(second.get_by_label("Bostadsområde")).to_have_value("Lövgärdet")
    visit(second, "two-tabs-conflict")

    # A paste far beyond the limit is refused in the page; the counter shows the limit before that.
    description = second.get_by_label("Beskriv verksamheten")
    before = description.input_value()
    second.evaluate("""() => {
        const field = document.querySelector('[name="description"]');
        field.focus();
        const data = new DataTransfer();
        data.setData('text/plain', 'x'.repeat(6000));
        field.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""")
    expect(second.locator("#description-counter + .paste-refused")).to_contain_text("klistrades inte in")
    expect(description).to_have_value(before)
    expect(second.locator("#description-counter")).to_contain_text("av högst 5")
    visit(second, "paste-refused")
    second.close()
    assert not scan.problems, "\n".join(scan.problems)


def test_a_lawyer_writes_a_conditional_clause_with_a_placeholder_without_typing_syntax(
        page: Page, screenshots: Path) -> None:
    visit, scan = visit_with_axe(screenshots, "editor")
    log_in(page, visit, REVIEWER, "reviewer")
    page.goto("/bibliotek/lokaler/redigera")
    h1(page).to_contain_text("Redigera")
    visit(page, "editor")
    # The text is a highlighting code editor; the form still sends the text area behind it.
    editor = page.get_by_role("textbox", name="Text (svenska)")
    sent = page.locator('textarea[name="text_sv"]')
    editor.fill("Verksamheten bedrivs i  och är öppen för alla.")
    editor.press("Control+Home")
    for _step in range(len("Verksamheten bedrivs i ")):
        editor.press("ArrowRight")
    page.locator(".facts-panel summary", has_text="Verksamheten").click()
    page.get_by_role("button", name="Bostadsområde", exact=True).click()
    expect(sent).to_have_value("Verksamheten bedrivs i {{ activity.area }} och är öppen för alla.")
    expect(editor.locator(".tok-var")).to_have_text("{{ activity.area }}")  # template code highlighted

    page.get_by_label("Fråga", exact=True).select_option(label="Bostadsbolaget betalar pengar till partnern")
    page.get_by_role("button", name="Lägg till villkoret").click()
    # the clause's own condition (a premises is provided) and the new one, both required
    expect(page.locator('textarea[name="include_when"]')).to_have_value(
        "all:\n- fact: premises.provided\n  is: true\n- fact: exchange.company_pays\n  is: true")
    words = page.locator(".condition-words")
    expect(words).to_contain_text("Alla dessa gäller:")
    expect(words).to_contain_text("Bolaget upplåter en lokal: ja")
    expect(words).to_contain_text("Bolaget betalar: ja")
    expect(sent).to_have_value("Verksamheten bedrivs i {{ activity.area }} och är öppen för alla.")
    visit(page, "editor-condition")

    page.get_by_role("button", name="Förhandsgranska").click()
    preview = page.locator("#clause-preview")
    expect(preview.get_by_role("heading", name="En partner")).to_be_visible()
    expect(preview.get_by_role("heading", name="Flera partner")).to_be_visible()
    expect(preview).not_to_contain_text("{{")
    visit(page, "editor-preview")
    assert not scan.problems, "\n".join(scan.problems)


def test_a_template_error_marks_its_line_in_the_editor(page: Page, screenshots: Path) -> None:
    visit, scan = visit_with_axe(screenshots, "editor-error")
    log_in(page, visit, REVIEWER, "reviewer2")
    page.goto("/bibliotek/lokaler/redigera")
    editor = page.get_by_role("textbox", name="Text (svenska)")
    editor.fill("Första raden.")
    editor.press("End")
    editor.press("Enter")
    editor.press_sequentially("Andra raden med {{ activity.nmae }}.")
    page.get_by_label("Skäl till ändringen").fill("Prövar ett fel")
    page.get_by_role("button", name="Spara som utkast").click()
    expect(page.get_by_role("alert")).to_contain_text("Rad 2:")
    marked = page.get_by_role("textbox", name="Text (svenska)").locator(".error-line")
    expect(marked).to_have_text("Andra raden med {{ activity.nmae }}.")
    visit(page, "editor-error-line")
    assert not scan.problems, "\n".join(scan.problems)
