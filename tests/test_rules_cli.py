"""`flask rules check` and `flask draft assess` as an integrator uses them."""
from __future__ import annotations

import datetime as dt
import json
import re

from app import PROJECT_ROOT

RULES_FILE = PROJECT_ROOT / "rules" / "checkpoints.yaml"
FINDING_KEYS = {"id", "severity", "title", "explanation", "action", "legal_basis", "sources", "triggered_by",
                "recommended_clauses"}


def write_rules(tmp_path, old, new):
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "checkpoints.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[:text.index(old)].count("\n") + 1


def test_check_passes_on_the_shipped_file(runner):
    result = runner.invoke(args=["rules", "check"])
    assert result.exit_code == 0, result.output
    assert re.search(r"OK \(46 kontrollpunkter, \d+ exempel\)", result.output)


def test_check_fails_with_file_and_line(runner, tmp_path):
    path, line = write_rules(tmp_path, "{fact: exchange.penalties, is: true}", "{fact: exchange.penalty, is: true}")
    result = runner.invoke(args=["rules", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}: okänd uppgift 'exchange.penalty'" in result.output


def test_check_fails_when_an_example_misbehaves(runner, tmp_path):
    path, line = write_rules(tmp_path, "triggers: [{exchange: {penalties: true}}]",
                             "triggers: [{exchange: {penalties: false}}]")
    result = runner.invoke(args=["rules", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}: lou.penalties ska slå till i exemplet men gör det inte" in result.output


def test_check_warns_about_parameters_about_to_expire(runner, tmp_path):
    soon = dt.date.today() + dt.timedelta(days=30)
    path, _ = write_rules(tmp_path, "valid_to: 2030-12-31", f"valid_to: {soon.isoformat()}")
    result = runner.invoke(args=["rules", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "varning: parametern de_minimis_eur_3y gäller till" in result.output


def answers_file(tmp_path, data):
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_assess_reads_an_example_file(runner):
    # An example wraps its answers beside a header; assessing it assesses those answers.
    path = PROJECT_ROOT / "examples" / "trygghetsvandring-timpris.yaml"
    result = runner.invoke(args=["draft", "assess", str(path), "--on", "2026-06-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"]["code"] == "stop"
    assert "lou.contract-likely" in [f["id"] for f in data["findings"]]


def test_assess_prints_one_json_object(runner, tmp_path, answers_data):
    answers_data["exchange"]["partner_delivers_to_company"] = True
    result = runner.invoke(args=["draft", "assess", str(answers_file(tmp_path, answers_data)), "--on", "2026-06-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"verdict", "findings", "facts", "parameters"} <= set(data)
    assert data["verdict"] == {"code": "stop", "text": "Stopp: kontakta jurist innan avtalet undertecknas"}
    assert all(FINDING_KEYS <= set(f) for f in data["findings"])
    ids = [f["id"] for f in data["findings"]]
    assert "lou.over-direct-award-limit" in ids and "system.stale-parameters" not in ids
    assert data["facts"]["aggregated_value_sek"] == 700_000
    assert data["parameters"]["direct_award_limit_sek"]["value"] == 700_000


def test_assess_in_english_on_a_later_date(runner, tmp_path, answers_data):
    path = answers_file(tmp_path, answers_data)
    result = runner.invoke(args=["draft", "assess", str(path), "--lang", "en", "--on", "2028-06-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    stale = next(f for f in data["findings"] if f["id"] == "system.stale-parameters")
    assert stale["title"] == "The limits need to be reviewed"
    assert any("eu_threshold_social_eur" in line for line in stale["triggered_by"])


def test_assess_rejects_invalid_answers(runner, tmp_path, answers_data):
    answers_data["exchange"]["payment_model"] = "barter"
    result = runner.invoke(args=["draft", "assess", str(answers_file(tmp_path, answers_data))])
    assert result.exit_code == 1
    assert "exchange.payment_model: ogiltigt val" in result.output


def test_assess_reports_a_broken_rules_file(make_app, tmp_path, answers_data):
    rules, line = write_rules(tmp_path, "{fact: exchange.exclusivity, is: true}", "{fact: exchange.exclusive, is: true}")
    runner = make_app(RULES_FILE=str(rules)).test_cli_runner()
    result = runner.invoke(args=["draft", "assess", str(answers_file(tmp_path, answers_data))])
    assert result.exit_code == 1
    assert f"{rules}:{line}: okänd uppgift 'exchange.exclusive'" in result.output


def test_rules_are_reloaded_when_the_file_changes(tmp_path):
    import os

    from app.services.assessment import get_rules

    path, _ = write_rules(tmp_path, "value: 700000", "value: 700000")
    first = get_rules(path)
    assert get_rules(path) is first
    path.write_text(path.read_text(encoding="utf-8").replace("value: 700000", "value: 800000"), encoding="utf-8")
    os.utime(path, (first_mtime := path.stat().st_mtime + 5, first_mtime))
    assert get_rules(path).parameters["direct_award_limit_sek"].value == 800_000


def test_assess_lists_only_the_parameters_the_findings_use(runner, tmp_path, answers_data):
    """A grant with no state aid lists no de minimis parameters; the stop's fine parameters when it fires."""
    result = runner.invoke(args=["draft", "assess", str(answers_file(tmp_path, answers_data)), "--on", "2026-06-01"])
    listed = json.loads(result.stdout)["parameters"]
    assert "aid_eur_sek_rate" not in listed and "de_minimis_eur_3y" not in listed
    assert "procurement_fee_max_sek" not in listed
    answers_data["exchange"]["partner_delivers_to_company"] = True
    result = runner.invoke(args=["draft", "assess", str(answers_file(tmp_path, answers_data)), "--on", "2026-06-01"])
    listed = json.loads(result.stdout)["parameters"]
    assert {"direct_award_limit_sek", "procurement_fee_min_sek", "procurement_fee_max_sek",
            "procurement_fee_max_share_pct"} <= set(listed)


def test_assess_in_english_cites_in_english(runner, tmp_path, answers_data):
    answers_data["exchange"]["partner_delivers_to_company"] = True
    path = answers_file(tmp_path, answers_data)
    result = runner.invoke(args=["draft", "assess", str(path), "--lang", "en", "--on", "2026-06-01"])
    data = json.loads(result.stdout)
    stop = next(f for f in data["findings"] if f["id"] == "lou.over-direct-award-limit")
    assert stop["legal_basis"].startswith("Chapter 19 a, Section 2 of the Public Procurement Act (2016:1145) (LOU)")
    assert any("as amended up to SFS 2026:880" in s["title"] for s in stop["sources"])
    assert data["parameters"]["direct_award_limit_sek"]["source"].startswith("Chapter 19 a, Section 2")
