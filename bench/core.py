"""The pure core: exporting the largest example as .docx, and assessing answers."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

from docxtpl import DocxTemplate

from app.agreement import document as document_module
from app.agreement.checkpoints import assess
from app.agreement.clauses import select
from app.agreement.conditions import context_for
from app.services.assessment import get_rules
from app.services.documents import assess_for_document, load_library, render_answers
from app.services.examples import Example, load_examples

from .stats import interleaved, summary

ON = dt.date(2027, 1, 1)


def largest_example() -> tuple[Example, int]:
    """Return the example whose agreement has the most clauses, and that number."""
    library = load_library()
    counted = []
    for example in load_examples():
        facts, findings, parameters, _ = assess_for_document(example.answers, ON)
        counted.append((len(select(library, context_for(example.answers, facts, parameters, findings))), example.id,
                        example))
    count, _, example = max(counted, key=lambda item: (item[0], item[1]))
    return example, count


def captured_context(example: Example) -> dict[str, Any]:
    """Return the context the app hands docxtpl for this example (clauses rendered, annex built)."""
    seen: list[dict[str, Any]] = []

    class Recording(DocxTemplate):
        def render(self, context: dict[str, Any], *args: Any, **kwargs: Any) -> None:
            seen.append(context)
            super().render(context, *args, **kwargs)

    with mock.patch.object(document_module, "DocxTemplate", Recording):
        render_answers(example.answers, "sv", on=ON)
    return seen[0]


def bare_render(context: dict[str, Any]) -> bytes:
    """The floor: docxtpl's documented use on the same template, with an escaping Jinja environment."""
    template = DocxTemplate(str(document_module.TEMPLATE))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def bench_document(rounds: int) -> dict[str, Any]:
    """Time the app's export of the largest example against the bare docxtpl floor."""
    example, clause_count = largest_example()
    context = captured_context(example)
    timings = interleaved({
        "export": lambda: render_answers(example.answers, "sv", on=ON),
        "floor": lambda: bare_render(context),
    }, rounds)
    export, floor = summary(timings["export"], 1000), summary(timings["floor"], 1000)
    return {"example": example.id, "clauses": clause_count, "annexes": len(context.get("annexes", [])),
            "bytes": len(render_answers(example.answers, "sv", on=ON)),
            "export_ms": export, "floor_ms": floor, "ratio_median": export["median"] / floor["median"],
            "ratio_p95": export["p95"] / floor["p95"]}


def bench_assessment(rounds: int) -> dict[str, Any]:
    """Time assess() with the rules already compiled, over every example in turn."""
    rules = get_rules()
    examples = load_examples()
    timings = interleaved({e.id: (lambda e=e: assess(e.answers, rules, ON, "sv")) for e in examples}, rounds)
    every = [t for values in timings.values() for t in values]
    result = summary(every, 1e6)
    return {"assess_us": result, "examples": len(examples), "checkpoints": len(rules.checkpoints)}
