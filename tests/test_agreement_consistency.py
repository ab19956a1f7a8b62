"""Every agreement the product can write reads as one agreement, in Swedish and in English.

Generated answers of every shape go through the real rules, the real clause library and the
real sandbox; the whole agreement is then read as a lawyer reads it (tests/agreement_reading):
no section contradicts another or the risk assessment, no advice to the drafter reaches the
signed text, every annex referred to is produced or listed, singular and plural agree with
the number of partners, and an English document holds no Swedish.
"""
from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, note, settings

from agreement_reading import read_agreement
from agreement_strategies import agreements
from app.agreement.answers import validate
from app.agreement.registry import load_document_rules
from app.services.documents import document_model

EXAMPLES = int(os.environ.get("CONSISTENCY_EXAMPLES", "2000"))


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(agreements())
def test_every_generated_agreement_reads_as_one_agreement(app: Any, data: dict[str, Any]) -> None:
    answers = validate(data)
    rules = load_document_rules()
    with app.app_context():
        for lang in ("sv", "en"):
            model, assessment = document_model(answers, lang)
            findings = [f["id"] for f in assessment["findings"]]
            problems = read_agreement(model, rules, findings, data)
            note(f"{lang}: {problems}")
            assert not problems, f"{lang}:\n" + "\n".join(problems)
