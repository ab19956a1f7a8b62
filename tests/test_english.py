"""English is English: every string that reaches an English document comes from the catalogue.

A message passed straight to gettext_for(lang)("…") is never extracted, so it would stay
Swedish in English documents ("48 månader" in the risk annex once did); and every example,
rendered in English, must hold no Swedish words (from the Swedish texts of the catalogue)
outside names, what the user typed and the quoted names of Swedish laws and sources.
"""
from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from agreement_reading import swedish_in_english, swedish_leaks, swedish_words, user_texts
from app import PROJECT_ROOT
from app.services.documents import document_model, render_answers
from app.services.examples import load_examples
from docx_helpers import open_doc

EXAMPLES = load_examples()
ON = dt.date(2027, 1, 1)


def direct_gettext_calls(path: Path) -> list[tuple[int, str]]:
    """Return (line, text) of each call like gettext_for(lang)("literal"), which extraction cannot see."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Call) and \
                getattr(node.func.func, "id", None) == "gettext_for" and node.args and \
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.append((node.lineno, node.args[0].value))
    return found


def test_no_message_is_passed_straight_to_gettext_for() -> None:
    offenders = {str(path.relative_to(PROJECT_ROOT)): calls for path in sorted((PROJECT_ROOT / "app").rglob("*.py"))
                 if (calls := direct_gettext_calls(path))}
    assert offenders == {}


def test_the_check_sees_a_direct_call(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text('x = gettext_for(lang)("%(n)s månader", n=4)\n', encoding="utf-8")
    assert direct_gettext_calls(source) == [(1, "%(n)s månader")]


def test_the_swedish_word_list_holds_the_words_that_once_leaked() -> None:
    assert {"månader", "för", "gäller", "åtaganden"} <= swedish_words()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_every_example_in_english_holds_no_swedish(app, example) -> None:
    model, _assessment = document_model(example.answers, "en", on=ON)
    typed = user_texts(example.raw_answers)
    assert swedish_in_english(model, typed) == []
    # The Word file as well: headings, footer, signature tables and the margin comments.
    document = open_doc(render_answers(example.answers, "en", on=ON))
    parts = [p.text for p in document.paragraphs] + [c.text for c in document.comments]
    parts += [p.text for s in document.sections for p in s.header.paragraphs + s.footer.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    lines = [line for text in parts for line in text.split("\n")]
    assert swedish_leaks(lines, typed) == []


def test_the_export_form_warns_that_swedish_free_texts_stay_swedish_in_english(client, auth, staff_a):
    from tests.wizard_helpers import complete_draft
    auth.login(staff_a)
    public_id = complete_draft(client)
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    note = page[page.index('data-show-when="language=en"'):]
    note = note[:note.index("</div>")]
    assert "kommer då med på svenska" in note
    assert "Verksamheten: Beskriv verksamheten" in note and "Avtalet: Avtalets rubrik" in note
    assert "Mål<" not in note  # "Fler elever klarar skolan." gives no sign of its language
