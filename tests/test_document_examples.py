"""Every shipped example as a clean first draft: numbering, parties, signatures, annexes, typography, English."""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import shutil
import io
import re
import zipfile
from typing import Any

import pytest

from app import PROJECT_ROOT
from app.agreement.answers import validate
from app.agreement.document import DocumentError, FinalRefused
from app.services.assessment import assess_answers
from app.services.documents import render_answers
from app.services.examples import load_examples
from docx_helpers import open_doc, body_text

EXAMPLES = load_examples(PROJECT_ROOT / "examples")
ISSUED = dt.date(2027, 1, 1)




def part_texts(data: bytes) -> str:
    """Return the visible text of the body, headers and footers (w:t elements)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = "".join(package.read(n).decode("utf-8") for n in package.namelist()
                      if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n))
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module", params=[(e.id, lang) for e in EXAMPLES for lang in ("sv", "en")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def rendered(request: pytest.FixtureRequest) -> tuple[Any, str, bytes]:
    example_id, lang = request.param
    example = next(e for e in EXAMPLES if e.id == example_id)
    return example, lang, render_answers(example.answers, lang, on=ISSUED)


def test_no_template_syntax_is_left_and_no_heading_is_empty(rendered):
    example, lang, data = rendered
    text = part_texts(data)
    for token in ("{{", "}}", "{%", "%}", "{#"):
        assert token not in text
    document = open_doc(data)
    styles = [(p.style.style_id, p.text.strip()) for p in document.paragraphs]
    for index, (style, text_) in enumerate(styles):
        if style in ("Klausul1", "BilagaRubrik", "BilagaRubrik2", "UnderskriftRubrik"):
            assert text_, f"empty {style} heading at paragraph {index}"
        if style == "Klausul1":
            following = next((s for s, _t in styles[index + 1:] if s != "Brodtext" or _t), None)
            assert following in ("Klausul2", "Klausul3"), f"clause {text_!r} has no numbered text"


def test_every_party_is_in_the_table_and_signs(rendered):
    example, lang, data = rendered
    document = open_doc(data)
    answers = example.answers
    names = [answers.housing_company.name] + [p.name for p in answers.partners]
    table_names = [row.cells[0].text.split("\n")[0] for row in document.tables[0].rows[1:]]
    assert table_names == names
    rows = document.tables[1].rows  # one block of seven rows per party, in one table
    assert len(rows) == 7 * len(names)
    signatories = [answers.housing_company.signatory] + [p.signatory for p in answers.partners]
    assert [rows[7 * i + 5].cells[0].text for i in range(len(names))] == [s.name for s in signatories]
    assert [rows[7 * i + 5].cells[2].text for i in range(len(names))] == [s.title for s in signatories]
    captions = {"sv": ["Ort", "", "Datum"], "en": ["Place", "", "Date"]}[lang]
    assert all([c.text for c in rows[7 * i + 2].cells] == captions for i in range(len(names)))


def test_typography_dates_and_amounts(rendered):
    example, lang, data = rendered
    text = body_text(open_doc(data))
    issued = {"sv": "1\u00a0januari 2027", "en": "1\u00a0January 2027"}[lang]
    assert issued in text
    assert not re.search(r"\d \d{3}(?:\u00a0| )kr\b", text), "an amount is split by a breaking space"
    assert not re.search(r"\bSEK \d", text)


def test_draft_is_marked_and_final_is_not(rendered):
    example, lang, data = rendered
    mark = {"sv": "UTKAST", "en": "DRAFT"}[lang]
    draft = open_doc(data)
    assert mark in draft.sections[0].header.paragraphs[0].text
    assert draft.paragraphs[0].text == mark and draft.paragraphs[0].style.style_id == "UtkastStampel"
    stops = [f.title for f in assess_answers(example.answers, on=ISSUED, lang=lang).findings if f.severity == "stop"]
    if stops:  # the version to sign waits until the stops are resolved, and says which, with what to do
        with pytest.raises(FinalRefused) as refused:
            render_answers(example.answers, lang, draft=False, on=ISSUED)
        assert all(any(line.startswith(f"– {title}: ") for line in refused.value.messages) for title in stops)
        return
    final = open_doc(render_answers(example.answers, lang, draft=False, on=ISSUED))
    assert mark not in final.sections[0].header.paragraphs[0].text
    assert all(p.style.style_id != "UtkastStampel" for p in final.paragraphs)
    assert len(list(final.comments)) == 0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_english_document_has_english_labels(example):
    data = render_answers(example.answers, "en", on=ISSUED)
    document = open_doc(data)
    text = part_texts(data)
    for swedish in ("Avtalsparter", "Underskrift", "Namnförtydligande", "Bilaga ", "Sida ", "Org.nr",
                    "Utkast daterat", "Riskbedömning", "Uppföljningsplan", "Samlad bedömning", "Varför finns"):
        assert swedish not in text, swedish
    assert "Parties" in text and "Page" in document.sections[0].footer.paragraphs[0].text
    annexes = [p.text for p in document.paragraphs if p.style.style_id == "BilagaRubrik"]
    assert annexes[0] == "Annex 1: Follow-up plan"
    assert "Risk assessment – supporting material, not part of the Agreement" in annexes[1:]
    assert all("Why is this clause here?" in c.text or c.text.split(":")[0] in ("Information", "Warning", "Stop")
               for c in document.comments)


# Material for the parties, not a part of the agreement, so it has no annex number.
RISK_HEADING = "Riskbedömning – underlag som inte ingår i avtalet"


def test_follow_up_plan_annex(answers_data):
    answers_data["follow_up"]["indicators"] = ["Antal deltagare per kväll", "Andel nöjda boende"]
    answers_data["follow_up"]["process_leaders"] = [
        {"name": "Jonas Ahl", "organisation": "Exempelbo AB", "role": "Strateg"},
        {"name": "Amina Yusuf", "organisation": "Föreningen Mötesplats Öst", "role": "Ordförande"}]
    answers_data["follow_up"]["meeting_frequency"] = "monthly"
    document = open_doc(render_answers(validate(answers_data), on=ISSUED))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Bilaga 1: Uppföljningsplan")
    risk = paragraphs.index(RISK_HEADING)
    annex = "\n".join(paragraphs[start:start + [p.startswith("Bilaga ") for p in paragraphs[start + 1:]].index(True) + 1])
    for expected in ("Antal deltagare per kväll", "Andel nöjda boende", "Uppföljningsmöten: Varje månad",
                     "Jonas Ahl (Strateg, Exempelbo AB)", "Amina Yusuf (Ordförande, Föreningen Mötesplats Öst)",
                     "Rapportering", "Mål:"):
        assert expected in annex, expected
    # The innovation labs' checklist is advice before signing: in the risk assessment, not the agreement.
    assert "Arbetssätt för långsiktig samverkan" not in annex
    assessment = "\n".join(paragraphs[risk:])
    assert "Arbetssätt för långsiktig samverkan" in assessment and re.search(r"^(Uppfyllt|Öppet): ", assessment, re.M)


def direct_award_answers() -> dict[str, Any]:
    example = next(e for e in EXAMPLES if e.id == "trygghetsvandring-timpris")
    raw = copy.deepcopy(example.raw_answers)
    raw["exchange"]["amount_per_year_sek"] = 150_000  # 450 000 kr over 36 months: under the limit, over 100 000
    return raw


def test_direct_award_record_when_the_checkpoint_fires():
    answers = validate(direct_award_answers())
    document = open_doc(render_answers(answers, on=ISSUED))
    paragraphs = [p.text for p in document.paragraphs]
    title = "Dokumentation av direktupphandling – underlag som inte ingår i avtalet"
    annex = "\n".join(paragraphs[paragraphs.index(title):])
    partner = answers.partners[0]
    for expected in ("Exempelbo AB, organisationsnummer 556677-8899",
                     f"{partner.name}, organisationsnummer {partner.org_number}", answers.title,
                     "150\u00a0000\u00a0kr per år × 36 månader", "450\u00a0000\u00a0kr", "30 dagar",
                     # The duty applies above the limit, not at it (19 a kap. 11 § LOU).
                     "vars värde överstiger 100\u00a0000\u00a0kr ska dokumenteras",
                     "riktlinjer för direktupphandling", "Hur konkurrensen har tillvaratagits",
                     "Skäl för valet av leverantör", "Datum då avtalet tecknades"):
        assert expected in annex, expected
    blanks = [p for p in document.paragraphs if p.style.style_id == "Ifyllnad"]
    assert len(blanks) >= 8 and all(not p.text for p in blanks)
    final = body_text(open_doc(render_answers(answers, draft=False, on=ISSUED)))
    # The record is the company's own document, filed after signing: never in the version the parties sign.
    assert "Dokumentation av direktupphandling" not in final and "Riskbedömning" not in final


def test_no_direct_award_record_without_the_checkpoint(answers_data):
    text = body_text(open_doc(render_answers(validate(answers_data), on=ISSUED)))
    assert "Dokumentation av direktupphandling" not in text


def test_risk_annex_has_parameters_with_dates_sources_and_provisional_note(answers_data):
    document = open_doc(render_answers(validate(answers_data), on=ISSUED))
    paragraphs = [p.text for p in document.paragraphs]
    annex = "\n".join(paragraphs[paragraphs.index(RISK_HEADING):])
    assert "Samlad bedömning: " in annex and "Bedömningsdatum: 1\u00a0januari 2027" in annex
    assert "Direktupphandlingsgränsen: 700\u00a0000\u00a0kr (gäller från 1\u00a0februari 2022; källa: " in annex
    assert "Preliminärt värde: De officiella beloppen i kronor för 2026–2027" in annex and "Rättslig grund: " in annex and "Åtgärd: " in annex
    assert "Utlöst av:" in annex and "Källor: " in annex and "inte juridisk rådgivning" in annex


def test_missing_english_text_is_refused_with_the_clauses_named(answers_data, runner, tmp_path):
    from app.agreement.clauses import load_clause_dir

    library = load_clause_dir(PROJECT_ROOT / "clauses")
    stripped = [dataclasses.replace(c, text={"sv": c.text["sv"]}) if c.id in ("syfte", "tvist") else c for c in library]
    with pytest.raises(DocumentError) as caught:
        render_answers(validate(answers_data), "en", clauses=stripped)
    message = str(caught.value)
    assert "Syfte och gemensamma mål" in message and "Tvister" in message and "Parter" not in message
    library_dir = tmp_path / "clauses"
    shutil.copytree(PROJECT_ROOT / "clauses", library_dir)
    source = (library_dir / "tvist.yaml").read_text(encoding="utf-8")
    (library_dir / "tvist.yaml").write_text(source[:source.index("\n  en: |")] + "\n", encoding="utf-8")
    runner.app.config["CLAUSES_DIR"] = str(library_dir)
    answers_file = tmp_path / "svar.json"
    answers_file.write_text(json.dumps(answers_data, default=str), encoding="utf-8")
    out = tmp_path / "agreement.docx"
    result = runner.invoke(args=["draft", "render", str(answers_file), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1
    assert "Tvister" in result.output and not out.exists()
