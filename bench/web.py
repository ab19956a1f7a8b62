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
    return new_draft_timed(client, expect)


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


#: A whole wizard walk: every step's form as a user fills it in (a two-partner agreement), in step order.
WALK: dict[str, dict[str, Any]] = {
    "avtalet": {"title": "Samverkan om läxhjälp i Rannebergen", "intended_form": "partnership", "language": "sv"},
    "bostadsbolaget": STEP_DATA,
    "parter": {
        "partners-0-name": "Föreningen Mötesplats Öst", "partners-0-org_number": "802400-0005",
        "partners-0-org_form": "ideell_forening", "partners-0-contact-name": "Amina Yusuf",
        "partners-0-signatory-name": "Amina Yusuf", "partners-0-signatory-title": "Ordförande",
        "partners-0-payment_share_percent": "60", "partners-1-payment_share_percent": "40",
        "partners-1-name": "Läxhjälpen i Väst", "partners-1-org_number": "556000-0019",
        "partners-1-org_form": "stiftelse", "partners-1-registered_ideburen": "y",
        "partners-1-contact-name": "Per Ek", "partners-1-signatory-name": "Per Ek",
        "partners-1-signatory-title": "Ordförande",
    },
    "verksamheten": {
        "kinds": ["laxhjalp", "motesplats"], "area": "Rannebergen", "description": "Läxhjälp två kvällar i veckan.",
        "goal_areas": ["skolresultat"], "goals": "Fler elever klarar skolan.", "initiative": "partner",
        "partner_runs_own_activity": "y", "residents_involved": "y", "children_involved": "y",
    },
    "ekonomi": {
        "company_pays": "y", "amount_per_year_sek": "350000", "payment_model": "lump_sum_grant",
        "market_exists": "no", "repayment_of_unused_funds": "y", "partner_own_contribution": "y",
        "own_contribution_description": "Ideella läxhjälpare.", "annex2_service": "unknown",
        "related_agreements_12m_sek": "0", "de_minimis_received_3y_eur": "0",
        # The bench company's signed agreements are of the same kind: say why they are not counted.
        "related_agreements_note": "De undertecknade avtalen gäller andra bostadsområden och andra behov.",
    },
    "lokaler": {"rent": "market"},
    "personuppgifter": {"joint_decisions_on_data": "y"},
    "avtalstid": {"start_date": "2027-01-01", "end_date": "2028-12-31", "extension_months": "0", "notice_months": "3"},
    "uppfoljning": {"meeting_frequency": "quarterly", "indicators": "Antal elever per vecka\r\n\r\nBetyg i svenska",
                    "process_leaders-0-name": "Karin Berg", "process_leaders-0-organisation": "Exempelbo AB",
                    "process_leaders-0-role": "Områdeschef"},
    "styrning": {"insurance_required": "y", "dispute_resolution": "mediation_then_court"},
}
BASE = re.compile(r'id="base" name="base" type="hidden" value="([^"]*)"')


class WizardWalker:
    """One user walking the whole wizard: a new draft, every step's page and save, then the review page."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.client = Client(port, cookies)

    def walk(self, latencies: list[float]) -> int:
        """Walk once; append each request's seconds to `latencies` and return how many requests it made."""
        client = self.client
        before = len(latencies)

        def timed(response: Any, *statuses: int) -> Any:
            latencies.append(response.seconds)
            return expect(response, *statuses)

        draft = new_draft_timed(client, timed)
        for slug, data in WALK.items():
            path = f"/utkast/{draft}/steg/{slug}"
            page = timed(client.get(path), 200).body
            base = BASE.search(page)
            timed(client.post(path, {**data, "csrf_token": token_of(page), "version": version_of(page),
                                     "base": base.group(1) if base else "",
                                     "action": "next"}), 302)
        timed(client.get(f"/utkast/{draft}/granska"), 200)
        return len(latencies) - before


def new_draft_timed(client: Client, timed: Callable[..., Any]) -> str:
    token = token_of(timed(client.get("/utkast/"), 200).body)
    location = timed(client.post("/utkast/nytt", {"csrf_token": token, "title": "Bänkutkast"}), 302).location
    match = re.search(r"/utkast/([0-9a-f-]{36})/", location)
    if not match:
        raise RuntimeError(f"no draft in {location}")
    return match.group(1)


def walk_load(port: int, cookies: dict[str, str], clients: int, seconds: float) -> dict[str, Any]:
    """Let `clients` users walk the wizard over and over for `seconds`; return requests per second."""
    walkers = [WizardWalker(port, cookies) for _ in range(clients)]
    latencies: list[list[float]] = [[] for _ in walkers]
    walks = [0] * clients

    def one(i: int) -> None:
        walkers[i].walk(latencies[i])
        walks[i] += 1

    errors, elapsed = in_threads(clients, seconds, one)
    for walker in walkers:
        walker.client.close()
    every = [t for v in latencies for t in v]
    return {"clients": clients, "seconds": round(elapsed, 2), "walks": sum(walks), "requests": len(every),
            "requests_per_s": len(every) / elapsed, "requests_per_walk": 2 + 2 * len(WALK) + 1,
            "errors": len(errors), "first_errors": errors[:3],
            "request_ms": {"median": statistics.median(every) * 1000 if every else None,
                           "p95": percentile(every, 0.95) * 1000}}


def in_threads(count: int, seconds: float, one: Callable[[int], None]) -> tuple[list[str], float]:
    """Call one(i) over and over in `count` threads for `seconds`, all starting together; return the
    errors (counted, the run goes on; a thread stops after 50) and the seconds it took."""
    errors: list[str] = []
    start_line = threading.Barrier(count + 1)
    deadline = [0.0]

    def work(i: int) -> None:
        start_line.wait()
        for _ in range(MAX_SAVES_PER_CLIENT):
            if time.perf_counter() >= deadline[0]:
                return
            try:
                one(i)
            except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
                errors.append(str(exc)[:200])
                if len(errors) > 50:
                    return

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_line.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return errors, time.perf_counter() - began


def _load(savers: list[Any], seconds: float) -> dict[str, Any]:
    """Let every saver save in its own thread for `seconds`; return the raw timings."""
    posts: list[list[float]] = [[] for _ in savers]
    cycles: list[list[float]] = [[] for _ in savers]

    def one(i: int) -> None:
        began = time.perf_counter()
        posts[i].append(savers[i].save())
        cycles[i].append(time.perf_counter() - began)

    errors, elapsed = in_threads(len(savers), seconds, one)
    return {"posts": [t for v in posts for t in v], "cycles": [t for v in cycles for t in v], "errors": errors,
            "seconds": elapsed}


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
