"""One transaction per request: what a request changes is committed in one place, at its end.

A request that ends well (a page, a redirect, a download: status below 400) commits; one that ends in
an error (a refused form, a 404, an exception) rolls back, so nothing half-done is kept. A view that
must keep a record although it answers with an error (a refused login attempt counted against the
address) says so with `keep_on_error()`. Work that must only follow a commit (sending e-mail about
the change) is queued with `after_commit()` and runs once the commit has succeeded.

Slow work (a PDF conversion) runs with no write transaction open: the view calls `end_reads()` first,
which ends the transaction its reads began; the commit at the end writes what comes after.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Flask, Response, current_app, g, has_request_context

from .extensions import db

_KEEP = "_transaction_keep_on_error"
_AFTER = "_transaction_after_commit"


def keep_on_error() -> None:
    """Commit this request's changes even though its response is an error."""
    g.setdefault(_KEEP, True)


def after_commit(action: Callable[[], Any]) -> None:
    """Run `action` after this request's changes are committed (at once outside a request)."""
    if not has_request_context():
        db.session.commit()
        action()
        return
    g.setdefault(_AFTER, []).append(action)


def end_reads() -> None:
    """End the open transaction before slow work; only reads may precede this (a write is committed)."""
    db.session.commit()


def finish(response: Response) -> Response:
    """Commit a successful request's changes (or roll back an error's), then run the work queued for after."""
    if response.status_code < 400 or g.get(_KEEP):
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            g.pop(_AFTER, None)
            raise
        for action in g.pop(_AFTER, []):
            try:
                action()
            except Exception:  # noqa: BLE001 - the change is saved; a failed follow-up is logged, not fatal
                current_app.logger.exception("work after the commit failed")
    else:
        db.session.rollback()
        g.pop(_AFTER, None)
    return response


def init_app(app: Flask) -> None:
    app.after_request(finish)

    @app.teardown_request
    def roll_back(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()
        g.pop(_AFTER, None)
        g.pop(_KEEP, None)
