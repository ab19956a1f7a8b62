"""Small statistics helpers: median, percentile and a bounded timing loop."""
from __future__ import annotations

import statistics
import time
from typing import Any, Callable


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile (share in 0..1) of the values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: list[float], scale: float = 1.0) -> dict[str, Any]:
    """Return n, median and p95 of timings in seconds, multiplied by scale (1000 for ms)."""
    return {"n": len(values), "median": statistics.median(values) * scale if values else float("nan"),
            "p95": percentile(values, 0.95) * scale}


def time_calls(function: Callable[[], Any], repeat: int, warmup: int = 2) -> list[float]:
    """Call function warmup + repeat times; return the durations of the timed calls in seconds."""
    for _ in range(warmup):
        function()
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return durations


def interleaved(functions: dict[str, Callable[[], Any]], rounds: int, warmup: int = 2) -> dict[str, list[float]]:
    """Time several functions in alternation, so a noisy neighbour slows them all alike."""
    for function in functions.values():
        for _ in range(warmup):
            function()
    durations: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            durations[name].append(time.perf_counter() - start)
    return durations
