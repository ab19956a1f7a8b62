"""The library as a whole: a set of clauses that contradict each other is refused at lint, import, submit and approval.

The contradiction used throughout is the one the product once shipped: the processor clause
included whenever tenant data is shared, while the personal-data clause calls a partner who
receives tenant data for its own use an independent controller.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app import PROJECT_ROOT
from app.agreement.clauses import ClauseError
from app.extensions import db
from app.library.views import editor_data
from app.models import Clause
from app.services import library, review

CLAUSES = PROJECT_ROOT / "clauses"
PROCESSOR_WHEN_SHARED = "include_when:\n  finding: gdpr.processor-agreement\n"


@pytest.fixture
def imported(app: Any) -> None:
    library.import_library(CLAUSES)
    db.session.commit()


def contradicting_copy(tmp_path: Path) -> Path:
    """The shipped library with the processor clause included on the finding, as it once was."""
    target = tmp_path / "clauses"
    shutil.copytree(CLAUSES, target)
    pub = target / "pub.yaml"
    text = pub.read_text(encoding="utf-8")
    old = "include_when:\n  fact: personal_data.partner_processes_for_company\n  is: true\n"
    assert old in text
    pub.write_text(text.replace(old, PROCESSOR_WHEN_SHARED), encoding="utf-8")
    return target


def test_lint_names_the_two_clauses_the_line_and_answers_that_show_it(runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["clauses", "lint", str(contradicting_copy(tmp_path))])
    assert result.exit_code == 1
    assert "personuppgifter.yaml:" in result.output
    assert "personuppgifter påstår 'partner-is-independent-controller' och pub påstår 'partner-is-processor'" in \
        result.output
    assert "personal_data.company_shares_tenant_data=True" in result.output
    assert "personal_data.partner_processes_for_company=False" in result.output


def test_the_shipped_library_passes_lint(runner: Any) -> None:
    result = runner.invoke(args=["clauses", "lint", str(CLAUSES)])
    assert result.exit_code == 0, result.output


def test_import_of_a_contradicting_library_imports_nothing(app: Any, runner: Any, tmp_path: Path) -> None:
    result = runner.invoke(args=["clauses", "import", str(contradicting_copy(tmp_path))])
    assert result.exit_code == 1 and "partner-is-processor" in result.output
    assert db.session.query(Clause).count() == 0
    with pytest.raises(ClauseError):
        library.import_library(contradicting_copy(tmp_path / "again"))


def test_a_claim_the_findings_contradict_is_refused_at_lint(runner: Any, tmp_path: Path) -> None:
    """The purpose clause saying "no purchase" unconditionally, though the payment may be per hour."""
    target = tmp_path / "clauses"
    shutil.copytree(CLAUSES, target)
    syfte = target / "syfte.yaml"
    text = syfte.read_text(encoding="utf-8")
    start, end = text.index("asserts:\n"), text.index("notes: |")
    syfte.write_text(text[:start] + "asserts:\n  - claim: not-a-purchase\n" + text[end:], encoding="utf-8")
    result = runner.invoke(args=["clauses", "lint", str(target)])
    assert result.exit_code == 1
    assert "syfte påstår 'not-a-purchase' fast kontrollpunkten lou.contract-likely säger emot" in result.output


def test_a_contradicting_edit_can_be_saved_but_neither_submitted_nor_approved(
        client: Any, auth: Any, imported: None, reviewer: Any, reviewer2: Any) -> None:
    auth.login(reviewer)
    fields = {**editor_data(Clause.by_key("pub").approved), "include_when": "finding: gdpr.processor-agreement",
              "reason": "Tas med när hyresgästuppgifter delas", "save": "1"}
    assert client.post("/bibliotek/pub/redigera", data=fields).status_code == 302
    draft = Clause.by_key("pub").latest
    page = client.post(f"/bibliotek/pub/version/{draft.number}/skicka", follow_redirects=True).get_data(as_text=True)
    assert "Versionen kan inte godkännas" in page and "partner-is-independent-controller" in page
    db.session.expire_all()
    assert Clause.by_key("pub").latest.status == "draft"
    # A version put in review some other way is refused at approval too.
    version = Clause.by_key("pub").latest
    version.status = "in_review"
    db.session.commit()
    with pytest.raises(review.ReviewError) as refused:
        review.approve(version, reviewer2)
    assert "partner-is-processor" in refused.value.message
    db.session.rollback()
    assert Clause.by_key("pub").approved.include_when == {"fact": "personal_data.partner_processes_for_company",
                                                          "is": True}


def test_a_heading_with_template_code_is_refused_and_the_preview_shows_the_heading(
        client: Any, auth: Any, imported: None, reviewer: Any) -> None:
    auth.login(reviewer)
    base = editor_data(Clause.by_key("atagande-partner").approved)
    response = client.post("/bibliotek/atagande-partner/redigera",
                           data={**base, "title_sv": "{{ partners[0].name }}s åtaganden", "reason": "Namn",
                                 "save": "1"})
    assert response.status_code == 422
    assert "rubriken kan inte innehålla mallkod" in response.get_data(as_text=True)
    assert len(Clause.by_key("atagande-partner").versions) == 1
    preview = client.post("/bibliotek/atagande-partner/forhandsgranska",
                          data={**base, "example": "integration-samverkan", "language": "sv"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Partnernas åtaganden" in html  # three partners: the plural heading
    single = client.post("/bibliotek/atagande-partner/forhandsgranska",
                         data={**base, "example": "laxhjalp", "language": "sv"}).get_data(as_text=True)
    assert "Partnerns åtaganden" in single


def test_a_version_whose_text_refers_to_a_missing_section_cannot_be_approved(
        imported: None, reviewer: Any, reviewer2: Any) -> None:
    clause = Clause.by_key("jav")
    content = clause.approved.content()
    content["text"] = {**content["text"], "sv": content["text"]["sv"] + "\n\nSe även {{ 'finns-inte' | section }}."}
    version = library.add_version(clause, content, status="in_review", author=reviewer, reason="Hänvisning")
    db.session.commit()
    with pytest.raises(review.ReviewError) as refused:
        review.approve(version, reviewer2)
    assert "finns-inte" in refused.value.message


def test_a_reference_to_an_annex_the_registry_does_not_know_fails_lint(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "clauses"
    shutil.copytree(CLAUSES, target)
    jav = target / "jav.yaml"
    text = jav.read_text(encoding="utf-8")
    jav.write_text(text.replace("visselblåsarfunktion om en sådan finns.",
                                "visselblåsarfunktion om en sådan finns ({{ 'uppforandekod' | annex }}).", 1),
                   encoding="utf-8")
    result = runner.invoke(args=["clauses", "lint", str(target)])
    assert result.exit_code == 1
    assert "jav.yaml:" in result.output and "okänd bilaga 'uppforandekod'" in result.output


def test_a_bare_mention_of_an_annex_fails_lint(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "clauses"
    shutil.copytree(CLAUSES, target)
    jav = target / "jav.yaml"
    text = jav.read_text(encoding="utf-8")
    jav.write_text(text.replace("visselblåsarfunktion om en sådan finns.",
                                "visselblåsarfunktion om en sådan finns, enligt hyresavtalet.", 1), encoding="utf-8")
    result = runner.invoke(args=["clauses", "lint", str(target)])
    assert result.exit_code == 1 and "skriv {{ 'lokalavtal' | annex }}" in result.output


def test_a_note_to_the_drafter_in_the_signed_text_fails_lint_with_its_line(runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "clauses"
    shutil.copytree(CLAUSES, target)
    jav = target / "jav.yaml"
    text = jav.read_text(encoding="utf-8")
    marker = "visselblåsarfunktion om en sådan finns."
    line = text[:text.index(marker)].count("\n") + 1
    jav.write_text(text.replace(marker, marker + " Parterna har uppmärksammat att reglerna om jäv kan skärpas.", 1),
                   encoding="utf-8")
    result = runner.invoke(args=["clauses", "lint", str(target)])
    assert result.exit_code == 1
    assert f"jav.yaml:{line}: [sv] ”har uppmärksammat” är ett råd till den som tar fram avtalet" in result.output
