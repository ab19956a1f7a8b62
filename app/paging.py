"""The page number of a paginated list, from the query string, bounded."""
from __future__ import annotations

from flask import request

MAX_PAGE = 100_000  # far beyond any list; keeps OFFSET within a database integer


def page_arg(name: str = "sida") -> int:
    """Return the requested page (1 when missing or not a number, never above MAX_PAGE)."""
    page = request.args.get(name, 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)
