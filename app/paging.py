"""The page number of a paginated list, from the query string, bounded."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db

MAX_PAGE = 100_000  # far beyond any list; keeps OFFSET within a database integer


def page_arg(name: str = "sida") -> int:
    """Return the requested page (1 when missing or not a number, never above MAX_PAGE)."""
    page = request.args.get(name, 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


def paginate(query: Select[Any], page: int, per_page: int) -> Pagination:
    """Return one page of the rows `query` selects, with the total count (a page past the end is empty)."""
    return db.paginate(query, page=page, per_page=per_page, max_per_page=per_page, error_out=False)
