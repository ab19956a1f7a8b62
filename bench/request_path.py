"""The request path in one process: SQL statements and median ms of the busiest requests, beside the
health check measured in the same process (the floor: routing, session and one statement).

`python -m bench.request_path [--rounds N] [--output file.json]` on a throwaway SQLite database.
The figures of bench/fixes.json (before and after each fix) are made with this and the web bench.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import event

from app import create_app
from app.extensions import db
from app.models import Organisation, User

from .databases import BenchDatabase, workdir
from .web import STEP, STEP_DATA

PASSWORD = "bench-request-path"


def _clients(app: Any, seed: dict[str, Any]) -> dict[str, Any]:
    """Log in the staff member, a library reviewer and an admin (with 40 users in 40 organisations)."""
    with app.app_context():
        organisations = [Organisation(name=f"Bolag {i} AB", org_number=f"5560{i:02d}-{i:04d}") for i in range(40)]
        users = [User(email=f"anvandare{i}@bolag{i}.se", role="staff", organisation=o) for i, o in
                 enumerate(organisations)]
        reviewer = User(email="jurist@bench.se", role="reviewer", organisation=None)
        admin = User(email="admin@bench.se", role="admin", organisation_id=seed["organisation_id"])
        for user in [*users, reviewer, admin]:
            user.set_password(PASSWORD)
        db.session.add_all([*organisations, *users, reviewer, admin])
        db.session.commit()
    clients = {}
    for name, email, password in (("staff", seed["email"], seed["password"]), ("reviewer", "jurist@bench.se", PASSWORD),
                                  ("admin", "admin@bench.se", PASSWORD)):
        client = app.test_client()
        assert client.post("/logga-in", data={"email": email, "password": password}).status_code == 302, name
        clients[name] = client
    return clients


def measure(rounds: int) -> dict[str, Any]:
    folder = workdir()
    database = BenchDatabase("sqlite", folder).create()
    try:
        seed = database.seed()
        app = create_app({"SQLALCHEMY_DATABASE_URI": database.url, "SECRET_KEY": "bench-" + "x" * 32,
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
        clients = _clients(app, seed)
        staff = clients["staff"]
        response = staff.post("/utkast/nytt", data={"title": "Bänkutkast"})
        draft = re.search(r"/utkast/([0-9a-f-]{36})/", response.headers["Location"]).group(1)
        step = f"/utkast/{draft}/steg/{STEP}"
        complete = seed["complete_draft"]
        assert staff.post(f"/utkast/{complete}/export", data={"language": "sv", "kind": "utkast"}).status_code == 200
        counter = {"n": 0}

        def version() -> str:
            return re.search(r'name="version" type="hidden" value="(\d+)"',
                             staff.get(step).get_data(as_text=True)).group(1)

        def save() -> Any:
            counter["n"] += 1  # a different phone number each time: every save writes
            return staff.post(step, data={**STEP_DATA, "contact-phone": f"010-{counter['n']:06d}",
                                          "version": state["version"], "action": "next"})

        state = {"version": version()}

        def step_save() -> Any:
            response = save()
            state["version"] = str(int(state["version"]) + 1)
            return response

        clause_key = "parter"
        edit = f"/bibliotek/{clause_key}/redigera"
        fields = _editor_fields(clients["reviewer"], edit)

        def clause_save() -> Any:
            counter["n"] += 1
            return clients["reviewer"].post(edit, data={**fields, "notes": f"Anteckning {counter['n']}",
                                                        "reason": "Mätning", "save": "y"})

        requests: dict[str, tuple[Callable[[], Any], int]] = {
            "floor_health": (lambda: staff.get("/health"), 200),
            "step_get": (lambda: staff.get(f"/utkast/{draft}/steg/parter"), 200),
            "step_save": (step_save, 302),
            "review_page": (lambda: staff.get(f"/utkast/{complete}/granska"), 200),
            "drafts_list": (lambda: staff.get("/utkast/"), 200),
            "users_list": (lambda: clients["admin"].get("/admin/anvandare"), 200),
            "clause_save": (clause_save, 302),
        }
        result: dict[str, Any] = {}
        with app.app_context():
            engine = db.engine  # requests run outside this context: each has its own (and its own login)
        for name, (call, status) in requests.items():
            statements: list[str] = []

            def listen(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
                statements.append(statement)

            call()  # warm
            event.listen(engine, "before_cursor_execute", listen)
            got = call()
            event.remove(engine, "before_cursor_execute", listen)
            assert got.status_code == status, (name, got.status_code, got.get_data(as_text=True)[:500])
            result[name] = {"statements": len(statements)}
        times: dict[str, list[float]] = {name: [] for name in requests}
        for _ in range(rounds):  # interleaved, so that the machine's noise hits every request alike
            for name, (call, status) in requests.items():
                began = time.perf_counter()
                got = call()
                times[name].append((time.perf_counter() - began) * 1000)
                assert got.status_code == status, (name, got.status_code)
        from app.services.examples import load_examples

        with app.app_context():
            began = time.perf_counter()
            for _ in range(rounds):
                load_examples()
        result["load_examples"] = {"ms": round((time.perf_counter() - began) * 1000 / rounds, 3)}
        floor = statistics.median(times["floor_health"])
        for name, values in times.items():
            result[name].update(median_ms=round(statistics.median(values), 2),
                                ratio_to_floor=round(statistics.median(values) / floor, 2))
        return result
    finally:
        database.drop()
        shutil.rmtree(folder, ignore_errors=True)


def _editor_fields(client: Any, url: str) -> dict[str, str]:
    """Return the clause editor's prefilled fields, as the browser would send them back."""
    html = client.get(url).get_data(as_text=True)
    fields: dict[str, str] = {}
    for name in ("title_sv", "title_en", "title_plural_sv", "title_plural_en", "addresses"):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', html)
        fields[name] = _unescape(match.group(1)) if match else ""
    for name in ("text_sv", "text_en", "include_when", "asserts"):
        match = re.search(rf'name="{name}"[^>]*>\r?\n?(.*?)</textarea>', html, re.S)
        fields[name] = _unescape(match.group(1)) if match else ""
    return fields


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.request_path", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    result = measure(args.rounds)
    text = json.dumps(result, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
