"""The benchmark's core part runs (a smoke test: `make bench` itself measures; nothing is timed here)."""
from __future__ import annotations

import json
from pathlib import Path

from bench.run import main


def test_quick_bench_of_document_and_assessment_writes_a_report(tmp_path: Path) -> None:
    output = tmp_path / "bench-report.json"
    assert main(["--quick", "--only", "document,assessment", "--output", str(output)]) == 0
    report = json.loads(output.read_text())
    assert report["document"]["clauses"] > 0
    assert report["document"]["bytes"] > 0
    assert report["assessment"]["examples"] > 0
    assert {row["target"] for row in report["targets"]} == {"export_ratio", "export_ms", "assess_us"}
