"""A changed step is not left silently: leaving it by a step tab or the language switch asks first."""
from __future__ import annotations

from typing import Any

from .journey import STAFF, expect, h1


def log_in_plain(page: Any) -> None:
    from .journey import PASSWORD

    page.goto("/logga-in")
    page.get_by_label("E-postadress").fill(STAFF)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def test_leaving_a_changed_step_asks_first_and_an_unchanged_one_does_not(page: Any) -> None:
    log_in_plain(page)
    page.goto("/utkast/")
    page.get_by_label("Rubrik för det nya utkastet").fill("Språkcafé")
    page.get_by_role("button", name="Nytt utkast").first.click()
    h1(page).to_be_visible()
    start = page.url
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    # Unchanged: a link away leaves without a question.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina utkast").click()
    page.wait_for_url("**/utkast/")
    assert dialogs == []
    page.goto(start)
    field = page.locator("form[data-keep-unsaved] input[type=text]").first
    field.fill("Ändrad men inte sparad")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina utkast").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]  # the browser asked, and staying keeps what was typed
    assert page.url == start and field.input_value() == "Ändrad men inte sparad"
    page.get_by_role("button", name="English").click()  # the language switch asks too
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload", "beforeunload"] and page.url == start
    # Saving is no leaving: no question.
    page.get_by_role("button", name="Spara och fortsätt").click()
    page.wait_for_load_state("load")
    assert len(dialogs) == 2 and page.url != start
