"""Load against gunicorn: step saves by concurrent clients, a mixed walk for memory, and page times."""
from __future__ import annotations

import re
import statistics
import threading
import time
from typing import Any, Callable

from .client import Client, expect, token_of, version_of
from .stats import percentile

#: The housing company step: ten fields, like the floor's form.
STEP = "bostadsbolaget"
STEP_DATA = {
    "name": "Exempelbo AB", "org_number": "556677-8899", "address": "Storgatan 1, 123 45 Exempelstad",
    "contact-name": "Karin Berg", "contact-role": "Områdeschef", "contact-email": "karin@exempelbo.se",
    "contact-phone": "010-123 45 67", "signatory-name": "Lars Holm", "signatory-title": "VD",
    "mandate_in_owner_directive": "yes",
}
MAX_SAVES_PER_CLIENT = 100_000  # a bound on every loop, far above what 15 s allow


def login(port: int, email: str, password: str) -> dict[str, str]:
    """Log in once and return the session cookies (the clients share the login, not the draft)."""
    client = Client(port)
    token = token_of(expect(client.get("/logga-in"), 200).body)
    expect(client.post("/logga-in", {"csrf_token": token, "email": email, "password": password}), 302)
    client.close()
    return client.cookies


def new_draft(client: Client) -> str:
    token = token_of(expect(client.get("/utkast/"), 200).body)
    location = expect(client.post("/utkast/nytt", {"csrf_token": token}), 302).location
    match = re.search(r"/utkast/([0-9a-f-]{36})/", location)
    if not match:
        raise RuntimeError(f"no draft in {location}")
    return match.group(1)


class AppSaver:
    """Saves the housing company step of its own draft, following the redirect as a browser does."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.client = Client(port, cookies)
        self.draft = new_draft(self.client)
        self.path = f"/utkast/{self.draft}/steg/{STEP}"
        page = expect(self.client.get(self.path), 200).body
        self.token, self.version = token_of(page), version_of(page)

    def save(self) -> float:
        """Post one save and load the page it leads to; return the POST's seconds."""
        form = {**STEP_DATA, "csrf_token": self.token, "version": self.version, "action": "next"}
        posted = expect(self.client.post(self.path, form), 302)
        page = expect(self.client.get(posted.location), 200).body
        self.version = version_of(page)
        return posted.seconds


class FloorSaver:
    """The same save cycle against the floor app."""

    def __init__(self, port: int, record_id: int):
        self.client = Client(port)
        self.path = f"/form/{record_id}"
        self.version = version_of(expect(self.client.get(self.path), 200).body)

    def save(self) -> float:
        posted = expect(self.client.post(self.path, {**STEP_DATA, "version": self.version}), 302)
        self.version = version_of(expect(self.client.get(posted.location), 200).body)
        return posted.seconds


def _load(savers: list[Any], seconds: float) -> dict[str, Any]:
    """Let every saver save in its own thread for `seconds`; return the raw timings."""
    posts: list[list[float]] = [[] for _ in savers]
    cycles: list[list[float]] = [[] for _ in savers]
    errors: list[str] = []
    start_line = threading.Barrier(len(savers) + 1)
    deadline = [0.0]

    def work(i: int) -> None:
        start_line.wait()
        for _ in range(MAX_SAVES_PER_CLIENT):
            if time.perf_counter() >= deadline[0]:
                return
            began = time.perf_counter()
            try:
                posts[i].append(savers[i].save())
            except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
                errors.append(str(exc)[:200])
                if len(errors) > 50:
                    return
                continue
            cycles[i].append(time.perf_counter() - began)

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(savers))]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_line.wait()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return {"posts": [t for v in posts for t in v], "cycles": [t for v in cycles for t in v], "errors": errors,
            "seconds": time.perf_counter() - began}


def run_alternating(groups: dict[str, list[Any]], seconds: float, slices: int = 3) -> dict[str, dict[str, Any]]:
    """Load each group of savers for `seconds` in all, in alternating slices, so that a noisy
    neighbour hits the app and its floor alike; return saves/s and latencies in ms per group."""
    raw: dict[str, dict[str, Any]] = {name: {"posts": [], "cycles": [], "errors": [], "seconds": 0.0}
                                      for name in groups}
    for _ in range(slices):
        for name, savers in groups.items():
            part = _load(savers, seconds / slices)
            for key in ("posts", "cycles", "errors"):
                raw[name][key] += part[key]
            raw[name]["seconds"] += part["seconds"]
    results = {}
    for name, r in raw.items():
        posts, cycles = r["posts"], r["cycles"]
        results[name] = {
            "clients": len(groups[name]), "seconds": round(r["seconds"], 2), "slices": slices,
            "saves": len(posts), "saves_per_s": len(posts) / r["seconds"], "errors": len(r["errors"]),
            "first_errors": r["errors"][:3],
            "post_ms": {"median": statistics.median(posts) * 1000 if posts else None,
                        "p95": percentile(posts, 0.95) * 1000},
            "save_cycle_ms": {"median": statistics.median(cycles) * 1000 if cycles else None,
                              "p95": percentile(cycles, 0.95) * 1000}}
    return results


def mixed_walk(port: int, cookies: dict[str, str], complete_draft: str, requests: int) -> dict[str, int]:
    """Make `requests` requests a staff member would: steps, saves, review, list, Word export."""
    saver = AppSaver(port, cookies)
    client = saver.client
    review = f"/utkast/{complete_draft}/granska"
    counts: dict[str, int] = {}

    def export() -> None:
        token = token_of(expect(client.get(review), 200).body)
        response = expect(client.post(f"/utkast/{complete_draft}/export",
                                      {"csrf_token": token, "language": "sv", "kind": "utkast"}), 200)
        if not response.headers.get("content-type", "").startswith("application/vnd.openxmlformats"):
            raise RuntimeError("the export returned no Word document")

    actions: list[tuple[str, int, Callable[[], Any]]] = [
        ("save", 2, saver.save),
        ("step", 1, lambda: expect(client.get(f"/utkast/{saver.draft}/steg/parter"), 200)),
        ("review", 1, lambda: expect(client.get(review), 200)),
        ("list", 1, lambda: expect(client.get("/utkast/"), 200)),
        ("save", 2, saver.save),
        ("export", 2, export),
        ("step", 1, lambda: expect(client.get(f"/utkast/{saver.draft}/steg/ekonomi"), 200)),
    ]
    made = 0
    while made < requests:
        for name, cost, action in actions:
            action()
            counts[name] = counts.get(name, 0) + 1
            made += cost
    client.close()
    return {"requests": made, **counts}


def page_times(sites: dict[str, tuple[Client, dict[str, str]]], rounds: int) -> dict[str, Any]:
    """Fetch each site's pages in turn (site -> client and page name -> path), one request at a time,
    so the sites share the machine's noise; return the median and p95 ms per site and page."""
    times: dict[str, dict[str, list[float]]] = {site: {name: [] for name in pages} for site, (_, pages) in
                                                sites.items()}
    for client, pages in sites.values():
        for path in pages.values():
            expect(client.get(path), 200)  # warm
    for _ in range(rounds):
        for site, (client, pages) in sites.items():
            for name, path in pages.items():
                times[site][name].append(expect(client.get(path), 200).seconds)
    return {site: {name: {"median": statistics.median(v) * 1000, "p95": percentile(v, 0.95) * 1000}
                   for name, v in pages.items()} for site, pages in times.items()}
