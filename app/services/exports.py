"""The web export: agreements from the approved library in the database, recorded so they can be made again.

Every export stores the answers, the assessment, its date and the exact clause versions it used
(`Export`), and pins those versions on the draft (see `pins`). Rendering goes through the
snapshot in both cases, the first download and a later one, so the two are made from the same
inputs by the same code: their text is identical even after the library has changed. The CLI
(`flask draft render`) keeps rendering from the clause files with `documents.render_answers`.
Operations flush; the request commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..agreement.answers import Answers, dump
from ..agreement.clauses import Clause as CoreClause, select as select_clauses
from ..agreement.conditions import context_for
from ..agreement.document import FinalRefused
from ..extensions import db
from ..models import ClauseVersion, Draft, Export, User
from ..models.audit import record
from . import documents, pins
from .clause_cache import approved_library, entry_for


class ExportRefused(Exception):
    """The export cannot be made; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Snapshot:
    """What a document is made from."""

    answers: Answers
    lang: str
    day: dt.date
    final: bool
    with_comments: bool
    assessment: dict[str, Any]
    clauses: list[CoreClause]
    cleared: frozenset[str] = frozenset()  # stop findings an approved legal review has accepted


def render(snapshot: Snapshot, recorded: bool = False) -> bytes:
    """Render a snapshot as .docx bytes (its recorded findings and parameters, not today's).

    A new final is refused while a stop finding is open; a `recorded` export is made again as it was.
    """
    return documents.render_selected(snapshot.answers, snapshot.lang, snapshot.clauses, snapshot.assessment,
                                     draft=not snapshot.final, on=snapshot.day,
                                     with_comments=snapshot.with_comments, recorded=recorded,
                                     cleared=snapshot.cleared)


@dataclass(frozen=True)
class PreparedExport:
    """A rendered export not yet recorded: nothing has been written to the database."""

    snapshot: Snapshot
    used: dict[str, Any]  # clause key -> LibraryEntry
    content: bytes


def clause_pool(draft: Draft) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Return the clause versions a draft's document chooses from: (usable, withdrawn) by key.

    The one place that decides it, for the export and for the review page alike; None when the
    library is empty (no document can be made yet).
    """
    approved = approved_library()
    if not approved:
        return None
    candidates = pins.candidates(draft, approved)
    return dict(candidates.entries), dict(candidates.withdrawn)


def choose_clauses(pool: tuple[dict[str, Any], dict[str, Any]], context: Any) -> list[CoreClause]:
    """Return the clauses of the pool the answers include, in document order."""
    entries, withdrawn = pool
    return select_clauses([e.clause for e in entries.values()] + [e.clause for e in withdrawn.values()], context)


def prepare_export(draft: Draft, answers: Answers, *, lang: str, final: bool, with_comments: bool,
                   on: dt.date | None = None, cleared: frozenset[str] = frozenset(),
                   legal_review: dict[str, Any] | None = None) -> PreparedExport:
    """Render the draft from its pinned and the approved clause versions, without writing anything.

    `cleared` are the stop findings an approved legal review accepted; `legal_review` (approval and
    judgments) goes into the recorded assessment, which the draft version's risk annex shows.
    """
    snapshot, used = _snapshot(draft, answers, lang=lang, final=final, with_comments=with_comments, on=on,
                               cleared=cleared, legal_review=legal_review)
    try:
        content = render(snapshot)
    except FinalRefused as exc:
        raise ExportRefused(" ".join(exc.messages)) from None
    return PreparedExport(snapshot, used, content)


def reading_model(draft: Draft, answers: Answers, *, lang: str, cleared: frozenset[str] = frozenset(),
                  legal_review: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
    """Return the draft version as it would be exported now, as a document model, with the clause versions used."""
    snapshot, used = _snapshot(draft, answers, lang=lang, final=False, with_comments=False, on=None,
                               cleared=cleared, legal_review=legal_review)
    model = documents.model_selected(snapshot.answers, lang, snapshot.clauses, snapshot.assessment,
                                     on=snapshot.day, cleared=cleared)
    return model, used


def partner_reading_model(draft: Draft, answers: Answers, *, lang: str) -> Any:
    """Return the agreement as the partner reads it: the text and its own annexes, not the company's assessment."""
    snapshot, _used = _snapshot(draft, answers, lang=lang, final=False, with_comments=False, on=None,
                                cleared=frozenset(), legal_review=None)
    return documents.model_selected(snapshot.answers, lang, snapshot.clauses, snapshot.assessment, on=snapshot.day,
                                    internal=False)


def partner_document(draft: Draft, answers: Answers, *, lang: str) -> bytes:
    """Render the agreement for the partner as .docx bytes: no comments, no risk annex, nothing recorded."""
    snapshot, _used = _snapshot(draft, answers, lang=lang, final=False, with_comments=False, on=None,
                                cleared=frozenset(), legal_review=None)
    return documents.render_selected(snapshot.answers, lang, snapshot.clauses, snapshot.assessment, draft=True,
                                     on=snapshot.day, with_comments=False, internal=False)


def _snapshot(draft: Draft, answers: Answers, *, lang: str, final: bool, with_comments: bool, on: dt.date | None,
              cleared: frozenset[str], legal_review: dict[str, Any] | None) -> tuple[Snapshot, dict[str, Any]]:
    pool = clause_pool(draft)
    if pool is None:
        raise ExportRefused(_("Klausulbiblioteket är tomt, så inget avtal kan skapas än. En administratör "
                              "behöver läsa in klausulerna med kommandot %(command)s.",
                              command="flask clauses import clauses"))
    day = on or dt.date.today()
    facts, findings, parameters, assessment = documents.assess_for_document(answers, day, lang)
    chosen = choose_clauses(pool, context_for(answers, facts, parameters, findings))
    entries, withdrawn_entries = pool
    withdrawn = [c for c in chosen if c.id in withdrawn_entries]
    if withdrawn:
        raise ExportRefused(_("Klausulen ”%(title)s” har dragits tillbaka ur klausulbiblioteket. Ta bort den ur "
                              "utkastet under ”Nyare klausulversioner” innan du laddar ner avtalet.",
                              title=withdrawn[0].title.get(lang) or withdrawn[0].title.get("sv", withdrawn[0].id)))
    used = {c.id: entries[c.id] for c in chosen}
    recorded = {**(assessment or {}), **({"legal_review": legal_review} if legal_review else {})}
    return Snapshot(answers, lang, day, final, with_comments, recorded, chosen, frozenset(cleared)), used


def record_export(draft: Draft, prepared: PreparedExport, actor: User, file_format: str = "docx") -> Export:
    """Record a prepared export and pin its clause versions on the draft (flushed, not committed)."""
    snapshot, used = prepared.snapshot, prepared.used
    export = Export(
        draft_id=draft.id, organisation_id=draft.organisation_id, created_by_id=actor.id, language=snapshot.lang,
        final=snapshot.final, with_comments=snapshot.with_comments, assessed_on=snapshot.day, file_format=file_format,
        answers=dump(snapshot.answers), assessment=snapshot.assessment,
        legal_review=snapshot.assessment.get("legal_review"),
        clause_versions=[{"clause": key, "version_id": e.version_id, "content_hash": e.content_hash}
                         for key, e in used.items()])
    db.session.add(export)
    db.session.flush()
    pins.set_pins(draft, {key: e.version_id for key, e in used.items()})
    record("draft_export_pdf" if file_format == "pdf" else "draft_export_docx", actor=actor, target_type="draft",
           target_id=draft.public_id,
           export=export.public_id, language=snapshot.lang, final=snapshot.final,
           clauses={key: e.number for key, e in used.items()},
           approved=bool((snapshot.assessment.get("legal_review") or {}).get("approval")))
    return export


def create_export(draft: Draft, answers: Answers, actor: User, *, lang: str, final: bool,
                  with_comments: bool, on: dt.date | None = None) -> tuple[Export, bytes]:
    """Render the draft, record the export and pin its clause versions."""
    prepared = prepare_export(draft, answers, lang=lang, final=final, with_comments=with_comments, on=on)
    return record_export(draft, prepared, actor), prepared.content


@dataclass(frozen=True)
class PastExport:
    """One line of the draft's export history."""

    public_id: str
    created_at: dt.datetime
    language: str
    final: bool
    created_by: str
    file_format: str = "docx"


PAST_EXPORTS_SHOWN = 20


def past_exports(draft: Draft, limit: int = PAST_EXPORTS_SHOWN) -> list[PastExport]:
    """Return the draft's newest exports with who made them (not their snapshots: those are large)."""
    rows = db.session.execute(
        select(Export.public_id, Export.created_at, Export.language, Export.final, Export.file_format, User.email)
        .outerjoin(User, User.id == Export.created_by_id)
        .where(Export.draft_id == draft.id, Export.organisation_id == draft.organisation_id)
        .order_by(Export.created_at.desc(), Export.id.desc()).limit(limit)).all()
    return [PastExport(public_id, created_at, language, final, email or "–", file_format)
            for public_id, created_at, language, final, file_format, email in rows]


def export_count(draft: Draft) -> int:
    """Return how many exports the draft has."""
    return db.session.execute(select(func.count(Export.id)).where(
        Export.draft_id == draft.id, Export.organisation_id == draft.organisation_id)).scalar_one()


def find_export(draft: Draft, export_public_id: str) -> Export | None:
    """Return the export only when it belongs to this draft and the draft's organisation."""
    return db.session.execute(select(Export).filter_by(
        public_id=export_public_id, draft_id=draft.id, organisation_id=draft.organisation_id)).scalar_one_or_none()


def snapshot_of(export: Export) -> Snapshot:
    """Return the stored inputs of an export, with the clause versions it used (not today's)."""
    ids = [int(item["version_id"]) for item in export.clause_versions]
    versions = {v.id: v for v in db.session.execute(
        select(ClauseVersion).where(ClauseVersion.id.in_(ids)).options(joinedload(ClauseVersion.clause))).scalars()}
    clauses = []
    for item in export.clause_versions:
        version = versions.get(int(item["version_id"]))
        if version is None or version.content_hash != item["content_hash"]:
            raise ExportRefused(_("Klausulversionen som exporten använde (%(clause)s) finns inte längre, så "
                                  "dokumentet kan inte skapas igen.", clause=item["clause"]))
        clauses.append(entry_for(version).clause)
    # An export recorded before a newer rule (shares of the payment, say) must still be made again.
    answers = Answers.model_validate(export.answers, context={"legacy": True})
    return Snapshot(answers, export.language, export.assessed_on, export.final, export.with_comments,
                    export.assessment, clauses)


def regenerate(export: Export, actor: User) -> bytes:
    """Render a past export again from what it stored."""
    content = render(snapshot_of(export), recorded=True)
    record("draft_export_docx_again", actor=actor, target_type="draft", target_id=export.draft.public_id,
           export=export.public_id)
    return content
