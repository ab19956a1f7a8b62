"""PDF through LibreOffice: every example converts, with sensible pages, every party's name and PNG pages."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app import PROJECT_ROOT
from app.agreement import pdf
from app.agreement.pdf import PdfError, convert_docx_to_pdf, pdf_available, submit_conversion
from app.services.documents import render_answers
from app.services.examples import load_examples

TOOLS = ("pdfinfo", "pdftotext", "pdftoppm")
needs_tools = pytest.mark.skipif(not pdf_available() or not all(shutil.which(t) for t in TOOLS),
                                 reason="LibreOffice (soffice) and poppler-utils are not installed")
EXAMPLES = load_examples(PROJECT_ROOT / "examples")
ISSUED = dt.date(2027, 1, 1)


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@needs_tools
def test_every_example_converts_with_its_parties_and_pages(tmp_path):
    jobs = []
    for example in EXAMPLES:
        for lang in ("sv", "en") if example.id == EXAMPLES[0].id else ("sv",):
            data = render_answers(example.answers, lang, on=ISSUED)
            jobs.append((example, lang, submit_conversion(data, timeout=180)))  # all at once: own profiles
    for example, lang, job in jobs:
        path = tmp_path / f"{example.id}-{lang}.pdf"
        path.write_bytes(job.result())
        pages = page_count(path)
        assert 6 <= pages <= 40, f"{path.name}: {pages} pages"
        text = pdf_text(path)
        names = [example.answers.housing_company.name] + [p.name for p in example.answers.partners]
        for name in names:
            assert name in text, f"{path.name}: {name} missing"
            assert ("För " if lang == "sv" else "For ") + name in text
        assert ("UTKAST" if lang == "sv" else "DRAFT") in text
        assert re.search(r"(Sida|Page) 1 (av|of) %d" % pages, text)
        assert "{{" not in text and "{%" not in text
        subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / f"{path.stem}-page")],
                       check=True, timeout=120)
        assert len(list(tmp_path.glob(f"{path.stem}-page-*.png"))) == pages


@needs_tools
def test_a_final_pdf_has_no_draft_marking(tmp_path):
    example = EXAMPLES[0]
    data = render_answers(example.answers, draft=False, on=ISSUED)
    path = tmp_path / "final.pdf"
    path.write_bytes(convert_docx_to_pdf(data, timeout=180))
    assert "UTKAST" not in pdf_text(path)


@needs_tools
def test_a_conversion_that_takes_too_long_is_stopped():
    data = render_answers(EXAMPLES[0].answers, on=ISSUED)
    with pytest.raises(PdfError, match="inom 0 sekunder"):
        convert_docx_to_pdf(data, timeout=0.2)


def test_without_libreoffice_no_pdf_is_offered(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert not pdf_available()
    with pytest.raises(PdfError, match="LibreOffice är inte installerat"):
        convert_docx_to_pdf(b"not used")


@needs_tools
def test_cli_writes_a_pdf_when_the_output_ends_in_pdf(runner, tmp_path):
    source = tmp_path / "svar.json"
    source.write_text(json.dumps(EXAMPLES[0].raw_answers, default=str), encoding="utf-8")
    out = tmp_path / "avtal.pdf"
    result = runner.invoke(args=["draft", "render", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and "DRAFT" in pdf_text(out)


def pdf_pages(path: Path) -> list[str]:
    """Return the text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    return [re.sub(r"\s+", " ", page.replace("\u00a0", " ")).strip() for page in text.split("\f") if page.strip()]


@needs_tools
def test_signatures_share_a_page_with_the_agreement_and_no_page_holds_only_a_note(tmp_path):
    # The four-party example fills a signature page the most; a signature page with no text of the
    # agreement on it could be swapped, and a page holding one stray note looks like a missing page.
    example = next(e for e in EXAMPLES if len(e.answers.partners) == max(len(x.answers.partners) for x in EXAMPLES))
    jobs = [(lang, draft, submit_conversion(render_answers(example.answers, lang, draft=draft, on=ISSUED),
                                           timeout=180)) for lang in ("sv", "en") for draft in (True, False)]
    for lang, draft, job in jobs:
        path = tmp_path / f"{lang}-{draft}.pdf"
        path.write_bytes(job.result())
        pages = pdf_pages(path)
        first_block = ("För " if lang == "sv" else "For ") + example.answers.housing_company.name
        [page] = [p for p in pages if first_block in p]
        assert ("Underskrifter" if lang == "sv" else "Signatures") in page, f"{path.name}: signatures alone"
        names = [example.answers.housing_company.name, *(p.name for p in example.answers.partners)]
        blocks = [("För " if lang == "sv" else "For ") + name for name in names]
        for number, text in enumerate(pages, start=1):
            body = re.sub(r"(Sida|Page) \d+ (av|of) \d+", "", text).replace(example.answers.title, "")
            # A page may continue the signatures with a party's whole block, or be the cover sheet of an
            # annex the parties supply; any other page holds text.
            cover = re.search(r"(Bilaga|Annex) \d+: ", body)
            assert len(body.split()) > 25 or cover or any(block in body for block in blocks), \
                f"{path.name} page {number} holds almost nothing: {body[:120]!r}"
