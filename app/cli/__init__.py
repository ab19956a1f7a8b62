"""Command-line interface: `flask answers|draft|users|demo …`."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every command group on the app."""
    from . import answers, demo, draft, users

    for module in (answers, demo, draft, users):
        app.cli.add_command(module.group)
