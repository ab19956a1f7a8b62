"""The clause library in the database: import and export of clause files, approved versions."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from ..agreement.clauses import Clause as CoreClause, ClauseError, build_clause, content_hash, load_clause_file
from ..agreement.clauses.loader import CLAUSE_ID
from ..extensions import db
from ..models import Clause, ClauseVersion
from ..models import clause as clause_models
from ..models.audit import record
from ..models.base import now_utc



def file_content(path: Path) -> dict[str, Any]:
    """Read a clause file through the core's loader (which checks it) and return its content."""
    return load_clause_file(path).content()


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # shipped, but withdrawn by two reviewers: not brought back


def add_version(clause: Clause, content: dict[str, Any], *, status: str, author: Any = None,
                reason: str = "") -> ClauseVersion:
    """Append a version to a clause (flushed, not committed)."""
    number = (clause.versions[-1].number + 1) if clause.versions else 1
    version = ClauseVersion(
        clause=clause, number=number, status=status, order=content["order"], title=content["title"],
        title_plural=content.get("title_plural") or None, asserts=content.get("asserts") or [],
        text=content["text"], include_when=content["include_when"], addresses=content["addresses"],
        notes=content["notes"], content_hash=content_hash(content), reason=reason,
        author_id=getattr(author, "id", None))
    db.session.add(version)
    db.session.flush()
    return version


def approve(version: ClauseVersion, approver: Any = None) -> None:
    """Make `version` the one documents use; the previously approved one is retired."""
    for other in version.clause.versions:
        if other is not version and other.status == "approved":
            other.status = "retired"
    version.status = "approved"
    version.approver_id = getattr(approver, "id", None)
    version.decided_at = now_utc()


def import_library(directory: str | Path) -> ImportReport:
    """Import clause files: new content becomes a new approved version, known content is a no-op.

    Content already held by any version of the clause is skipped, so re-importing the shipped
    files never undoes a reviewer's approved change made in the app; nor does it bring back a
    clause that two reviewers withdrew (it is reported as withdrawn).
    """
    from .documents import consistency_problems

    report = ImportReport()
    files = {path: load_clause_file(path) for path in sorted(Path(directory).glob("*.yaml"))}
    kept = [as_core_clause(c.approved) for c in db.session.execute(select(Clause)).scalars()
            if c.approved is not None and c.key not in {f.id for f in files.values()}]
    problems = consistency_problems(list(files.values()) + kept)
    if problems:  # the library after the import would contradict itself: nothing is imported
        raise ClauseError("\n".join(problems))
    for path, loaded in files.items():
        content = loaded.content()
        digest = content_hash(content)
        clause = Clause.by_key(content["id"])
        if clause is None:
            clause = Clause(key=content["id"])
            db.session.add(clause)
            report.created.append(content["id"])
        elif clause.approved is None and any(v.status == "retired" for v in clause.versions):
            report.withdrawn.append(content["id"])
            continue
        elif any(v.content_hash == digest for v in clause.versions):
            report.unchanged.append(content["id"])
            continue
        else:
            report.updated.append(content["id"])
        version = add_version(clause, content, status="approved", reason=f"Importerad från {path.name}")
        approve(version)
        record("clause_imported", target_type="clause", target_id=clause.key, version=version.number,
               content_hash=digest)
    return report


class _LiteralDumper(yaml.SafeDumper):
    """Dump multi-line strings as YAML block scalars, readable for lawyers."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_LiteralDumper.add_representer(str, _str_representer)


def export_library(directory: str | Path) -> list[str]:
    """Write every clause's approved version as a clause file; return the clause ids written."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    root = target.resolve()
    for clause in db.session.execute(select(Clause).order_by(Clause.key)).scalars():
        version = clause.approved
        if version is None:
            continue
        path = (target / f"{clause.key}.yaml").resolve()
        if not CLAUSE_ID.match(clause.key) or path.parent != root:  # only ever a file inside the folder
            raise ClauseError(f"{clause.key!r}: ogiltigt klausul-id, inget skrivet utanför {target}")
        text = yaml.dump(version.content(), Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        written.append(clause.key)
    return written


def library_revision() -> int:
    """Return the library's revision, which every change to a version's status bumps (see models.clause)."""
    return clause_models.library_revision()


def as_core_clause(version: ClauseVersion) -> CoreClause:
    """Return a database version as the core's checked, compiled clause."""
    return build_clause(version.content(), source=f"bibliotek/{version.clause.key} v{version.number}")
