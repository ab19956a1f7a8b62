"""The partner's own part of a draft: invitations by link, proposals, the conversation and the confirmation.

A partner organisation has no account: an invitation's link opens its draft for it until the link
expires or is revoked. What the partner enters is a proposal; only a staff member's acceptance
moves a value into the answers, with the answers' validation and the draft's version check.
Every action is in the audit log, under the draft, with the partner's name and the link's id.
Operations flush; the request commits.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy import select

from ..agreement import answers as schema
from ..agreement.answers import SECTIONS, field_errors, is_signable
from ..agreement.i18n import gettext_for
from ..agreement.partner_part import (BY_KEY, FIELDS, PartnerField, changes, current_value, follow, locate_partner,
                                     section_with)
from ..extensions import db
from ..models import (Agreement, Draft, PartnerConfirmation, PartnerInvitation, PartnerMessage, PartnerProposal,
                      PartnerReport, User)
from ..models.audit import AuditEvent, record
from ..models.base import now_utc
from . import lifecycle

MESSAGE_MAX = 4000
NOTE_MAX = 2000
#: Opening the page is logged at most this often per link, so that reloading does not flood the log.
OPENED_EVERY = dt.timedelta(hours=1)


class PartnerRefused(Exception):
    """The action cannot be taken; `message` says why, for the user."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field  # field: the form field the message belongs to, if one


def _audit(action: str, invitation: PartnerInvitation, actor: User | None = None, **details: Any) -> None:
    record(action, actor=actor, target_type="draft", target_id=invitation.draft.public_id,
           partner=invitation.partner_name, link=invitation.public_id, **details)


# --- invitations ------------------------------------------------------------------------------

def link_days() -> int:
    return int(current_app.config.get("PARTNER_LINK_DAYS", 30))


def invite(draft: Draft, partner_index: int, contact_name: str, email: str, message: str, actor: User,
           days: int | None = None) -> tuple[PartnerInvitation, str]:
    """Make a link for one partner of the draft; return it with its token (shown once, stored only as a hash)."""
    partners = draft.answers.get("partners") or []
    if not 0 <= partner_index < len(partners) or not isinstance(partners[partner_index], dict):
        raise PartnerRefused(_("Välj en av utkastets partner."))
    if len(message) > NOTE_MAX:
        raise PartnerRefused(_("Meddelandet får vara högst 2 000 tecken."))
    message = schema.clean_text(message)
    entry = partners[partner_index]
    contact = entry.get("contact") if isinstance(entry.get("contact"), dict) else {}
    # Left empty, the contact person the draft names for the partner gets the link.
    contact_name = schema.clean_text(contact_name) or str(contact.get("name") or "")
    email = schema.clean_text(email) or str(contact.get("email") or "")
    token = secrets.token_urlsafe(32)
    invitation = PartnerInvitation(
        token_hash=PartnerInvitation.digest(token), draft_id=draft.id, draft=draft, partner_index=partner_index,
        partner_name=str(entry.get("name") or "")[:200], partner_org_number=str(entry.get("org_number") or "")[:20],
        contact_name=contact_name.strip()[:200], email=email.strip()[:254], message=message.strip(),
        invited_by_id=actor.id, expires_at=now_utc() + dt.timedelta(days=days or link_days()))
    db.session.add(invitation)
    db.session.flush()
    _audit("partner_invited", invitation, actor, email=invitation.email, expires=invitation.expires_at.date().isoformat())
    return invitation, token


@dataclass(frozen=True)
class Link:
    """What a token opens: `state` is valid, revoked, expired or unknown."""

    state: str
    invitation: PartnerInvitation | None = None


def open_link(token: str) -> Link:
    """Return what the token opens. A revoked or expired link names nothing of its draft to the visitor."""
    if not token or len(token) > 100:
        return Link("unknown")
    invitation = db.session.execute(select(PartnerInvitation).filter_by(
        token_hash=PartnerInvitation.digest(token))).scalar_one_or_none()
    if invitation is None:
        return Link("unknown")
    if invitation.revoked:
        return Link("revoked", invitation)
    if invitation.expired() or invitation.draft.archived_at is not None:
        return Link("expired", invitation)
    return Link("valid", invitation)


def refused_link(link: Link) -> None:
    """Log a revoked or expired link that was used (the staff see that the partner tried)."""
    if link.invitation is not None and link.state in ("revoked", "expired"):
        _audit("partner_link_refused", link.invitation, state=link.state)


def opened(invitation: PartnerInvitation) -> None:
    """Note that the partner opened the page (logged at most once an hour)."""
    now = now_utc()
    if invitation.last_used_at is None or now - invitation.last_used_at >= OPENED_EVERY:
        _audit("partner_link_opened", invitation)
    invitation.last_used_at = now


def revoke(invitation: PartnerInvitation, actor: User) -> None:
    if invitation.revoked:
        return
    invitation.revoked_at, invitation.revoked_by_id = now_utc(), actor.id
    _audit("partner_link_revoked", invitation, actor)


def invitation_of_draft(draft: Draft, public_id: str) -> PartnerInvitation | None:
    return db.session.execute(select(PartnerInvitation).filter_by(draft_id=draft.id, public_id=public_id)
                              ).scalar_one_or_none()


def partner_index(invitation: PartnerInvitation) -> int | None:
    """Return where the invited partner is in the draft now (following it when others are added or removed)."""
    index = locate_partner(invitation.draft.answers.get("partners"), invitation.partner_index,
                           invitation.partner_name, invitation.partner_org_number)
    if index is not None and index != invitation.partner_index:
        invitation.partner_index = index
    return index


def follow_partners(draft: Draft, before: Any) -> None:
    """After the partners' list is saved: each link keeps to its partner, renamed or moved (partner_part.follow)."""
    for invitation in PartnerInvitation.of_draft(draft):
        found = follow(before, draft.answers.get("partners"), invitation.partner_index, invitation.partner_name,
                       invitation.partner_org_number)
        if found is not None:
            invitation.partner_index = found[0]
            invitation.partner_name, invitation.partner_org_number = found[1][:200], found[2][:20]


def partner_entry(invitation: PartnerInvitation) -> dict[str, Any] | None:
    index = partner_index(invitation)
    return None if index is None else invitation.draft.answers["partners"][index]


# --- proposals -----------------------------------------------------------------------------------

def _validated(field: PartnerField, section: Any, index: int, lang: str) -> tuple[Any, list[tuple[str, str]]]:
    """Validate the section a field is in, as it would be with the value.

    Return the section as the answers store it (validated and normalised, the way a saved step is)
    and the errors as [(field key, message)]; the section is None when there are errors.
    """
    if field.section == "partners":
        model: Any = schema.Partner
        data = section[index]
        prefix = "partner."
    else:
        model, data, prefix = SECTIONS[field.section], section, field.section + "."
    try:
        clean = model.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        found = []
        for path, message in field_errors(exc, lang):
            key = prefix + path.split("[", 1)[0]
            found.append((key if key in BY_KEY else field.key, message))
        return None, found
    if field.section == "partners":
        return [clean if i == index else entry for i, entry in enumerate(section)], []
    return clean, []


def check_values(draft: Draft, index: int, values: dict[str, Any], lang: str) -> dict[str, list[str]]:
    """Return the messages, by field key, of values the answers would not accept (each field on its own)."""
    errors: dict[str, list[str]] = {}
    for key, value in values.items():
        field = BY_KEY[key]
        section = section_with(draft.answers, field, index, value)
        for error_key, message in _validated(field, section, index, lang)[1]:
            if error_key == key and message not in errors.get(key, []):
                errors.setdefault(key, []).append(message)
    return errors


def propose(invitation: PartnerInvitation, values: dict[str, Any], lang: str) -> list[PartnerProposal]:
    """Record what differs from the draft as proposals (an open older one for a field is replaced)."""
    index = partner_index(invitation)
    if index is None:
        raise PartnerRefused(_("Utkastet nämner inte längre er organisation. Kontakta den som bjöd in er."))
    draft = invitation.draft
    if lifecycle.is_frozen(draft):
        raise PartnerRefused(_("Avtalet är undertecknat, så utkastet kan inte längre ändras."))
    open_now = {p.field: p for p in proposals_of(invitation) if p.status == "open"}
    made: list[PartnerProposal] = []
    for key, value in changes(draft.answers, index, values).items():
        previous = open_now.get(key)
        if previous is not None:
            if previous.value == value:
                continue
            previous.status = "replaced"
        proposal = PartnerProposal(invitation_id=invitation.id, draft_id=draft.id, field=key, value=value,
                                   base_value=current_value(draft.answers, BY_KEY[key], index))
        db.session.add(proposal)
        made.append(proposal)
    # A field set back to the draft's value withdraws the open proposal for it.
    for key, previous in open_now.items():
        if key in values and key not in changes(draft.answers, index, {key: values[key]}):
            previous.status = "replaced"
            made.append(previous)
    db.session.flush()
    if made:
        _audit("partner_proposed", invitation, fields=[p.field for p in made if p.status == "open"],
               withdrawn=[p.field for p in made if p.status == "replaced"])
    return made


def proposals_of(invitation: PartnerInvitation) -> list[PartnerProposal]:
    return list(db.session.execute(select(PartnerProposal).filter_by(invitation_id=invitation.id)
                                   .order_by(PartnerProposal.created_at, PartnerProposal.id)).scalars())


def proposals_for_draft(draft: Draft) -> list[PartnerProposal]:
    return list(db.session.execute(select(PartnerProposal).filter_by(draft_id=draft.id)
                                   .order_by(PartnerProposal.created_at, PartnerProposal.id)).scalars())


def find_proposal(draft: Draft, public_id: str) -> PartnerProposal | None:
    return db.session.execute(select(PartnerProposal).filter_by(draft_id=draft.id, public_id=public_id)
                              ).scalar_one_or_none()


def decide(proposal: PartnerProposal, accept: bool, note: str, actor: User, seen_version: int | str | None,
           lang: str) -> None:
    """Accept (into the answers, validated) or reject one proposal. The caller commits and handles a version race."""
    draft = proposal.invitation.draft
    if proposal.status != "open":
        raise PartnerRefused(_("Förslaget är redan behandlat."))
    if len(note) > NOTE_MAX:
        raise PartnerRefused(_("Kommentaren får vara högst 2 000 tecken."))
    if str(seen_version) != str(draft.version):
        raise PartnerRefused(_("Utkastet har ändrats sedan sidan öppnades. Titta på förslaget igen mot det "
                               "som gäller nu."))
    if accept:
        if lifecycle.is_frozen(draft):
            raise PartnerRefused(_("Avtalet är undertecknat. Svaren ändras bara genom ett tillägg."))
        field = BY_KEY.get(proposal.field)
        index = partner_index(proposal.invitation)
        if field is None or index is None:
            raise PartnerRefused(_("Utkastet nämner inte längre den här partnern, så förslaget kan inte tas in."))
        if field.section != "partners" and field.section not in draft.answers:
            raise PartnerRefused(_("Steget ”%(step)s” är inte sparat än. Fyll i det i guiden först och ta sedan "
                                   "ställning till förslaget.", step=section_title(field.section, lang)))
        section, errors = _validated(field, section_with(draft.answers, field, index, proposal.value), index, lang)
        if errors:
            raise PartnerRefused(_("Förslaget kan inte tas in: %(reason)s", reason="; ".join(m for _k, m in errors)))
        draft.set_section(field.section, section)
        draft.status = "complete" if is_signable(draft.answers) else "in_progress"
        if field.key == "partner.name":
            proposal.invitation.partner_name = str(proposal.value)[:200]
        elif field.key == "partner.org_number":
            proposal.invitation.partner_org_number = str(section[index].get("org_number") or "")[:20]
    proposal.status = "accepted" if accept else "rejected"
    proposal.decided_by_id, proposal.decided_at, proposal.decision_note = actor.id, now_utc(), schema.clean_text(note)
    db.session.flush()
    _audit("partner_proposal_accepted" if accept else "partner_proposal_rejected", proposal.invitation, actor,
           field=proposal.field, **({"comment": proposal.decision_note} if proposal.decision_note else {}))


def section_title(section: str, lang: str) -> str:
    _ = gettext_for(lang)
    return {"exchange": _("Ekonomi och utbyte"), "activity": _("Verksamheten"), "follow_up": _("Uppföljning"),
            "partners": _("Parter")}.get(section, section)


# --- the conversation ----------------------------------------------------------------------------

def add_message(invitation: PartnerInvitation, text: str, *, actor: User | None = None, name: str = "") -> PartnerMessage:
    text, name = schema.clean_text(text), schema.clean_text(name)
    if not text:
        raise PartnerRefused(_("Skriv ett meddelande."))
    if len(text) > MESSAGE_MAX:
        raise PartnerRefused(_("Meddelandet får vara högst 4 000 tecken."))
    message = PartnerMessage(invitation_id=invitation.id, draft_id=invitation.draft_id,
                             author_kind="staff" if actor is not None else "partner",
                             author_name=(actor.email if actor is not None else name.strip() or invitation.partner_name)[:200],
                             user_id=getattr(actor, "id", None), text=text)
    db.session.add(message)
    db.session.flush()
    _audit("partner_message_staff" if actor is not None else "partner_message", invitation, actor)
    return message


def messages_of(invitation: PartnerInvitation) -> list[PartnerMessage]:
    return list(db.session.execute(select(PartnerMessage).filter_by(invitation_id=invitation.id)
                                   .order_by(PartnerMessage.created_at, PartnerMessage.id)).scalars())


# --- confirmation --------------------------------------------------------------------------------

def text_hash(draft: Draft) -> str:
    """Return a fingerprint of what the agreement text is made from: the answers and the clause versions.

    A draft a partner can confirm has a final export or an approval for signing, both of which pin
    the clause versions its text uses, so the pins name the clause texts.
    """
    payload = json.dumps({"answers": draft.answers, "pins": draft.clause_pins or {}}, sort_keys=True,
                         ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def can_confirm(draft: Draft) -> tuple[bool, str]:
    """A partner confirms the final draft: approved for signing, or a final made from the answers as they stand."""
    if Agreement.of_draft(draft) is not None:
        return False, _("Avtalet är redan undertecknat.")
    ok, _why = lifecycle.signable(draft)
    if not ok:
        return False, _("Utkastet är inte färdigt än. När bostadsbolaget har gjort det färdigt för underskrift kan "
                        "ni bekräfta att ni har läst och godkänner det.")
    return True, ""


def confirm(invitation: PartnerInvitation, name: str, shown: str) -> PartnerConfirmation:
    """Record that the partner has read and approves the text; `shown` is the fingerprint of the text it read."""
    draft = invitation.draft
    ok, why = can_confirm(draft)
    if not ok:
        raise PartnerRefused(why)
    if partner_index(invitation) is None:
        raise PartnerRefused(_("Utkastet nämner inte längre er organisation. Kontakta den som bjöd in er."))
    if shown != text_hash(draft):
        raise PartnerRefused(_("Utkastet har ändrats medan ni läste det. Läs texten som den ser ut nu och bekräfta "
                               "sedan igen."))
    name = " ".join(schema.clean_text(name).split())
    if not name:
        raise PartnerRefused(_("Skriv ert namn."))
    if len(name) > 200:
        raise PartnerRefused(_("Namnet får vara högst 200 tecken."))
    confirmation = PartnerConfirmation(invitation_id=invitation.id, draft_id=draft.id, draft_version=draft.version,
                                       answers_hash=text_hash(draft), partner_name=invitation.partner_name, name=name)
    db.session.add(confirmation)
    db.session.flush()
    _audit("partner_confirmed", invitation, name=name, draft_version=draft.version)
    return confirmation


def confirmations_of(draft: Draft) -> list[PartnerConfirmation]:
    return list(db.session.execute(select(PartnerConfirmation).filter_by(draft_id=draft.id)
                                   .order_by(PartnerConfirmation.confirmed_at.desc(), PartnerConfirmation.id.desc())
                                   ).scalars())


def confirmed_now(invitation: PartnerInvitation) -> PartnerConfirmation | None:
    """Return the partner's confirmation of the text as it stands now, if it has one."""
    current = text_hash(invitation.draft)
    return next((c for c in confirmations_of(invitation.draft)
                 if c.invitation_id == invitation.id and c.answers_hash == current), None)


@dataclass(frozen=True)
class ConfirmationRow:
    partner: str
    name: str
    version: int
    at: dt.datetime
    current: bool  # the text has not changed since


def confirmation_rows(draft: Draft) -> list[ConfirmationRow]:
    current = text_hash(draft)
    return [ConfirmationRow(c.partner_name, c.name, c.draft_version, c.confirmed_at, c.answers_hash == current)
            for c in confirmations_of(draft)]


# --- after signing: the partner's reports -------------------------------------------------------

REPORT_MAX = 10000


def report_rows(agreement: Agreement) -> list[Any]:
    """Return the agreement's yearly-report deadlines (the partner reports against them)."""
    from .deadlines import of_agreement

    return [row for row in of_agreement(agreement) if row.deadline.kind == "report"]


def reports_of(agreement: Agreement) -> list[PartnerReport]:
    return list(db.session.execute(select(PartnerReport).filter_by(agreement_id=agreement.id)
                                   .order_by(PartnerReport.sent_at.desc(), PartnerReport.id.desc())).scalars())


def send_report(invitation: PartnerInvitation, agreement: Agreement, deadline_key: str, text: str,
                name: str) -> PartnerReport:
    """Record the partner's yearly report for one contract year (a later one for the same year adds to it)."""
    if deadline_key not in {row.key for row in report_rows(agreement)}:
        raise PartnerRefused(_("Välj ett avtalsår."), "deadline")
    text, name = schema.clean_text(text), " ".join(schema.clean_text(name).split())
    if not text:
        raise PartnerRefused(_("Skriv rapporten."))
    if len(text) > REPORT_MAX:
        raise PartnerRefused(_("Rapporten får vara högst 10 000 tecken. Bifoga hellre en längre rapport i ett "
                               "meddelande till handläggaren."))
    if not name or len(name) > 200:
        raise PartnerRefused(_("Skriv ert namn."), "author")
    report = PartnerReport(invitation_id=invitation.id, agreement_id=agreement.id, deadline_key=deadline_key,
                           text=text, name=name, partner_name=invitation.partner_name)
    db.session.add(report)
    db.session.flush()
    _audit("partner_report_sent", invitation, deadline=deadline_key, name=name)
    return report


def report_value(invitation: PartnerInvitation, agreement: Agreement, indicator_id: int, period: str,
                 value: float, note: str) -> None:
    """Record an indicator value the partner reports (named as the partner's; staff can correct it)."""
    from . import indicators

    setting = indicators.setting_of(agreement, indicator_id)
    indicators.set_value(agreement, setting, period, value, note, None, reported_by=invitation.partner_name,
                         link=invitation.public_id)


# --- the document --------------------------------------------------------------------------------

def downloaded(invitation: PartnerInvitation, file_format: str) -> None:
    _audit("partner_document_downloaded", invitation, file=file_format)


# --- the story -----------------------------------------------------------------------------------

PARTNER_ACTIONS = ("partner_invited", "partner_link_opened", "partner_link_refused", "partner_link_revoked",
                   "partner_proposed", "partner_proposal_accepted", "partner_proposal_rejected", "partner_message",
                   "partner_message_staff", "partner_confirmed", "partner_document_downloaded",
                   "indicator_value_entered", "partner_report_sent")


def events(draft: Draft, limit: int = 200) -> list[AuditEvent]:
    """Return the draft's audit events, newest first (the partner's and the staff's)."""
    return list(db.session.execute(
        select(AuditEvent).filter_by(target_type="draft", target_id=draft.public_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).scalars())


__all__ = ["FIELDS", "Link", "PartnerRefused", "add_message", "can_confirm", "check_values", "confirm",
           "confirmation_rows", "decide", "events", "invite", "open_link", "propose", "revoke"]
