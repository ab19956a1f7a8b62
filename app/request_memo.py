"""Look-ups made once per request: a page asks for the draft's review state, approval or agreement in
several places (the panel, the signing part, the step's status line), and the database answers once.

A memo holds only between writes: any flush, commit or rollback of the session forgets everything,
so a view that changes something and reads it again sees the change.
"""
from __future__ import annotations

from typing import Any, Callable, Hashable, TypeVar

from flask import g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

T = TypeVar("T")
_KEY = "_request_memo"


def memo(key: Hashable, load: Callable[[], T]) -> T:
    """Return what `load` returns for `key`, loading it once per request (outside a request: always)."""
    if not has_request_context():
        return load()
    cache: dict[Hashable, Any] = g.setdefault(_KEY, {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def remember(key: Hashable, value: Any) -> None:
    """Hold `value` for `key` for the rest of the request (a look-up already made, in a join)."""
    if has_request_context():
        g.setdefault(_KEY, {})[key] = value


def forget(*_args: Any) -> None:
    """Forget every memo of this request (the session wrote or rolled back)."""
    if has_app_context():
        g.pop(_KEY, None)


def install() -> None:
    """Forget the memos whenever any session flushes, commits or rolls back."""
    if not event.contains(Session, "after_flush", forget):
        for name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(Session, name, forget)
