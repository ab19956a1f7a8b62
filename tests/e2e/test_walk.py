"""End to end in Chromium: draft an agreement, export it, and follow a clause change into the next export."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .journey import (NEW_SENTENCE, PARTNER_1, PARTNER_2, REVIEWER, REVIEWER2, STAFF, Page, Visit, approve_clause,
                     complete_wizard, download_docx, edit_clause, expect, log_in, start_from_example,
                     update_pinned_clause)


def test_staff_drafts_exports_and_takes_a_reviewed_clause_change(
        page: Page, new_page: Callable[[], Page], screenshots: Path, tmp_path: Path) -> None:
    visit = Visit(screenshots, "walk")
    log_in(page, visit, STAFF, "staff")
    review_url = complete_wizard(page, visit)

    # The verdict and the findings of the whole agreement are on the review page.
    verdict = page.locator(".verdict")
    expect(verdict).to_be_visible()
    expect(verdict).not_to_be_empty()
    expect(page.get_by_role("heading", name="Riskbedömning")).to_be_visible()
    expect(page.locator(".assessment .finding").first).to_be_visible()

    first = download_docx(page, tmp_path, "first.docx")
    assert PARTNER_1 in first.text and PARTNER_2 in first.text
    assert "Rannebergsvägen 5" in first.text
    # Word numbers the clause headings; the premises and the grant have their own clauses.
    assert first.numbered_headings[0] == "Parter"
    assert {"Lokaler", "Ekonomiskt bidrag"} <= set(first.numbered_headings)
    assert NEW_SENTENCE not in first.text

    start_from_example(page, visit)

    reviewer = new_page()
    log_in(reviewer, visit, REVIEWER, "reviewer")
    edit_clause(reviewer, visit)
    second_reviewer = new_page()
    log_in(second_reviewer, visit, REVIEWER2, "second-reviewer")
    approve_clause(second_reviewer, visit)

    update_pinned_clause(page, visit, review_url)
    second = download_docx(page, tmp_path, "second.docx")
    assert NEW_SENTENCE in second.text
    assert PARTNER_1 in second.text and PARTNER_2 in second.text
    assert "Lokaler" in second.numbered_headings
