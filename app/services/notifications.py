"""E-mail about legal review: sent, commented on, returned, approved, approval voided.

Sent after the request has committed, only when mail is configured. A message names the
draft by its title and links to the page; it carries no agreement content beyond the title.
"""
from __future__ import annotations

from typing import Iterable

from flask import current_app, url_for

from ..agreement.i18n import gettext_for
from ..mail import mail_enabled, send_mail
from .legal_review import Notice

def _texts(notice: Notice, lang: str) -> tuple[str, str]:
    _ = gettext_for(lang)
    title = notice.draft.title
    actor = notice.actor.email if notice.actor is not None else _("Samverkansguiden")
    subjects = {
        "sent": _("Utkast att granska: %(title)s", title=title),
        "comment": _("Ny kommentar: %(title)s", title=title),
        "returned": _("Utkastet har skickats tillbaka: %(title)s", title=title),
        "approved": _("Godkänt för underskrift: %(title)s", title=title),
        "voided": _("Godkännandet gäller inte längre: %(title)s", title=title),
    }
    lines = {
        "sent": _("%(actor)s har skickat utkastet ”%(title)s” till juridisk granskning.", actor=actor, title=title),
        "comment": _("%(actor)s har kommenterat utkastet ”%(title)s”.", actor=actor, title=title),
        "returned": _("%(actor)s har skickat tillbaka utkastet ”%(title)s” med kommentarer.", actor=actor,
                      title=title),
        "approved": _("%(actor)s har godkänt utkastet ”%(title)s” för underskrift.", actor=actor, title=title),
        "voided": _("Godkännandet av utkastet ”%(title)s” gäller inte längre: svaren eller klausulerna har "
                    "ändrats efter godkännandet.", title=title),
    }
    return subjects[notice.kind], lines[notice.kind]


def _link(notice: Notice, reviewer: bool) -> str:
    if reviewer:
        return url_for("legal.read", public_id=notice.draft.public_id, _external=True)
    return url_for("wizard.review", public_id=notice.draft.public_id, _external=True)


def deliver(notices: Iterable[Notice]) -> int:
    """Send each notice to its recipients in their language; return how many messages went out."""
    if not mail_enabled():
        return 0
    sent = 0
    for notice in notices:
        for user in notice.recipients:
            lang = user.language if user.language in ("sv", "en") else "sv"
            _ = gettext_for(lang)
            subject, line = _texts(notice, lang)
            link = _link(notice, user.is_reviewer)
            text = "\n\n".join([line, _("Öppna utkastet: %(link)s", link=link),
                                _("Meddelandet kommer från Samverkansguiden. Svara inte på det.")])
            try:
                if send_mail([user.email], subject, text):
                    sent += 1
            except Exception:  # noqa: BLE001 - a notification must never break the action it reports
                current_app.logger.exception("notification %s to user %s failed", notice.kind, user.id)
    return sent
