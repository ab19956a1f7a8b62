"""axe-core (shipped inside axe-playwright-python, so offline) on every page of the walk, as each role sees it."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from .journey import (ADMIN, REVIEWER, REVIEWER2, STAFF, Page, Visit, approve_clause, complete_wizard, download_docx,
                     edit_clause, expect, h1, log_in, start_from_example, update_pinned_clause)

from axe_playwright_python.sync_playwright import Axe  # after journey, which skips the module without it

BLOCKING = ("serious", "critical")


class AxeScan:
    """Scan each visited page; keep the serious and critical violations."""

    min_rules = 20

    def __init__(self) -> None:
        self.axe = Axe()
        self.problems: list[str] = []
        self.pages: list[str] = []

    def __call__(self, page: Page, name: str) -> None:
        self.pages.append(name)
        results = self.axe.run(page)
        # A scan that checked nothing would pass silently: axe lists the rules each page passed.
        checked = len(results.response["passes"]) + len(results.response["violations"])
        assert checked >= self.min_rules, f"axe checked only {checked} rules on {name}"
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
                self.problems.append(f"{name} ({page.url}): {violation['id']} [{violation['impact']}] "
                                     f"{violation['help']} -> {'; '.join(targets[:5])}")


def admin_tour(page: Page, visit: Visit) -> None:
    """An administrator's pages, including a form sent back with its errors."""
    page.goto("/admin/")
    h1(page).to_have_text("Administration")
    visit(page, "admin")
    page.locator("main").get_by_role("link", name="Organisationer").first.click()
    h1(page).to_have_text("Organisationer")
    visit(page, "admin-organisations")
    page.get_by_role("link", name=re.compile("^Byt namn")).first.click()
    h1(page).to_have_text("Byt namn på Exempelbo AB")
    visit(page, "admin-organisation")
    page.locator("main").get_by_role("link", name="Användare", exact=True).first.click()
    h1(page).to_have_text("Användare")
    visit(page, "admin-users")
    page.get_by_role("link", name=STAFF).click()
    h1(page).to_have_text(STAFF)
    visit(page, "admin-user")
    page.get_by_role("link", name="Ny användare").click()
    h1(page).to_have_text("Ny användare")
    visit(page, "admin-new-user")
    page.get_by_role("button", name="Lägg till användare").click()
    expect(page.locator(".field .error").first).to_be_visible()
    visit(page, "admin-new-user-error")
    page.get_by_role("link", name="Händelselogg").first.click()
    h1(page).to_have_text("Händelselogg")
    visit(page, "admin-log")


def test_no_serious_or_critical_violations_on_any_page(
        page: Page, new_page: Callable[[], Page], screenshots: Path, tmp_path: Path) -> None:
    scan = AxeScan()
    visit = Visit(screenshots, "a11y", checks=[scan])

    log_in(page, visit, STAFF, "staff")
    review_url = complete_wizard(page, visit)
    download_docx(page, tmp_path, "agreement.docx")
    start_from_example(page, visit)

    reviewer = new_page()
    log_in(reviewer, visit, REVIEWER, "reviewer")
    edit_clause(reviewer, visit)
    second_reviewer = new_page()
    log_in(second_reviewer, visit, REVIEWER2, "second-reviewer")
    approve_clause(second_reviewer, visit)
    update_pinned_clause(page, visit, review_url)

    admin = new_page()
    log_in(admin, visit, ADMIN, "admin")
    admin_tour(admin, visit)

    assert len(scan.pages) >= 35, scan.pages
    assert not scan.problems, "axe found serious or critical violations:\n" + "\n".join(scan.problems)
