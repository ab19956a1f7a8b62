"""The audit log in words: event names and details as a person reads them, not as code stores them."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..agreement.i18n import N_
from ..agreement.partner_part import BY_KEY as PARTNER_FIELDS

ACTIONS: dict[str, str] = {
    "agreement_amended": N_("Tillägg till avtalet registrerat"),
    "agreement_amendment_cancelled": N_("Påbörjat tillägg avbrutet"),
    "agreement_amendment_started": N_("Tillägg till avtalet påbörjat"),
    "agreement_copy_downloaded": N_("Undertecknad kopia nedladdad"),
    "agreement_copy_uploaded": N_("Undertecknad kopia uppladdad"),
    "agreement_ended": N_("Avtalet avslutat i förtid"),
    "agreement_signed": N_("Avtalet registrerat som undertecknat"),
    "calendar_feed_created": N_("Kalenderlänk skapad"),
    "calendar_feed_revoked": N_("Kalenderlänk stängd"),
    "deadline_done": N_("Frist markerad som klar"),
    "deadline_reopened": N_("Frist öppnad igen"),
    "indicator_goals_set": N_("Indikatorns period, utgångsvärde och mål ändrade"),
    "indicator_value_entered": N_("Indikatorvärde registrerat"),
    "approval_voided": N_("Godkännandet upphörde att gälla"),
    "clause_approved": N_("Klausulversion godkänd"),
    "clause_imported": N_("Klausul inläst från fil"),
    "clause_retired": N_("Klausul tagen ur bruk"),
    "clause_sent_back": N_("Klausulversion skickad tillbaka"),
    "clause_submitted": N_("Klausulversion skickad för granskning"),
    "clause_version_created": N_("Ny klausulversion skriven"),
    "clause_withdrawal_rejected": N_("Begäran om att ta en klausul ur bruk avslogs"),
    "clause_withdrawal_requested": N_("Begäran om att ta en klausul ur bruk"),
    "comment_thread_reopened": N_("Kommentarstråd öppnad igen"),
    "comment_thread_resolved": N_("Kommentarstråd markerad som löst"),
    "draft_approved": N_("Utkast godkänt för underskrift"),
    "draft_archived": N_("Utkast arkiverat"),
    "draft_clause_updated": N_("Utkastet använder en nyare klausulversion"),
    "draft_commented": N_("Kommentar på utkast"),
    "draft_copy": N_("Utkast kopierat"),
    "draft_create": N_("Utkast skapat"),
    "draft_delete": N_("Utkast borttaget"),
    "draft_export_answers": N_("Svarsfil nedladdad"),
    "draft_export_docx": N_("Avtal nedladdat som Word-dokument"),
    "draft_export_docx_again": N_("Tidigare nedladdning gjord igen"),
    "draft_export_pdf": N_("Avtal nedladdat som PDF"),
    "draft_import": N_("Svarsfil inläst som utkast"),
    "draft_returned": N_("Utkast skickat tillbaka av juristen"),
    "draft_sent_for_review": N_("Utkast skickat till jurist"),
    "finding_judged": N_("Jurist bedömde en kontrollpunkt"),
    "login": N_("Inloggning"),
    "login_failed": N_("Misslyckad inloggning"),
    "login_throttled": N_("Inloggning spärrad tillfälligt efter för många försök"),
    "organisation_created": N_("Organisation skapad"),
    "organisation_renamed": N_("Organisation ändrad"),
    "partner_confirmed": N_("Partnern bekräftade att den läst och godkänner utkastet"),
    "partner_document_downloaded": N_("Partnern laddade ner avtalstexten"),
    "partner_invited": N_("Partner inbjuden med länk"),
    "partner_link_opened": N_("Partnern öppnade sin länk"),
    "partner_link_refused": N_("En stängd eller utgången partnerlänk användes"),
    "partner_link_revoked": N_("Partnerlänk stängd"),
    "partner_message": N_("Meddelande från partnern"),
    "partner_message_staff": N_("Svar till partnern"),
    "partner_proposal_accepted": N_("Partnerns förslag godkänt och infört"),
    "partner_proposal_rejected": N_("Partnerns förslag avböjt"),
    "partner_proposed": N_("Partnern lämnade förslag"),
    "password_changed": N_("Lösenord bytt"),
    "password_reset_issued": N_("Länk för nytt lösenord skapad"),
    "password_reset_used": N_("Nytt lösenord valt via länk"),
    "user_activated": N_("Användare aktiverad"),
    "user_created": N_("Användare skapad"),
    "user_deactivated": N_("Användare inaktiverad"),
    "user_organisation_changed": N_("Användarens organisation ändrad"),
    "user_role_changed": N_("Användarens roll ändrad"),
}

DETAILS: dict[str, str] = {
    "address": N_("Adress"), "anchor": N_("Gäller"), "approved": N_("Godkänt av jurist"),
    "approved_version": N_("Godkänd version"), "clause": N_("Klausul"), "clauses": N_("Klausulversioner"),
    "comment": N_("Kommentar"), "draft_version": N_("Utkastets version"), "email": N_("E-postadress"),
    "export": N_("Nedladdning"), "exports": N_("Nedladdningar"), "final": N_("Slutversion"),
    "finding": N_("Kontrollpunkt"), "from_version": N_("Från version"), "language": N_("Språk"),
    "message": N_("Meddelande"), "name": N_("Namn"), "new": N_("Nytt värde"), "old": N_("Tidigare värde"),
    "org_number": N_("Organisationsnummer"), "reason": N_("Motivering"), "replaces": N_("Ersätter"),
    "requested_by": N_("Begärd av"), "retired": N_("Tagen ur bruk"), "reviewer": N_("Jurist"),
    "role": N_("Roll"), "source": N_("Källa"), "source_type": N_("Slags källa"), "title": N_("Titel"),
    "to_version": N_("Till version"), "verdict": N_("Bedömning"), "version": N_("Version"),
    "agreement": N_("Avtal"), "signed_on": N_("Undertecknat"), "file": N_("Fil"), "sha256": N_("SHA-256"),
    "effective_on": N_("Gäller från"), "ended_on": N_("Upphör"), "deadline": N_("Frist"), "done_on": N_("Gjort"),
    "indicator": N_("Indikator"), "period": N_("Period"),
    "partner": N_("Partner"), "link": N_("Länk"), "fields": N_("Uppgifter"), "withdrawn": N_("Återtagna"),
    "field": N_("Uppgift"), "expires": N_("Gäller till"), "state": N_("Läge"),
}
TARGETS = {"draft": N_("Utkast"), "clause": N_("Klausul"), "user": N_("Användare"),
           "organisation": N_("Organisation"), "export": N_("Nedladdning")}
VALUES = {"accepted": N_("godtagen"), "must_change": N_("måste ändras"), "sv": N_("svenska"), "en": N_("engelska"),
          "example": N_("exempel"), "staff": N_("handläggare"), "reviewer": N_("granskare"), "admin": N_("administratör"),
          "notice": N_("uppsagt"), "termination": N_("hävt"), "revoked": N_("stängd"), "expired": N_("utgången")}
HIDDEN = {"basis", "content_hash"}  # the exact facts of a judgment: kept in the log, too long for the page


def action_words(action: str) -> str:
    """Return an event's name in words (an unknown one as stored)."""
    return _(ACTIONS[action]) if action in ACTIONS else action


def target_words(kind: str | None) -> str:
    return _(TARGETS[kind]) if kind in TARGETS else (kind or "")


def value_words(value: Any) -> str:
    """Return a detail value as text: yes/no, known codes in words, lists and objects spelled out."""
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        if value in PARTNER_FIELDS:
            return _(PARTNER_FIELDS[value].label)
        return _(VALUES[value]) if value in VALUES else value
    if isinstance(value, dict):
        return ", ".join(f"{k} {value_words(v)}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple)):
        return ", ".join(value_words(v) for v in value)
    return str(value)


def detail_lines(details: dict[str, Any] | None) -> list[str]:
    """Return an event's details as short sentences: 'Label: value'."""
    lines = []
    # In one order whatever the database keeps (PostgreSQL's JSONB does not keep the keys' order).
    order = list(DETAILS)
    keys = sorted(details or {}, key=lambda k: (order.index(k) if k in order else len(order), k))
    for key in keys:
        value = (details or {})[key]
        if key in HIDDEN:
            continue
        label = _(DETAILS[key]) if key in DETAILS else key.replace("_", " ").capitalize()
        lines.append(f"{label}: {value_words(value)}")
    return lines
