"""Word comments in drafts: risks on the clauses that handle them, why each clause is there; clean copies have none."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import docx
import pytest

from app import PROJECT_ROOT
from app.services.documents import render_answers
from app.services.examples import load_examples
from docx_helpers import open_doc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE = next(e for e in load_examples(PROJECT_ROOT / "examples") if e.id == "laxhjalp")
ISSUED = dt.date(2027, 1, 1)



def comments_by_heading(document: Any) -> dict[str, list[str]]:
    """Map each clause heading to the texts of the comments anchored on it."""
    texts = {str(c.comment_id): c.text for c in document.comments}
    result: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        if paragraph.style.style_id == "Klausul1":
            ids = [el.get(f"{W}id") for el in paragraph._p.iter(f"{W}commentRangeStart")]
            result[paragraph.text] = [texts[i] for i in ids]
    return result


@pytest.fixture(scope="module")
def draft() -> Any:
    return open_doc(render_answers(EXAMPLE.answers, on=ISSUED))


def test_risk_comment_sits_on_the_clause_that_handles_the_finding(draft):
    by_heading = comments_by_heading(draft)
    record_check = by_heading["Barn och registerkontroll"]
    risk = next(t for t in record_check if t.startswith("Varning: Barn deltar"))
    assert "Åtgärd: Avtalet har ett avsnitt om registerkontroll" in risk
    assert all(c.author == "Samverkansguiden" for c in draft.comments)


def test_every_conditional_clause_says_why_it_is_here_and_no_comment_says_nothing(draft):
    by_heading = comments_by_heading(draft)
    # the parties' clause is in every agreement and handles no checkpoint: no comment that says nothing
    assert by_heading["Parter"] == []
    commented = {heading: texts for heading, texts in by_heading.items() if texts}
    assert commented and all(any(t.startswith("Varför finns klausulen här?") for t in texts)
                             for texts in commented.values())
    assert not any(t.strip().endswith("Den ingår i alla avtal.") for texts in commented.values() for t in texts)
    why = next(t for t in by_heading["Barn och registerkontroll"] if t.startswith("Varför"))
    assert "Barn deltar: ja" in why and "Kontrollpunkter som klausulen hanterar: Barn deltar" in why
    contribution = next(t for t in by_heading["Ekonomiskt bidrag"] if t.startswith("Varför"))
    assert "Bolaget betalar: ja" in contribution


def test_a_clean_copy_and_a_final_have_no_comments():
    clean = open_doc(render_answers(EXAMPLE.answers, with_comments=False, on=ISSUED))
    final = open_doc(render_answers(EXAMPLE.answers, draft=False, with_comments=True, on=ISSUED))
    assert len(list(clean.comments)) == 0 and len(list(final.comments)) == 0
    assert "UTKAST" in clean.sections[0].header.paragraphs[0].text


def test_the_same_draft_renders_to_the_same_comments():
    first = render_answers(EXAMPLE.answers, on=ISSUED)
    second = render_answers(EXAMPLE.answers, on=ISSUED)
    assert [(c.text, c.timestamp) for c in open_doc(first).comments] == \
        [(c.text, c.timestamp) for c in open_doc(second).comments]
    assert open_doc(first).comments.get(0).timestamp.date() == ISSUED


def test_english_comments(draft):
    document = open_doc(render_answers(EXAMPLE.answers, "en", on=ISSUED))
    by_heading = comments_by_heading(document)
    texts = by_heading["Children and criminal-record checks"]
    assert any(t.startswith("Warning: ") and "Action: " in t for t in texts)
    assert any(t.startswith("Why is this clause here?") for t in texts)


def test_cli_clean_flag(runner, tmp_path):
    source = tmp_path / "svar.json"
    source.write_text(json.dumps(EXAMPLE.raw_answers, default=str), encoding="utf-8")
    out = tmp_path / "avtal.docx"
    assert runner.invoke(args=["draft", "render", str(source), "-o", str(out)]).exit_code == 0
    assert len(list(docx.Document(str(out)).comments)) > 0
    result = runner.invoke(args=["draft", "render", str(source), "-o", str(out), "--clean"])
    assert result.exit_code == 0, result.output
    assert len(list(docx.Document(str(out)).comments)) == 0
