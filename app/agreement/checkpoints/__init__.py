"""Risk checkpoints: load rules/checkpoints.yaml and assess answers against it (pure core)."""
from __future__ import annotations

from .engine import FACT_SOURCES, VERDICTS, Assessment, Finding, Verdict, assess, evaluate, verdict_for
from .examples import deep_merge, example_answers, run_example, run_examples
from .loader import RulesError, load_rules, parse_rules
from .model import Checkpoint, Example, Parameter, Rules

__all__ = [
    "FACT_SOURCES", "VERDICTS", "Assessment", "Checkpoint", "Example", "Finding", "Parameter", "Rules",
    "RulesError", "Verdict", "assess", "deep_merge", "evaluate", "example_answers", "load_rules", "parse_rules",
    "run_example", "run_examples", "verdict_for",
]
