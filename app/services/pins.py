"""Version pinning: a draft keeps the clause versions of its first export until the user updates them.

An export pins the versions it used. A later export uses the pinned version of each clause,
even when a reviewer has approved a newer one, so an agreement in progress does not change
under its author; the draft page offers the newer version with a diff. Approving a new version
retires the previous one, so a pinned version being retired is the normal case of being
superseded. A clause withdrawn from the library (retired with no approved version left) is
different: its text must not reach a new document, so the export is refused until the user
takes the clause out (the same "update" action). Clauses newly included use the approved version.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ..agreement.answers import Answers
from ..agreement.clauses import ClauseError, render_clause, text_context
from ..extensions import db
from ..models import Clause, ClauseVersion, Draft
from ..models.audit import record
from ..request_memo import memo
from .clause_cache import LibraryEntry, entry_for
from . import documents
from .review import FieldDiff, compare_versions, word_diff

# A pin is only ever set to an approved version; these are the states it can have reached since.
USABLE = ("approved", "retired")


@dataclass(frozen=True)
class PinNotice:
    """A pinned clause whose library version has moved on: a newer approved version, or withdrawn."""

    key: str
    title: str
    pinned: ClauseVersion
    current: ClauseVersion | None

    @property
    def withdrawn(self) -> bool:
        return self.current is None


@dataclass(frozen=True)
class Candidates:
    """The clause versions an export chooses from, and the withdrawn clauses still pinned."""

    entries: dict[str, LibraryEntry]
    withdrawn: dict[str, LibraryEntry]


def pinned_versions(draft: Draft) -> dict[str, ClauseVersion]:
    """Return clause key -> pinned version (pins to unknown or never approved versions are ignored);
    looked up once per request for the same pins (the page's panels and its export choice share it)."""
    pins = dict(draft.clause_pins or {})
    return memo(("pinned_versions", draft.id, tuple(sorted(pins.items()))), lambda: _pinned_versions(pins))


def _pinned_versions(pins: dict[str, int]) -> dict[str, ClauseVersion]:
    ids = [int(v) for v in pins.values()]
    if not ids:
        return {}
    rows = db.session.execute(select(ClauseVersion).where(ClauseVersion.id.in_(ids))
                              .options(joinedload(ClauseVersion.clause).selectinload(Clause.versions))).scalars()
    by_id = {v.id: v for v in rows}
    result = {}
    for key, version_id in pins.items():
        version = by_id.get(int(version_id))
        if version is not None and version.clause.key == key and version.status in USABLE:
            result[key] = version
    return result


def candidates(draft: Draft, approved: dict[str, LibraryEntry]) -> Candidates:
    """Return the versions an export of the draft chooses from: pinned where pinned, else approved."""
    entries = dict(approved)
    withdrawn = {}
    for key, version in pinned_versions(draft).items():
        if version.clause.approved is None:
            withdrawn[key] = entry_for(version)
        else:
            entries[key] = entry_for(version)
    return Candidates(entries, withdrawn)


def set_pins(draft: Draft, pins: dict[str, int]) -> None:
    """Replace the draft's pins with the versions of its latest export.

    Written with an UPDATE of the one column, so exporting does not bump the draft's version
    counter (a step open in another tab stays saveable) nor its place in the drafts list.
    """
    db.session.execute(update(Draft).where(Draft.id == draft.id)
                       .values(clause_pins=dict(pins), updated_at=Draft.updated_at)
                       .execution_options(synchronize_session=False))
    db.session.expire(draft, ["clause_pins"])


def notices(draft: Draft, lang: str = "sv") -> list[PinNotice]:
    """Return the pinned clauses with a newer approved version, or withdrawn, in catalogue order."""
    result = []
    for key, pinned in pinned_versions(draft).items():
        current = pinned.clause.approved
        if current is not None and current.id == pinned.id:
            continue
        shown = current or pinned
        result.append(PinNotice(key, shown.title.get(lang) or shown.title.get("sv", key), pinned, current))
    return sorted(result, key=lambda n: ((n.current or n.pinned).order, n.key))


def notice_for(draft: Draft, key: str, lang: str = "sv") -> PinNotice | None:
    """Return the notice of one clause, or None when its pin is current."""
    return next((n for n in notices(draft, lang) if n.key == key), None)


def differences(notice: PinNotice) -> list[FieldDiff]:
    """Return the word-level changes of the clause as written: title and text in both languages."""
    if notice.current is None:
        return []
    return [d for d in compare_versions(notice.pinned, notice.current) if d.name.startswith(("title_", "text_"))]


def agreement_difference(notice: PinNotice, draft: Draft) -> FieldDiff | None:
    """Return the change as it reads in this draft's agreement (both versions rendered with its answers).

    None when that cannot be shown: the draft is not complete, or a version does not render.
    """
    if notice.current is None:
        return None
    try:
        answers = Answers.model_validate(draft.answers)
    except ValidationError:
        return None
    lang = answers.language
    facts, findings, _parameters, _assessment = documents.assess_for_document(answers, None, lang)
    context = text_context(answers, facts, findings, lang)

    def as_read(version: ClauseVersion) -> str:
        rendered = render_clause(entry_for(version).clause, context, lang)
        return "\n\n".join([rendered.title, *(p.text for p in rendered.paragraphs)])

    try:
        return FieldDiff("agreement", word_diff(as_read(notice.pinned), as_read(notice.current)))
    except ClauseError:
        return None


def update_pins(draft: Draft, keys: list[str] | None, actor: object) -> list[str]:
    """Move the given pinned clauses (all when None) to the approved version; return the keys updated.

    A withdrawn clause loses its pin, so it is left out of the next export.
    """
    chosen = [n for n in notices(draft) if keys is None or n.key in keys]
    if not chosen:
        return []
    pins = dict(draft.clause_pins)
    for notice in chosen:
        if notice.current is None:
            pins.pop(notice.key, None)
        else:
            pins[notice.key] = notice.current.id
        record("draft_clause_updated", actor=actor, target_type="draft", target_id=draft.public_id,
               clause=notice.key, from_version=notice.pinned.number,
               to_version=notice.current.number if notice.current is not None else None)
    set_pins(draft, pins)
    return [n.key for n in chosen]
