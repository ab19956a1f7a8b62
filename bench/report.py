"""Judge the figures against the targets and print them as a table."""
from __future__ import annotations

from typing import Any

TARGETS = {
    "export_ratio": "export median within 1.5x the bare docxtpl render",
    "export_ms": "export median under 80 ms",
    "assess_us": "assess median at most 1 ms",
    "save_ratio": "step saves at least 0.6 of the floor's throughput",
    "save_p95": "step save POST p95 at most 1.5x the floor's p95",
    "memory": "peak RSS per worker at most 110 MB after the mixed requests",
    "scale": "pages at 100 000 drafts and agreements within 2x the almost empty database",
}


def evaluate(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Return one row per target: what, measured, met."""
    rows: list[dict[str, Any]] = []

    def add(key: str, where: str, value: float, limit: float) -> None:
        rows.append({"target": key, "where": where, "text": TARGETS[key], "value": round(value, 3),
                     "limit": limit, "met": value <= limit})

    if "document" in report:
        add("export_ratio", "document", report["document"]["ratio_median"], 1.5)
        add("export_ms", "document", report["document"]["export_ms"]["median"], 80)
    if "assessment" in report:
        add("assess_us", "assessment", report["assessment"]["assess_us"]["median"], 1000)
    for kind, result in report.get("backends", {}).items():
        if "save_ratio" in result:
            rows.append({"target": "save_ratio", "where": kind, "text": TARGETS["save_ratio"],
                         "value": round(result["save_ratio"], 3), "limit": 0.6, "met": result["save_ratio"] >= 0.6})
            add("save_p95", kind, result["save_p95_ratio"], 1.5)
            add("memory", kind, max(result["memory"]["peak_rss_mb"] or [0]), 110)
        if "scale" in result:
            for page, ratio in result["scale"]["ratio"].items():
                add("scale", f"{kind} {page}", ratio, 2.0)
    return rows


def _f(value: Any, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(report: dict[str, Any]) -> str:
    """Return the figures as a plain-text table."""
    lines = [f"{'measure (floor = bare docxtpl / minimal app / empty db)':<44} {'app':>10} {'floor':>10} {'ratio':>7}"]
    lines.append("-" * len(lines[0]))
    if "document" in report:
        d = report["document"]
        lines.append(f"{'export %s (%d clauses) median ms' % (d['example'], d['clauses']):<44} "
                     f"{_f(d['export_ms']['median']):>10} {_f(d['floor_ms']['median']):>10} {_f(d['ratio_median'], 2):>7}")
        lines.append(f"{'export p95 ms':<44} {_f(d['export_ms']['p95']):>10} {_f(d['floor_ms']['p95']):>10} "
                     f"{_f(d['ratio_p95'], 2):>7}")
    if "assessment" in report:
        a = report["assessment"]["assess_us"]
        lines.append(f"{'assess median / p95 µs':<44} {_f(a['median'], 0):>10} {_f(a['p95'], 0):>10} {'':>7}")
    for kind, r in report.get("backends", {}).items():
        if "app" in r:
            app, floor = r["app"], r["floor"]
            lines.append(f"{'%s step saves/s (%d clients)' % (kind, app['clients']):<44} {_f(app['saves_per_s']):>10} "
                         f"{_f(floor['saves_per_s']):>10} {_f(r['save_ratio'], 2):>7}")
            lines.append(f"{kind + ' save POST median / p95 ms':<44} "
                         f"{_f(app['post_ms']['median']) + ' / ' + _f(app['post_ms']['p95']):>10} "
                         f"{_f(floor['post_ms']['median']) + ' / ' + _f(floor['post_ms']['p95']):>10}")
            lines.append(f"{kind + ' errors (app / floor)':<44} {app['errors']:>10} {floor['errors']:>10}")
            lines.append(f"{kind + ' save POST p95 / floor p95':<44} {'':>10} {'':>10} {_f(r['save_p95_ratio'], 2):>7}")
            if "walk" in r:
                w = r["walk"]
                lines.append(f"{'%s wizard walk req/s (%d clients)' % (kind, w['clients']):<44} "
                             f"{_f(w['requests_per_s']):>10} {'':>10} {'':>7}")
                lines.append(f"{kind + ' walk request median / p95 ms':<44} "
                             f"{_f(w['request_ms']['median']) + ' / ' + _f(w['request_ms']['p95']):>10} "
                             f"{'errors ' + str(w['errors']):>10}")
            peaks = r["memory"]["peak_rss_mb"]
            lines.append(f"{'%s peak RSS MB/worker (%d req)' % (kind, r['memory']['walk']['requests']):<44} "
                         f"{_f(max(peaks or [0])):>10}")
            if r["memory"].get("login_peak_mb"):
                lines.append(f"{kind + ' peak RSS MB/worker at the login':<44} {_f(max(r['memory']['login_peak_mb'])):>10}")
        if "scale" in r:
            s = r["scale"]
            for page in s["ratio"]:
                lines.append(f"{'%s %s ms (full vs almost empty)' % (kind, page):<44} "
                             f"{_f(s['full_ms'][page]['median']):>10} {_f(s['empty_ms'][page]['median']):>10} "
                             f"{_f(s['ratio'][page], 2):>7}")
    lines.append("")
    for row in report.get("targets", []):
        lines.append(f"{'MET ' if row['met'] else 'MISS'} {row['where']:<28} {row['text']} "
                     f"(measured {row['value']}, limit {row['limit']})")
    return "\n".join(lines)
