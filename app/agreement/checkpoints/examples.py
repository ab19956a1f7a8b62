"""Run the example cases embedded in a rules file: each must (or must not) trigger its checkpoint."""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ..answers import AnswersError, validate
from ..i18n import N_, gettext_for
from .engine import assess
from .model import Checkpoint, Example, Rules

_sv = gettext_for("sv")
DATE_KEY = "assessed_on"  # an example may set its own assessment date


def deep_merge(base: Any, fragment: Any) -> Any:
    """Merge `fragment` onto `base`: mappings key by key, lists of mappings item by item."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        merged = dict(base)
        for key, value in fragment.items():
            merged[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(fragment, list) and all(isinstance(i, dict) for i in base + fragment):
        return [deep_merge(base[i], item) if i < len(base) else copy.deepcopy(item) for i, item in enumerate(fragment)]
    return copy.deepcopy(fragment)


def example_answers(rules: Rules, example: Example) -> tuple[dict, dt.date]:
    """Return the complete answers of an example and its assessment date."""
    fragment = dict(example.fragment)
    on = fragment.pop(DATE_KEY, rules.example_date)
    return deep_merge(rules.example_base, fragment), on


def run_example(rules: Rules, checkpoint: Checkpoint, example: Example) -> str | None:
    """Return a 'file:line: problem' message, or None when the example behaves as stated."""
    data, on = example_answers(rules, example)
    where = f"{rules.source}:{example.line}"
    try:
        answers = validate(data)
    except AnswersError as exc:
        return f"{where}: " + _sv(N_("exemplet för %(id)s är inte giltiga svar: %(problems)s"),
                                  id=checkpoint.id, problems="; ".join(exc.messages))
    fired = checkpoint.id in assess(answers, rules, on).ids
    if fired == example.triggers:
        return None
    message = N_("%(id)s ska slå till i exemplet men gör det inte") if example.triggers else \
        N_("%(id)s ska inte slå till i exemplet men gör det")
    return f"{where}: " + _sv(message, id=checkpoint.id)


def run_examples(rules: Rules) -> list[str]:
    """Run every embedded example; return one message per failure."""
    failures = [run_example(rules, cp, ex) for cp in rules.checkpoints for ex in cp.examples]
    return [f for f in failures if f]
