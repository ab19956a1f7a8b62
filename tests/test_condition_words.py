"""A condition is put into words in one place: the findings, the Word comments and the clause page agree."""
from __future__ import annotations

import datetime as dt
from typing import Any

from app.agreement.answers import validate
from app.agreement.checkpoints import assess, load_rules
from app.agreement.conditions import compile_condition, context_for
from app.agreement.conditions.words import Vocabulary, condition_lines, describer
from app.agreement.facts import derive
from tests.conftest import PROJECT_ROOT
from tests.test_library_editor import clause, form_data, logged_in  # noqa: F401 (fixtures)

RULES = load_rules(PROJECT_ROOT / "rules" / "checkpoints.yaml")
ON = dt.date(2027, 1, 1)

# A condition as a clause might carry it: a limit from the rules file, an enumeration, another finding.
TREE = {"all": [
    {"fact": "facts.aggregated_value_sek", "gte": {"param": "direct_award_limit_sek"}},
    {"fact": "exchange.payment_model", "in": ["per_unit", "outcome_based"]},
    {"finding": "lou.contract-likely"},
]}


def _explained(answers_data: dict[str, Any], vocab_of: Any, lang: str) -> list[str]:
    answers = validate(answers_data)
    values = RULES.parameter_values(ON)
    assessment = assess(answers, RULES, ON, lang)
    ctx = context_for(answers, derive(answers, values), values, [f.id for f in assessment.findings])
    return compile_condition(TREE).explain(ctx, lang, describer(vocab_of(assessment)))


def _purchase(answers_data: dict[str, Any]) -> dict[str, Any]:
    answers_data["exchange"].update(amount_per_year_sek=400000, payment_model="per_unit", penalties=True)
    return answers_data


def test_a_stored_assessment_gives_the_same_words_as_the_rules_file(answers_data: dict[str, Any]) -> None:
    """A Word comment made from the stored assessment reads like the finding made from the rules file."""
    for lang in ("sv", "en"):
        from_rules = _explained(_purchase(answers_data), lambda a: Vocabulary.from_rules(RULES, lang), lang)

        def stored(assessment: Any, lang: str = lang) -> Vocabulary:
            data = assessment.to_json()
            return Vocabulary.from_assessment({f["id"]: f for f in data["findings"]}, data["parameters"], lang)

        from_assessment = _explained(_purchase(answers_data), stored, lang)
        assert from_assessment == from_rules
        assert len(from_rules) == 3
    sv = [line.replace("\xa0", " ") for line in
          _explained(_purchase(answers_data), lambda a: Vocabulary.from_rules(RULES, "sv"), "sv")]
    assert sv[0].startswith("bolaget betalar 400 000 kr/år i 24 månader")
    assert sv[0].endswith("≥ direktupphandlingsgränsen 700 000 kr")
    assert "per timme" in sv[1].lower()
    assert sv[2].startswith("Kontrollpunkten ”")


def test_the_clause_page_says_what_a_condition_asks_in_the_questions_words() -> None:
    lines = condition_lines(TREE, Vocabulary.from_rules(RULES, "sv"))
    assert lines.text == "Alla dessa gäller:"
    texts = [child.text.replace("\xa0", " ") for child in lines.children]
    assert texts[0] == "sammanlagt värde är minst direktupphandlingsgränsen 700 000 kr"
    assert texts[1].startswith("Betalningsmodell är något av ") and " eller " in texts[1]
    assert "payment_model" not in texts[1] and "per_unit" not in texts[1]
    title = RULES.by_id["lou.contract-likely"].text("title", "sv", 1)
    assert texts[2] == f"Kontrollpunkten ”{title}” har utlösts"
    english = condition_lines(TREE, Vocabulary.from_rules(RULES, "en"))
    assert english.children[0].text.replace("\xa0", " ") == "aggregated value is at least the direct-award limit SEK 700,000"


def test_the_clause_page_shows_the_condition_in_words(client: Any, logged_in: Any, clause: Any) -> None:
    condition = ("any_partner:\n  fact: org_form\n  in: [stiftelse, ekonomisk_forening]\n")
    assert client.post("/bibliotek/parter/redigera", data=form_data(include_when=condition)).status_code == 302
    page = client.get("/bibliotek/parter/version/2").get_data(as_text=True)
    assert "För minst en partner gäller:" in page
    assert "organisationsform är något av stiftelse eller ekonomisk förening" in page
