"""Command-line interface: `flask answers|draft|rules|clauses|examples|users|demo|reminders …`."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every command group on the app (`render` adds to the draft group, `admin` to users)."""
    from . import admin, answers, backup, clauses, demo, draft, examples, reminders, render, rules, users

    for module in (admin, answers, backup, clauses, demo, draft, examples, reminders, render, rules, users):
        group = getattr(module, "group", None)
        if group is not None and module is not render:
            app.cli.add_command(group)
