"""The version to sign: the agreement and its contractual annexes only, refused while a stop finding is open.

The web and the CLI go through the same document assembly, so both refuse the same agreements
and both leave out the risk assessment, the direct-award record and the Word comments.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docx_helpers import body_text, open_doc
from test_exports import EXPORT, draft_of, export, exports_of, imported  # noqa: F401 - the fixture
from wizard_helpers import STEP_DATA, complete_draft, post_step

STOP_TITLES = ("Värdet når direktupphandlingsgränsen",)


def test_the_web_refuses_a_final_with_an_open_stop_and_names_it(client: Any, auth: Any, staff_a: Any,
                                                                 imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    # The company pays per leader hour, with penalties: a purchase by its terms, at the limit.
    post_step(client, public_id, "ekonomi", {**STEP_DATA["ekonomi"], "payment_model": "per_unit", "penalties": "y"})
    response = client.post(f"/utkast/{public_id}/export", data={**EXPORT, "kind": "slutversion"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Slutversionen, den som Parterna skriver under, kan inte skapas" in html and all(title in html for title in STOP_TITLES)
    assert exports_of(public_id) == [] and draft_of(public_id).clause_pins == {}
    draft = open_doc(export(client, public_id))  # the draft is still there to work from
    assert "Riskbedömning" in body_text(draft) and "Stopp" in body_text(draft)


def test_a_final_holds_the_agreement_and_its_own_annexes_only(client: Any, auth: Any, staff_a: Any,
                                                             imported: None) -> None:  # noqa: F811
    auth.login(staff_a)
    public_id = complete_draft(client)
    post_step(client, public_id, "ekonomi", {**STEP_DATA["ekonomi"], "amount_per_year_sek": "100000"})
    final = open_doc(export(client, public_id, kind="slutversion", with_comments="y"))
    text = body_text(final)
    annexes = [p.text for p in final.paragraphs if p.style.style_id == "BilagaRubrik"]
    # The wizard's agreement: a grant (its budget) and a participant register the parties keep together.
    assert annexes == ["Bilaga 1: Uppföljningsplan", "Bilaga 2: Budget för verksamheten",
                       "Bilaga 3: Överenskommelse om gemensamt personuppgiftsansvar"]
    assert "Riskbedömning" not in text and "Stopp" not in text and "Skriv inte under" not in text
    assert "Arbetssätt för långsiktig samverkan" not in text and "UTKAST" not in text
    assert len(list(final.comments)) == 0
    assert "Bilaga 2: Budget för verksamheten, som Partnerna tillhandahåller" in text
    [record] = exports_of(public_id)
    assert record.final is True


def test_the_cli_refuses_the_same_final_and_writes_nothing(runner: Any, tmp_path: Path) -> None:
    from app.services.examples import get_example

    example = get_example("trygghetsvandring-timpris")
    answers = tmp_path / "svar.json"
    answers.write_text(json.dumps(example.raw_answers, default=str), encoding="utf-8")
    out = tmp_path / "avtal.docx"
    result = runner.invoke(args=["draft", "render", str(answers), "-o", str(out), "--final"])
    assert result.exit_code == 1 and not out.exists()
    assert "Slutversionen, den som Parterna skriver under, kan inte skapas" in result.output
    assert "– Värdet når direktupphandlingsgränsen" in result.output
    draft = tmp_path / "utkast.docx"
    assert runner.invoke(args=["draft", "render", str(answers), "-o", str(draft)]).exit_code == 0
    assert "Stopp: kontakta jurist" in body_text(open_doc(draft.read_bytes()))
