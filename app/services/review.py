"""The reviewers' workflow on the clause library: drafts, review by another reviewer, retirement.

A clause has at most one open version (a draft or one in review). Saving an edit creates a
new draft version (replacing an open draft); a version in review must be decided before the
next edit. Approving or sending back is done by a reviewer other than the author. Every step
is written to the audit log. Operations flush; the request commits.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Clause, ClauseVersion
from ..models.audit import record
from ..models.base import now_utc
from . import library
from .review_check import Problem, check_content, version_problems

__all__ = ["Problem", "ReviewError", "check_content", "save_draft", "submit", "approve", "send_back",
           "request_withdrawal", "confirm_withdrawal", "reject_withdrawal", "save_edit", "open_version", "catalogue",
           "word_diff", "compare_versions", "condition_yaml", "asserts_yaml"]


class ReviewError(Exception):
    """A workflow step that is not allowed; `forbidden` marks a four-eyes or authorship refusal."""

    def __init__(self, message: str, forbidden: bool = False):
        super().__init__(message)
        self.message = message
        self.forbidden = forbidden


def open_version(clause: Clause) -> ClauseVersion | None:
    """Return the clause's draft or in-review version, if any."""
    return next((v for v in reversed(clause.versions) if v.status in ("draft", "in_review")), None)


def _audit(action: str, actor: Any, version: ClauseVersion, **details: Any) -> None:
    record(action, actor=actor, target_type="clause", target_id=version.clause.key,
           version=version.number, **details)


def save_draft(clause: Clause, content: dict[str, Any], author: Any, reason: str) -> ClauseVersion:
    """Create a new draft version with the reason for the change (the content must be checked)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Ange skälet till ändringen."))
    current = open_version(clause)
    if current is not None and current.status == "in_review":
        raise ReviewError(_("Version %(number)s granskas just nu. Den måste godkännas eller skickas "
                            "tillbaka innan klausulen kan ändras igen.", number=current.number))
    baseline = current or clause.approved
    if baseline is not None and baseline.content_hash == library.content_hash(content):
        raise ReviewError(_("Inget har ändrats jämfört med version %(number)s.", number=baseline.number))
    if current is not None:  # the open draft is replaced by the new one
        current.status = "retired"
        current.decided_at = now_utc()
    version = library.add_version(clause, content, status="draft", author=author, reason=reason)
    _audit("clause_version_created", author, version, reason=reason,
           replaces=current.number if current is not None else None)
    return version


def _refuse_problems(version: ClauseVersion) -> None:
    """Refuse a version that fails the checks, or with which the approved library would contradict itself."""
    from .clause_cache import approved_library

    library = {key: entry.clause for key, entry in approved_library().items()}
    problems = version_problems(version, library)
    if problems:
        shown = problems[:3]
        more = len(problems) - len(shown)
        message = _("Versionen kan inte godkännas: %(problems)s", problems=" ".join(shown))
        if more:
            message += " " + _("(och %(n)s till)", n=more)
        raise ReviewError(message)


def submit(version: ClauseVersion, actor: Any) -> None:
    """Send a draft for review; only its author may, and only a version that passes the checks."""
    if version.status != "draft":
        raise ReviewError(_("Bara ett utkast kan skickas för granskning."))
    if version.author_id is not None and version.author_id != actor.id:
        raise ReviewError(_("Bara den som skrev utkastet kan skicka det för granskning."), forbidden=True)
    _refuse_problems(version)
    version.status = "in_review"
    version.submitted_at = now_utc()
    version.review_comment = ""
    _audit("clause_submitted", actor, version)


def _check_reviewer(version: ClauseVersion, actor: Any) -> None:
    if version.status != "in_review":
        raise ReviewError(_("Versionen väntar inte på granskning."))
    if version.author_id is not None and version.author_id == actor.id:
        raise ReviewError(_("Du kan inte granska din egen ändring. En annan jurist måste godkänna "
                            "den eller skicka tillbaka den."), forbidden=True)


def approve(version: ClauseVersion, actor: Any, comment: str = "") -> None:
    """Approve a version in review (four eyes) that passes the checks; the previously approved version is retired."""
    _check_reviewer(version, actor)
    _refuse_problems(version)
    previous = version.clause.approved
    library.approve(version, actor)
    version.review_comment = (comment or "").strip()
    _audit("clause_approved", actor, version, retired=previous.number if previous is not None else None)


def send_back(version: ClauseVersion, actor: Any, comment: str) -> None:
    """Return a version in review to its author as a draft, with a comment (four eyes)."""
    _check_reviewer(version, actor)
    comment = (comment or "").strip()
    if not comment:
        raise ReviewError(_("Skriv en kommentar som säger vad som behöver ändras."))
    version.status = "draft"
    version.review_comment = comment
    version.decided_at = now_utc()
    _audit("clause_sent_back", actor, version, comment=comment)


def request_withdrawal(version: ClauseVersion, actor: Any, reason: str) -> None:
    """Ask for the approved version to be withdrawn; another reviewer confirms it (four eyes)."""
    if version.status != "approved":
        raise ReviewError(_("Bara en godkänd version kan avvecklas."))
    if version.withdrawal_requested:
        raise ReviewError(_("Det finns redan en begäran om att avveckla klausulen."))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Ange skälet till att klausulen ska avvecklas."))
    version.withdrawal_requested_by_id = actor.id
    version.withdrawal_requested_at = now_utc()
    version.withdrawal_reason = reason
    _audit("clause_withdrawal_requested", actor, version, reason=reason)


def _check_withdrawal_reviewer(version: ClauseVersion, actor: Any) -> None:
    if version.status != "approved" or not version.withdrawal_requested:
        raise ReviewError(_("Ingen begäran om avveckling väntar på beslut."))
    if version.withdrawal_requested_by_id == actor.id:
        raise ReviewError(_("Du kan inte bekräfta din egen begäran om avveckling. En annan jurist måste "
                            "bekräfta den eller avslå den."), forbidden=True)


def confirm_withdrawal(version: ClauseVersion, actor: Any, comment: str = "") -> None:
    """Withdraw the approved version (a second reviewer): the clause no longer reaches any new document."""
    _check_withdrawal_reviewer(version, actor)
    version.status = "retired"
    version.decided_at = now_utc()
    version.review_comment = (comment or "").strip()
    _audit("clause_retired", actor, version, requested_by=version.withdrawal_requested_by_id,
           reason=version.withdrawal_reason)


def reject_withdrawal(version: ClauseVersion, actor: Any, comment: str) -> None:
    """Turn down a request to withdraw: the version stays approved."""
    _check_withdrawal_reviewer(version, actor)
    comment = (comment or "").strip()
    if not comment:
        raise ReviewError(_("Skriv en kommentar som säger varför klausulen ska finnas kvar."))
    _audit("clause_withdrawal_rejected", actor, version, comment=comment, reason=version.withdrawal_reason)
    version.withdrawal_requested_by_id = None
    version.withdrawal_requested_at = None
    version.withdrawal_reason = ""


# --- the catalogue -------------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogueRow:
    """One clause in the list: its newest version and whether something awaits review."""

    key: str
    order: int
    title: str
    newest: ClauseVersion
    approved: ClauseVersion | None
    awaiting_review: bool


def catalogue(query: str = "") -> list[CatalogueRow]:
    """Return the clauses in catalogue order, filtered by `query` (id, title or text)."""
    needle = query.strip().casefold()
    clauses = db.session.execute(select(Clause).options(selectinload(Clause.versions))).scalars()
    rows = []
    for clause in clauses:
        if not clause.versions:
            continue
        newest, approved = clause.latest, clause.approved
        shown = approved or newest
        if needle and not any(needle in text for text in _searchable(clause.key, newest, approved)):
            continue
        rows.append(CatalogueRow(clause.key, shown.order, shown.title.get("sv", clause.key), newest, approved,
                                 any(v.status == "in_review" for v in clause.versions)))
    return sorted(rows, key=lambda row: (row.order, row.key))


def _searchable(key: str, *versions: ClauseVersion | None) -> list[str]:
    texts = [key]
    for version in versions:
        if version is not None:
            texts += list(version.title.values()) + list(version.text.values())
    return [t.casefold() for t in texts if t]


# --- word-level comparison -----------------------------------------------------------------

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Chunk:
    """A run of text that is equal, inserted or deleted."""

    op: str  # equal | insert | delete
    text: str


@dataclass(frozen=True)
class FieldDiff:
    """The comparison of one field between two versions."""

    name: str
    chunks: list[Chunk]

    @property
    def changed(self) -> bool:
        return any(chunk.op != "equal" for chunk in self.chunks)


def word_diff(old: str, new: str) -> list[Chunk]:
    """Compare two texts word by word."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    chunks: list[Chunk] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            chunks.append(Chunk("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            chunks.append(Chunk("delete", "".join(a[i1:i2])))
        if j2 > j1:
            chunks.append(Chunk("insert", "".join(b[j1:j2])))
    return chunks


def asserts_yaml(asserts: Any) -> str:
    """Write a clause's claims as the YAML a reviewer edits (empty when it makes none)."""
    if not asserts:
        return ""
    return yaml.dump(_plain(list(asserts)), Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=None).strip()


def condition_yaml(include_when: Any) -> str:
    """Write a condition as the YAML a reviewer edits."""
    if include_when is None or include_when == "always":
        return "always"
    return yaml.dump(_plain(include_when), Dumper=yaml.SafeDumper, allow_unicode=True,
                             sort_keys=False, default_flow_style=False).strip()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def compare_versions(old: ClauseVersion, new: ClauseVersion) -> list[FieldDiff]:
    """Compare title, texts, condition, checkpoints and notes of two versions."""
    def fields(v: ClauseVersion) -> dict[str, str]:
        plural = v.title_plural or {}
        return {"title_sv": v.title.get("sv", ""), "title_en": v.title.get("en", ""),
                "title_plural_sv": plural.get("sv", ""), "title_plural_en": plural.get("en", ""),
                "text_sv": v.text.get("sv", ""), "text_en": v.text.get("en", ""),
                "include_when": condition_yaml(v.include_when), "addresses": ", ".join(v.addresses),
                "asserts": asserts_yaml(v.asserts), "notes": v.notes or ""}
    before, after = fields(old), fields(new)
    return [FieldDiff(name, word_diff(before[name], after[name])) for name in before]


def save_edit(clause: Clause, fields: dict[str, str], author: Any) -> tuple[ClauseVersion | None, list[Problem]]:
    """Check the editor's fields and save them as a new draft; return the version or the problems."""
    base = open_version(clause) or clause.latest
    content, problems = check_content(clause.key, base.order, fields)
    if problems:
        return None, problems
    try:
        return save_draft(clause, content, author, fields.get("reason") or ""), []
    except ReviewError as exc:
        return None, [Problem("reason", None, exc.message)]
    except IntegrityError:  # another reviewer saved a version of this clause at the same moment
        return None, [Problem("reason", None, _("Någon annan sparade en ändring av klausulen samtidigt. "
                                                "Ladda om sidan och försök igen."))]
