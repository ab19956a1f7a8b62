"""The Word draft: exact user text, valid XML, one numbered list, parties, signatures, annex, CLI."""
from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import zipfile
from typing import Any

import docx
import pytest
from lxml import etree

from app import PROJECT_ROOT
from app.agreement.answers import validate
from app.agreement.document import TEMPLATE
from app.services.documents import render_answers
from conftest import RULE_PARAMETERS
from docx_helpers import open_doc, body_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TRICKY = "Bröd & Salt <AB> \"Åsa\" 'Öst' {{ 7*7 }}"
ASSESSMENT = {
    "verdict": {"code": "warnings", "text": "Risker att hantera"}, "assessed_on": "2026-11-28",
    "findings": [{"id": "lou.contract-likely", "severity": "warning", "title": "Avtalet kan vara ett kontrakt",
                  "legal_basis": "1 kap. 15 § LOU", "explanation": "Förklaring.", "action": "Åtgärd.",
                  "triggered_by": ["bolaget betalar 350 000 kr/år"]}],
    "parameters": {"direct_award_limit_sek": {"value": 700000, "unit": "SEK", "title": "Direktupphandlingsgräns",
                                              "valid_from": "2022-02-01", "valid_to": None, "source": "19 a kap. LOU"}},
}




def two_partners(data: dict[str, Any]) -> dict[str, Any]:
    data["partners"][0]["payment_share_percent"] = 60
    data["partners"].append({"name": "Läxhjälpen Öst", "org_number": "802400-0005", "org_form": "stiftelse",
                             "signatory": {"name": "Bo Ek", "title": "Ordförande"}, "payment_share_percent": 40})
    return data


@pytest.fixture
def tricky(answers_data: dict[str, Any]) -> dict[str, Any]:
    answers_data["title"] = "Samverkan & trygghet <Rannebergen>\nandra raden {{ 7*7 }}"
    answers_data["partners"][0]["name"] = TRICKY
    answers_data["partners"][0]["signatory"] = {"name": "Åke \"Ärlig\" Öberg", "title": "Ordf. & kassör"}
    answers_data["activity"]["description"] = "Läxhjälp & fika <varje> tisdag\nkl. 17–19 {% if 1 %}x{% endif %}"
    return answers_data


def test_user_text_appears_exactly_as_typed(tricky):
    document = open_doc(render_answers(validate(tricky)))
    text = body_text(document)
    assert TRICKY in text
    assert "Samverkan & trygghet <Rannebergen>\nandra raden {{ 7*7 }}" in text
    assert "Åke \"Ärlig\" Öberg" in text and "Ordf. & kassör" in text
    assert "Läxhjälp & fika <varje> tisdag\nkl. 17–19 {% if 1 %}x{% endif %}" in text
    assert "raden 49" not in text and "Öst' 49" not in text
    assert document.core_properties.title == tricky["title"]


def test_every_xml_part_parses_strictly(tricky):
    data = render_answers(validate(tricky))
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
        assert "word/document.xml" in names and "word/numbering.xml" in names
        for name in names:
            etree.fromstring(package.read(name), parser)


def test_clause_headings_and_points_use_one_multilevel_list(answers_data):
    document = open_doc(render_answers(validate(answers_data)))
    headings = [p for p in document.paragraphs if p.style.style_id == "Klausul1"]
    assert [h.text for h in headings[:4]] == ["Parter", "Avtalshandlingar", "Bakgrund", "Syfte och gemensamma mål"]
    assert any(p.style.style_id == "Klausul2" for p in document.paragraphs)
    assert any(p.style.style_id == "Klausul3" for p in document.paragraphs)
    num_ids = {}
    for level, style_id in enumerate(("Klausul1", "Klausul2", "Klausul3")):
        num_pr = document.styles[style_id].element.pPr.numPr
        assert num_pr.ilvl.val == level
        num_ids[style_id] = num_pr.numId.val
    assert len(set(num_ids.values())) == 1
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == str(num_ids["Klausul1"]))
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    linked = {lvl.get(f"{W}ilvl"): lvl.find(f"{W}pStyle").get(f"{W}val")
              for lvl in abstract.iter(f"{W}lvl") if lvl.find(f"{W}pStyle") is not None}
    assert linked == {"0": "Klausul1", "1": "Klausul2", "2": "Klausul3"}


def test_every_party_has_a_row_and_a_signature_block(answers_data):
    document = open_doc(render_answers(validate(two_partners(answers_data))))
    parties_table = document.tables[0]
    names = [row.cells[0].text.split("\n")[0] for row in parties_table.rows[1:]]
    assert names == ["Exempelbo AB", "Föreningen Mötesplats Öst", "Läxhjälpen Öst"]
    # All blocks in one table, seven rows a party: heading, place and date, signature, name and title.
    [signatures] = document.tables[1:]
    rows = signatures.rows
    assert len(rows) == 3 * 7
    assert [rows[7 * i + 5].cells[0].text for i in range(3)] == ["Lars Holm", "Amina Yusuf", "Bo Ek"]
    assert [rows[7 * i].cells[0].text for i in range(3)] == [
        "För Exempelbo AB", "För Föreningen Mötesplats Öst", "För Läxhjälpen Öst"]
    # Two lines a row, with an empty gutter between them so that they do not run together.
    assert [c.text for c in rows[2].cells] == ["Ort", "", "Datum"]
    assert [c.text for c in rows[6].cells] == ["Namnförtydligande", "", "Titel"]
    assert [c.text for c in rows[5].cells] == ["Lars Holm", "", "VD"]


def test_clause_excluded_by_its_condition_is_absent(answers_data):
    headings = lambda d: [p.text for p in open_doc(render_answers(validate(d))).paragraphs  # noqa: E731
                          if p.style.style_id == "Klausul1"]
    assert "Ekonomiskt bidrag" in headings(answers_data) and "Lokaler" not in headings(answers_data)
    answers_data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    assert "Ekonomiskt bidrag" not in headings(answers_data)


def test_draft_marking_and_page_numbers(answers_data):
    answers = validate(answers_data)
    draft = open_doc(render_answers(answers, draft=True))
    final = open_doc(render_answers(answers, draft=False))
    assert "UTKAST" in draft.sections[0].header.paragraphs[0].text
    assert "UTKAST" not in final.sections[0].header.paragraphs[0].text
    assert "Utkast daterat" in body_text(draft) and "Utkast daterat" not in body_text(final)
    footer = draft.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert footer.index("Sida") < footer.index("PAGE") < footer.index(" av ") < footer.index("NUMPAGES")


def test_risk_annex_lists_findings_and_parameters(answers_data):
    from app.agreement.clauses import load_clause_dir, select
    from app.agreement.conditions import context_for
    from app.agreement.document import render_document
    from app.agreement.facts import derive

    answers = validate(answers_data)
    params = RULE_PARAMETERS
    facts = derive(answers, params)
    clauses = select(load_clause_dir(PROJECT_ROOT / "clauses"), context_for(answers, facts, params, []))
    data = render_document(answers, facts, clauses, [], "sv", assessment=ASSESSMENT, issued=dt.date(2026, 11, 28))
    document = open_doc(data)
    annex = [p.text for p in document.paragraphs if p.style.style_id.startswith("Bilaga")]
    # The agreement's own annexes first (the grant's budget, which the partner supplies), then the assessment.
    assert [a for a in annex if a.startswith("Bilaga ") or "underlag" in a] == [
        "Bilaga 1: Uppföljningsplan", "Bilaga 2: Budget för verksamheten",
        "Riskbedömning – underlag som inte ingår i avtalet"]
    assert "Varning: Avtalet kan vara ett kontrakt" in annex
    text = body_text(document)
    assert "Samlad bedömning: Risker att hantera" in text and "Rättslig grund: 1 kap. 15 § LOU" in text
    assert "bolaget betalar 350\u00a0000\u00a0kr/år" in text and "700\u00a0000\u00a0kr" in text
    assert "inte juridisk rådgivning" in text


def test_english_agreement_uses_english_clauses(answers_data):
    document = open_doc(render_answers(validate(answers_data), "en"))
    headings = [p.text for p in document.paragraphs if p.style.style_id == "Klausul1"]
    assert headings[0] == "Parties" and headings[-1] == "Signatures"
    assert document.core_properties.language == "en-GB"


def test_shipped_template_is_what_the_build_script_makes():
    spec = importlib.util.spec_from_file_location("build_docx_template", PROJECT_ROOT / "scripts" / "build_docx_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == TEMPLATE.read_bytes()


def test_cli_render_writes_a_document(runner, answers_data, tmp_path):
    source = tmp_path / "svar.json"
    source.write_text(json.dumps(answers_data), encoding="utf-8")
    out = tmp_path / "avtal.docx"
    result = runner.invoke(args=["draft", "render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Föreningen Mötesplats Öst" in body_text(docx.Document(str(out)))
    final = tmp_path / "slutlig.docx"
    result = runner.invoke(args=["draft", "render", str(source), "-o", str(final), "--final", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "UTKAST" not in docx.Document(str(final)).sections[0].header.paragraphs[0].text


def test_cli_render_refuses_an_invalid_answers_file(runner, answers_data, tmp_path):
    answers_data["partners"][0]["org_number"] = "123"
    source = tmp_path / "svar.json"
    source.write_text(json.dumps(answers_data), encoding="utf-8")
    out = tmp_path / "avtal.docx"
    result = runner.invoke(args=["draft", "render", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "partners[0].org_number: ogiltigt organisationsnummer" in result.output
    assert not out.exists()
