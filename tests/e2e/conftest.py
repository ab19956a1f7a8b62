"""Browser fixtures: the app served on a loopback port, and Debian's Chromium driven by Playwright.

The whole package is skipped when /usr/bin/chromium or the playwright package is missing
(CI installs chromium with apt; `playwright install` cannot download browsers here).
"""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from app import PROJECT_ROOT, create_app
from app.config import TestConfig
from app.extensions import db

from .accounts import ADMIN, LAWYER, ORGANISATION, PASSWORD, REVIEWER, REVIEWER2, STAFF

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
HERE = Path(__file__).resolve().parent


def missing_browser() -> str | None:
    """Return why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None or importlib.util.find_spec("axe_playwright_python") is None:
        return "playwright/axe-playwright-python are not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = missing_browser()
    if reason:
        for item in items:
            if HERE in Path(item.path).parents:
                item.add_marker(pytest.mark.skip(reason=reason))


class QuietHandler(WSGIRequestHandler):
    """Keep the request log out of the test output."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Any


def seed(app: Any) -> None:
    """Create the organisation and the users of every role, and import the clause library."""
    from flask_migrate import upgrade

    from app.models import Organisation, User
    from app.services.library import import_library

    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        organisation = Organisation(name=ORGANISATION[0], org_number=ORGANISATION[1])
        db.session.add(organisation)
        for email, role in ((STAFF, "staff"), (REVIEWER, "reviewer"), (REVIEWER2, "reviewer"), (ADMIN, "admin"),
                            (LAWYER, "reviewer")):
            user = User(email=email, role=role,
                        organisation=organisation if role != "reviewer" or email == LAWYER else None)
            user.set_password(PASSWORD)
            db.session.add(user)
        import_library(PROJECT_ROOT / "clauses")
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the app on a free 127.0.0.1 port against a fresh migrated SQLite database (one per test module)."""
    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "WTF_CSRF_ENABLED": True, "TESTING": False})
    seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser tab (own cookies) that speaks Swedish and opens relative URLs on the live server."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """Open further tabs with their own cookies (a second user logged in at the same time)."""
    contexts: list[Any] = []

    def factory() -> Any:
        context = browser.new_context(base_url=live_server.url, locale="sv-SE", accept_downloads=True,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
