"""The approved clause library from the database as the core's compiled clauses, built once per revision.

Compiling a clause (its condition and text templates) is the costly part of an export, so the
compiled clauses are kept per app process: the approved set by the library's revision (a
counter in the database that every status change bumps in its own transaction),
single versions by id and content hash (a version's content never changes). The cache is only
a cache: every process rebuilds it from the database, so several processes stay consistent.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agreement.clauses import Clause as CoreClause
from ..extensions import db
from ..models import ClauseVersion
from .library import as_core_clause, library_revision

EXTENSION_KEY = "samverkan.clause_cache"


@dataclass(frozen=True)
class LibraryEntry:
    """One clause version a document can use, with its compiled form."""

    version_id: int
    number: int
    content_hash: str
    clause: CoreClause

    @property
    def key(self) -> str:
        return self.clause.id


class ClauseCache:
    """Compiled clauses of one app; safe to share between its threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._approved: tuple[int, dict[str, LibraryEntry]] | None = None
        self._versions: dict[tuple[int, str], CoreClause] = {}

    def entry(self, version: ClauseVersion) -> LibraryEntry:
        """Return a version with its compiled clause, compiling it on first use."""
        cache_key = (version.id, version.content_hash)
        with self._lock:
            compiled = self._versions.get(cache_key)
        if compiled is None:
            compiled = as_core_clause(version)
            with self._lock:
                self._versions[cache_key] = compiled
        return LibraryEntry(version.id, version.number, version.content_hash, compiled)

    def approved(self) -> dict[str, LibraryEntry]:
        """Return clause key -> the approved version, rebuilt only when the library changed."""
        revision = library_revision()
        with self._lock:
            if self._approved is not None and self._approved[0] == revision:
                return self._approved[1]
        versions = db.session.execute(
            select(ClauseVersion).where(ClauseVersion.status == "approved")
            .options(joinedload(ClauseVersion.clause))).scalars()
        entries = {v.clause.key: self.entry(v) for v in versions}
        with self._lock:
            self._approved = (revision, entries)
        return entries


def clause_cache() -> ClauseCache:
    """Return the current app's clause cache."""
    cache = current_app.extensions.get(EXTENSION_KEY)
    if cache is None:
        cache = current_app.extensions.setdefault(EXTENSION_KEY, ClauseCache())
    return cache


def approved_library() -> dict[str, LibraryEntry]:
    """Return the approved library: clause key -> version and compiled clause (empty before an import)."""
    return clause_cache().approved()


def entry_for(version: ClauseVersion) -> LibraryEntry:
    """Return any version (also a pinned, since superseded one) with its compiled clause."""
    return clause_cache().entry(version)
