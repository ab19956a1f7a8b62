"""Column helpers shared by the models."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy.dialects.postgresql import JSONB

JSONType = JSON().with_variant(JSONB(), "postgresql")


def now_utc() -> dt.datetime:
    """Return the current time as a naive UTC datetime (Flask-Babel's convention)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
