"""Run the benchmark: `python -m bench [--quick] [--only document,assessment,web,scale]`.

Writes bench-report.json and prints a table. Every figure stands beside a floor measured in the
same run, because the machine is shared and noisy: compare ratios, not absolute numbers.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import sys
from pathlib import Path
from typing import Any

from app import PROJECT_ROOT

from . import core, floor_app, web
from .client import Client
from .databases import BenchDatabase, workdir
from .report import evaluate, table
from .server import Server

PARTS = ("document", "assessment", "web", "scale")


def settings(quick: bool) -> dict[str, Any]:
    seconds = float(os.environ.get("BENCH_SECONDS", 3 if quick else 15))
    return {"quick": quick, "web_seconds": seconds, "clients": int(os.environ.get("BENCH_CLIENTS", 16)),
            "workers": 2, "document_rounds": 10 if quick else 40, "assess_rounds": 40 if quick else 200,
            "mixed_requests": 200 if quick else 1000, "drafts": 10_000 if quick else 100_000,
            "agreements": 10_000 if quick else 100_000,
            "clause_versions": 1000, "page_rounds": 10 if quick else 30,
            "backends": os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")}


def bench_backend(kind: str, config: dict[str, Any], folder: Path, parts: set[str]) -> dict[str, Any]:
    """Serve one database kind: the floor, then the app (memory walk, step saves, pages empty and full)."""
    result: dict[str, Any] = {}
    database = BenchDatabase(kind, folder).create()
    try:
        seed = database.seed()
        clients = config["clients"]
        if "web" in parts:
            floor_app.prepare(database.url, clients)
        env = {"DATABASE_URL": database.url, "SECRET_KEY": secrets.token_hex(32), "APP_ENV": "production"}
        with Server("wsgi:app", env, folder / f"app-{kind}.log", config["workers"]) as server:
            cookies = web.login(server.port, seed["email"], seed["password"])
            if "web" in parts:
                # The login's password check (scrypt, N=2^15, r=8) needs a 32 MiB work area for a moment: its
                # peak is reported on its own, and the walk's peak is measured from the memory after it.
                login_peak = server.peak_rss_mb()
                reset = server.reset_peak()
                walk = web.mixed_walk(server.port, cookies, seed["walk_draft"], config["mixed_requests"])
                result["memory"] = {"walk": walk, "peak_rss_mb": server.peak_rss_mb(), "login_peak_mb": login_peak,
                                    "peak_reset_after_login": reset, "rss_mb_now": server.memory_mb("VmRSS")}
                with Server("bench.floor_app:app", {"DATABASE_URL": database.url, "BENCH_FLOOR": "1"},
                            folder / f"floor-{kind}.log", config["workers"]) as floor_server:
                    groups = {"floor": [web.FloorSaver(floor_server.port, i + 1) for i in range(clients)],
                              "app": [web.AppSaver(server.port, cookies) for _ in range(clients)]}
                    result.update(web.run_alternating(groups, config["web_seconds"]))
                result["save_ratio"] = result["app"]["saves_per_s"] / max(result["floor"]["saves_per_s"], 1e-9)
                result["save_p95_ratio"] = result["app"]["post_ms"]["p95"] / max(result["floor"]["post_ms"]["p95"], 1e-9)
                result["walk"] = web.walk_load(server.port, cookies, clients, config["web_seconds"])
            if "scale" in parts:
                result["scale"] = bench_scale(kind, config, folder, server, cookies, seed)
            if "web" in parts:
                result["memory"]["peak_rss_mb_after_all"] = server.peak_rss_mb()
    finally:
        database.drop()
    return result


def bench_scale(kind: str, config: dict[str, Any], folder: Path, server: Server, cookies: dict[str, str],
                seed: dict[str, Any]) -> dict[str, Any]:
    """Time the drafts list and a review page on a full database beside the almost empty one, interleaved."""
    full = BenchDatabase(kind, folder).create()
    try:
        full_seed = full.seed()
        filled = full.fill(config["drafts"], config["clause_versions"], full_seed["organisation_id"],
                           full_seed["user_id"], agreements=config["agreements"])
        env = {"DATABASE_URL": full.url, "SECRET_KEY": secrets.token_hex(32), "APP_ENV": "production"}
        with Server("wsgi:app", env, folder / f"app-full-{kind}.log", config["workers"]) as full_server:
            full_cookies = web.login(full_server.port, full_seed["email"], full_seed["password"])

            def pages(site: dict[str, Any]) -> dict[str, str]:
                return {"drafts_list": "/utkast/", "draft_review": f"/utkast/{site['complete_draft']}/granska",
                        "portfolio": "/avtal/", "deadlines": "/avtal/frister",
                        "calendar_feed": f"/avtal/kalender/{site['feed_token']}.ics"}

            sites = {"empty": (Client(server.port, cookies), pages(seed)),
                     "full": (Client(full_server.port, full_cookies), pages(full_seed))}
            times = web.page_times(sites, config["page_rounds"])
            for client, _ in sites.values():
                client.close()
    finally:
        full.drop()
    return {"database": filled, "empty_ms": times["empty"], "full_ms": times["full"],
            "ratio": {name: times["full"][name]["median"] / times["empty"][name]["median"] for name in times["full"]}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs for a smoke test")
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts: " + ", ".join(PARTS))
    parser.add_argument("--output", default=str(PROJECT_ROOT / "bench-report.json"))
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    config = settings(args.quick)
    report: dict[str, Any] = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                          "load_average": os.getloadavg()},
                              "settings": config}
    if "document" in parts:
        report["document"] = core.bench_document(config["document_rounds"])
    if "assessment" in parts:
        report["assessment"] = core.bench_assessment(config["assess_rounds"])
    if parts & {"web", "scale"}:
        folder = workdir()
        try:
            report["backends"] = {kind: bench_backend(kind, config, folder, parts) for kind in config["backends"]}
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    report["targets"] = evaluate(report)
    report["fixes"] = json.loads((Path(__file__).with_name("fixes.json")).read_text())
    Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table(report))
    print(f"\nReport: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
