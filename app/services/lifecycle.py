"""A draft becomes a signed agreement: the signing record, signed copies, tillägg and the end.

Signed answers are frozen: the wizard saves nothing while the agreement is signed, except while a
tillägg is being written; recording the tillägg makes the changed answers a new version with its
own date. Operations flush and record an audit event; the request commits.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy import select

from ..agreement.answers import Answers
from ..agreement.checklist import ChecklistError, checklist
from ..agreement.checkpoints import RulesError
from ..agreement.facts import derive
from ..extensions import db
from ..models import Agreement, AgreementVersion, Draft, Export, IndicatorSetting, SignedCopy, User
from ..models.audit import record
from ..models.base import now_utc
from . import legal_review
from .assessment import assess_answers, get_rules

END_REASONS = ("notice", "termination")
NOTE_MAX = 2000


class LifecycleRefused(Exception):
    """The action cannot be taken; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def signable(draft: Draft) -> tuple[bool, str]:
    """Return whether the draft can be recorded as signed, and if not why (for the user).

    A draft approved for signing by the legal review can; so can one whose newest final was made
    from the answers as they stand (no review needed). A draft in review cannot.
    """
    if Agreement.of_draft(draft) is not None:
        return False, _("Avtalet är redan registrerat som undertecknat.")
    state = legal_review.peek_state(draft)
    if state.status == "in_review":
        return False, _("Utkastet ligger hos juristen. Vänta på godkännandet innan du registrerar underskriften.")
    if legal_review.history(draft)["approval"] is not None:
        return True, ""
    final = db.session.execute(
        select(Export.answers).filter_by(draft_id=draft.id, final=True).order_by(Export.created_at.desc(),
                                                                                 Export.id.desc()).limit(1)
    ).scalar_one_or_none()
    if final is None:
        return False, _("Ladda ner en slutversion (eller få utkastet godkänt för underskrift) innan du registrerar "
                        "att avtalet är undertecknat.")
    if final != draft.answers:
        return False, _("Svaren har ändrats sedan den senaste slutversionen. Ladda ner en ny slutversion av det "
                        "avtal som skrivs under.")
    return True, ""


def parties(answers: Answers) -> list[dict[str, str]]:
    """Return each party (the company first) with the signatory the answers name."""
    company = answers.housing_company
    found = [{"party": company.name, "name": company.signatory.name, "title": company.signatory.title}]
    found += [{"party": p.name, "name": p.signatory.name, "title": p.signatory.title} for p in answers.partners]
    return found


def fired(answers: Answers, on: dt.date) -> list[str]:
    """Return the ids of the checkpoints that fire on the answers (the law's deadlines rest on some)."""
    try:
        return sorted(f.id for f in assess_answers(answers, on, "sv").findings)
    except (RulesError, OSError):
        current_app.logger.exception("the rules file cannot be read at signing")
        raise LifecycleRefused(_("Regelfilen kan inte läsas, så avtalets frister kan inte beräknas. Försök igen "
                                 "eller kontakta administratören.")) from None


def sign(draft: Draft, actor: User, signed_on: dt.date, signatories: list[dict[str, str]]) -> Agreement:
    """Record the draft as signed on `signed_on` by `signatories` (one per party, in party order)."""
    ok, why = signable(draft)
    if not ok:
        raise LifecycleRefused(why)
    answers = Answers.model_validate(draft.answers)
    if len(signatories) != len(parties(answers)) or not all(s.get("name", "").strip() for s in signatories):
        raise LifecycleRefused(_("Ange vem som skrev under för varje part."))
    if signed_on > dt.date.today():
        raise LifecycleRefused(_("Underskriftsdagen kan inte ligga i framtiden."))
    if signed_on < dt.date(2000, 1, 1):
        raise LifecycleRefused(_("Ange en underskriftsdag efter år 2000."))
    return record_signing(draft, actor, signed_on, signatories, answers)


def record_signing(draft: Draft, actor: User, signed_on: dt.date, signatories: list[dict[str, str]],
                   answers: Answers) -> Agreement:
    """Create the agreement and its first version (the checks are the caller's: `sign` makes them)."""
    agreement = Agreement(draft_id=draft.id, organisation_id=draft.organisation_id, signed_on=signed_on,
                          signatories=[{"party": p["party"], "name": s["name"].strip(), "title": s.get("title", "").strip()}
                                       for p, s in zip(parties(answers), signatories)],
                          findings=fired(answers, signed_on), recorded_by_id=actor.id)
    agreement.versions.append(AgreementVersion(number=1, effective_on=signed_on, answers=dict(draft.answers),
                                               created_by_id=actor.id))
    db.session.add(agreement)
    db.session.flush()
    sync_indicators(agreement, answers)
    record("agreement_signed", actor=actor, target_type="draft", target_id=draft.public_id,
           agreement=agreement.public_id, signed_on=signed_on.isoformat())
    return agreement


def sync_indicators(agreement: Agreement, answers: Answers) -> None:
    """Give each indicator of the follow-up plan a row for its values (kept when the plan drops it)."""
    known = set(db.session.execute(select(IndicatorSetting.name).filter_by(agreement_id=agreement.id)).scalars())
    for name in answers.follow_up.indicators:
        if name not in known:
            db.session.add(IndicatorSetting(agreement_id=agreement.id, name=name))
            known.add(name)
    db.session.flush()


def is_frozen(draft: Draft) -> bool:
    """Return whether the draft's answers are those of a signed agreement with no tillägg being written."""
    agreement = Agreement.of_draft(draft)
    return agreement is not None and not agreement.amendment_open


@dataclass(frozen=True)
class Status:
    key: str  # active | ended
    label: str
    ended_on: dt.date | None


def status(agreement: Agreement, today: dt.date | None = None) -> Status:
    """Return whether the agreement is in force (aktivt) or has ended (avslutat), and since when."""
    today = today or dt.date.today()
    if agreement.ended_on is not None and agreement.ended_on <= today:
        return Status("ended", _("Avslutat"), agreement.ended_on)
    end = term_end(agreement)
    if end is not None and end < today:
        return Status("ended", _("Avslutat"), end)
    return Status("active", _("Aktivt"), None)


def term_end(agreement: Agreement) -> dt.date | None:
    """Return the last day of the agreement: an early end when one is recorded, else the term's end date."""
    if agreement.ended_on is not None:
        return agreement.ended_on
    end = agreement.current.answers.get("term", {}).get("end_date")
    return dt.date.fromisoformat(end) if end else None


def current_answers(agreement: Agreement) -> Answers | None:
    """Return the answers in force, or None (logged) when they no longer validate.

    They validated when they were signed; a later, stricter answers format may refuse them. The
    agreement's pages then say so, and the lists and reminders leave it out instead of failing.
    """
    try:
        return Answers.model_validate(agreement.current.answers)
    except ValidationError:
        current_app.logger.warning("agreement %s has answers that no longer validate", agreement.public_id)
        return None


def add_copy(agreement: Agreement, filename: str, content: bytes, actor: User) -> SignedCopy:
    """Store an uploaded signed copy after checking its size and that it really is a PDF."""
    limit = int(current_app.config["SIGNED_COPY_MAX_BYTES"])
    if not content:
        raise LifecycleRefused(_("Filen är tom. Välj den inskannade eller digitalt signerade PDF-filen."))
    if len(content) > limit:
        raise LifecycleRefused(_("Filen är för stor: högst %(mb)s MB.", mb=limit // (1024 * 1024)))
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-2048:]:
        raise LifecycleRefused(_("Filen är inte en PDF. Ladda upp det undertecknade avtalet som PDF."))
    name = (filename or "avtal.pdf").replace("\\", "/").rsplit("/", 1)[-1][:200] or "avtal.pdf"
    copy = SignedCopy(agreement_id=agreement.id, filename=name, size=len(content),
                      sha256=hashlib.sha256(content).hexdigest(), content=content, uploaded_by_id=actor.id)
    db.session.add(copy)
    db.session.flush()
    record("agreement_copy_uploaded", actor=actor, target_type="draft", target_id=agreement.draft.public_id,
           file=name, sha256=copy.sha256)
    return copy


def copies(agreement: Agreement) -> list[SignedCopy]:
    return list(db.session.execute(select(SignedCopy).filter_by(agreement_id=agreement.id)
                                   .order_by(SignedCopy.uploaded_at.desc(), SignedCopy.id.desc())).scalars())


def open_amendment(agreement: Agreement, actor: User) -> None:
    """Let the wizard change the answers, for a tillägg."""
    if status(agreement).key == "ended":
        raise LifecycleRefused(_("Avtalet har upphört. Ett nytt avtal skrivs som ett nytt utkast."))
    agreement.amendment_open = True
    record("agreement_amendment_started", actor=actor, target_type="draft", target_id=agreement.draft.public_id)


def restore_answers_in_force(agreement: Agreement) -> None:
    """Put the answers (and the title) of the version in force back in the draft, frozen again."""
    agreement.amendment_open = False
    agreement.draft.answers = dict(agreement.current.answers)
    agreement.draft.title = str(agreement.current.answers.get("title") or agreement.draft.title)


def cancel_amendment(agreement: Agreement, actor: User) -> None:
    """Drop the changes of an unrecorded tillägg: the answers go back to the version in force."""
    restore_answers_in_force(agreement)
    record("agreement_amendment_cancelled", actor=actor, target_type="draft", target_id=agreement.draft.public_id)


def record_amendment(agreement: Agreement, effective_on: dt.date, description: str, actor: User) -> AgreementVersion:
    """Make the changed answers a new version in force from `effective_on`, and freeze them again."""
    description = description.strip()
    if not description:
        raise LifecycleRefused(_("Beskriv vad tillägget ändrar, som det står i det undertecknade tillägget."))
    if len(description) > 5000:
        raise LifecycleRefused(_("Beskrivningen får vara högst 5 000 tecken."))
    if effective_on < agreement.current.effective_on:
        raise LifecycleRefused(_("Tillägget kan inte gälla från en dag före den version det ändrar (%(day)s).",
                                 day=agreement.current.effective_on.isoformat()))
    try:
        answers = Answers.model_validate(agreement.draft.answers)
    except ValidationError:
        raise LifecycleRefused(_("Svaren är inte kompletta. Rätta dem i guiden innan tillägget registreras.")) from None
    if agreement.draft.answers == agreement.current.answers:
        raise LifecycleRefused(_("Inget svar har ändrats sedan förra versionen. Ändra svaren i guiden först."))
    version = AgreementVersion(number=agreement.current.number + 1, effective_on=effective_on, description=description,
                               answers=dict(agreement.draft.answers), created_by_id=actor.id)
    agreement.versions.append(version)
    agreement.amendment_open = False
    db.session.flush()
    sync_indicators(agreement, answers)
    record("agreement_amended", actor=actor, target_type="draft", target_id=agreement.draft.public_id,
           version=version.number, effective_on=effective_on.isoformat())
    return version


def end(agreement: Agreement, ended_on: dt.date, reason: str, note: str, actor: User) -> None:
    """Record that the agreement ends early, by notice or termination, on `ended_on`."""
    if reason not in END_REASONS:
        raise LifecycleRefused(_("Välj om avtalet sades upp eller hävdes."))
    if ended_on < agreement.signed_on:
        raise LifecycleRefused(_("Avtalet kan inte upphöra före underskriftsdagen (%(day)s).",
                                 day=agreement.signed_on.isoformat()))
    if len(note) > NOTE_MAX:
        raise LifecycleRefused(_("Anteckningen får vara högst 2 000 tecken."))
    if agreement.amendment_open:  # a tillägg not recorded never came into force
        restore_answers_in_force(agreement)
    agreement.ended_on, agreement.ended_reason, agreement.ended_note = ended_on, reason, note.strip()
    record("agreement_ended", actor=actor, target_type="draft", target_id=agreement.draft.public_id,
           reason=reason, ended_on=ended_on.isoformat())


def checklist_for(answers: Answers | None, lang: str) -> list[dict[str, Any]]:
    """Return the innovation labs' recommendations as met/open items for the answers in force."""
    if answers is None:
        return []
    try:
        facts = derive(answers, get_rules().parameter_values(dt.date.today()))
        return [item.to_json() for item in checklist(answers, facts, lang)]
    except (ChecklistError, RulesError, OSError):
        current_app.logger.exception("the checklist or rules file cannot be read")
        return []


def versions_in_words(agreement: Agreement) -> list[dict[str, Any]]:
    """Return the versions for the page: the signed agreement, then each tillägg."""
    return [{"number": v.number, "effective_on": v.effective_on, "description": v.description,
             "by": v.created_by.email if v.created_by else "–", "at": v.created_at or now_utc()}
            for v in agreement.versions]
