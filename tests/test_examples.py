"""The good examples: valid answers, placeholder parties, the CLI, and their expected findings."""
from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from app import PROJECT_ROOT
from app.agreement import yamlio
from app.services.examples import Example, ExampleError, get_example, load_example, load_examples

EXAMPLES_DIR = PROJECT_ROOT / "examples"
IDS = {"mentorskap-nyanlanda", "motesplats-boende", "integration-samverkan", "laxhjalp", "trygghetsvandring-timpris"}
ALWAYS = {"lou.contracting-authority", "osl.public-documents", "liability.insurance"}
# Fires from the date the assessment runs, not from the answers: not part of an example's contract.
DATE_DEPENDENT = {"system.stale-parameters"}

EXAMPLES = load_examples(EXAMPLES_DIR)


def by_id(example_id: str) -> Example:
    return next(e for e in EXAMPLES if e.id == example_id)


def test_the_five_examples_ship_and_ids_match_file_names():
    assert {e.id for e in EXAMPLES} == IDS
    assert len(EXAMPLES) == len(IDS)
    for example in EXAMPLES:
        assert example.path is not None and example.path.stem == example.id


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_example_is_complete(example: Example):
    for name in ("title", "model", "watch"):
        assert example.text(name, "sv") and example.text(name, "en")
    assert ALWAYS <= set(example.expected_findings)
    assert not set(example.expected_findings) & set(example.not_expected)
    answers = example.answers
    assert answers.follow_up.indicators
    leader_orgs = {leader.organisation for leader in answers.follow_up.process_leaders}
    assert answers.housing_company.name in leader_orgs
    assert leader_orgs & {p.name for p in answers.partners}, "a process leader on the partners' side"
    assert answers.term.start_date.year == 2027


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_parties_are_placeholders(example: Example):
    answers = example.answers
    assert answers.housing_company.name == "Exempelbo AB"
    for partner in answers.partners:
        assert "Exempel" in partner.name, partner.name
    for leader in answers.follow_up.process_leaders:
        assert "Exempel" in leader.organisation


def test_yes_and_no_stay_strings():
    """The mandate and market answers are words, not YAML 1.1 booleans."""
    assert by_id("laxhjalp").answers.housing_company.mandate_in_owner_directive == "yes"
    assert by_id("trygghetsvandring-timpris").answers.exchange.market_exists == "yes"
    assert by_id("mentorskap-nyanlanda").answers.exchange.market_exists == "no"


def test_models_follow_the_catalogue():
    """Each example has the shape examples.md describes."""
    mentoring = by_id("mentorskap-nyanlanda").answers
    assert not mentoring.exchange.company_pays and mentoring.premises.rent == "free"
    meeting = by_id("motesplats-boende").answers
    assert meeting.exchange.payment_model == "lump_sum_grant"
    assert meeting.exchange.partner_own_contribution and meeting.exchange.repayment_of_unused_funds
    per_year = meeting.exchange.amount_per_year_sek + meeting.premises.market_rent_sek_per_year \
        - meeting.premises.rent_sek_per_year
    assert per_year * (24 + meeting.term.extension_months) / 12 < 700_000
    integration = by_id("integration-samverkan").answers
    assert {p.org_form for p in integration.partners} == {"registrerat_trossamfund", "ideell_forening", "kommun"}
    assert integration.personal_data.joint_decisions_on_data
    homework = by_id("laxhjalp").answers
    assert homework.activity.children_involved and homework.exchange.payment_model == "lump_sum_grant"
    walks = by_id("trygghetsvandring-timpris").answers
    assert walks.exchange.payment_model == "per_unit" and walks.exchange.market_exists == "yes"


def test_loader_errors_name_the_file(tmp_path: Path):
    text = (EXAMPLES_DIR / "laxhjalp.yaml").read_text(encoding="utf-8")
    (tmp_path / "annat-namn.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ExampleError, match=r"^annat-namn\.yaml: .*filnamnet"):
        load_examples(tmp_path)
    (tmp_path / "annat-namn.yaml").unlink()
    (tmp_path / "laxhjalp.yaml").write_text(text.replace("org_number: 802466-6664", "org_number: 802466-6665"),
                                            encoding="utf-8")
    with pytest.raises(ExampleError, match=r"laxhjalp\.yaml: answers\.partners\[0\]\.org_number"):
        load_example(tmp_path / "laxhjalp.yaml")
    (tmp_path / "laxhjalp.yaml").write_text("example: [", encoding="utf-8")
    with pytest.raises(ExampleError, match=r"^laxhjalp\.yaml: "):
        load_example(tmp_path / "laxhjalp.yaml")


def test_get_example_uses_the_configured_folder(make_app: Any, tmp_path: Path):
    text = (EXAMPLES_DIR / "laxhjalp.yaml").read_text(encoding="utf-8")
    (tmp_path / "laxhjalp.yaml").write_text(text, encoding="utf-8")
    app = make_app(EXAMPLES_DIR=str(tmp_path))
    with app.app_context():
        assert [e.id for e in load_examples()] == ["laxhjalp"]
        assert get_example("laxhjalp") is not None
        assert get_example("motesplats-boende") is None
        assert get_example("../laxhjalp") is None


def test_cli_list(runner: Any):
    result = runner.invoke(args=["examples", "list"])
    assert result.exit_code == 0, result.output
    for example in EXAMPLES:
        assert example.id in result.output and example.text("title") in result.output


def test_cli_show(runner: Any):
    result = runner.invoke(args=["examples", "show", "trygghetsvandring-timpris"])
    assert result.exit_code == 0, result.output
    assert "Trygghetsvandringar mot timpris" in result.output
    assert "Att hålla koll på:" in result.output
    assert "  - lou.over-direct-award-limit" in result.output
    answers_yaml = result.output.split("Svar:\n", 1)[1]
    assert yamlio.load(answers_yaml)["exchange"]["payment_model"] == "per_unit"


def test_cli_show_json(runner: Any):
    result = runner.invoke(args=["examples", "show", "laxhjalp", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["housing_company"]["name"] == "Exempelbo AB"
    assert data["activity"]["children_involved"] is True


def test_cli_show_unknown_lists_the_ids(runner: Any):
    result = runner.invoke(args=["examples", "show", "finns-inte"])
    assert result.exit_code == 1
    assert "Okänt exempel finns-inte" in result.output
    assert "laxhjalp" in result.output and "motesplats-boende" in result.output


def catalogue_ids() -> set[str]:
    """Return every checkpoint id named in rules/checkpoints.yaml (empty when it is absent)."""
    path = PROJECT_ROOT / "rules" / "checkpoints.yaml"
    if not path.is_file():
        return set()
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "id" and isinstance(value, str):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yamlio.load(path.read_text(encoding="utf-8")))
    return found


def test_finding_ids_exist_in_the_rules():
    known = catalogue_ids()
    assert len(known) >= 40  # the shipped catalogue
    for example in EXAMPLES:
        unknown = (set(example.expected_findings) | set(example.not_expected)) - known
        assert not unknown, f"{example.id}: {sorted(unknown)}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_example_assesses_to_its_expected_findings(request: pytest.FixtureRequest, example: Example):
    assessment = importlib.import_module("app.services.assessment")
    request.getfixturevalue("app")  # the service reads the rules file named in the app's config
    result = assessment.assess_answers(example.answers)
    fired = {finding.id for finding in result.findings} - DATE_DEPENDENT
    assert fired == set(example.expected_findings), (
        f"missing {sorted(set(example.expected_findings) - fired)}, unexpected {sorted(fired - set(example.expected_findings))}")
    assert not fired & set(example.not_expected)


def test_an_example_is_parsed_once_and_again_when_its_file_changes(tmp_path: Path):
    import os

    path = tmp_path / "laxhjalp.yaml"
    text = (EXAMPLES_DIR / "laxhjalp.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_example(path)
    assert load_example(path) is first  # the same file: not read and validated again
    path.write_text(text.replace("area: Exempeldal", "area: Hammarkullen"), encoding="utf-8")
    stamp = path.stat()
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))  # a later save, even on coarse clocks
    changed = load_example(path)
    assert changed is not first and changed.answers.activity.area == "Hammarkullen"
    path.write_text("example: [", encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 2_000_000_000))
    with pytest.raises(ExampleError, match="laxhjalp.yaml"):  # a broken edit is reported, not hidden by the cache
        load_example(path)
