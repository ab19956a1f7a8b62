"""The handläggare's side of legal review: send a draft to a reviewer, answer comments."""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..access import allow
from ..extensions import db
from ..legal import forms as legal_forms, pages as legal_pages
from ..models import Draft
from ..services import legal_review, notifications
from ..transaction import after_commit
from ..services import exports
from . import bp, current_lang, load_draft


def send_form(draft: Draft, formdata: bool = False) -> Any:
    """Return the send-for-review form with the organisation's reviewers to choose from."""
    form = legal_forms.SendForReviewForm() if formdata else legal_forms.SendForReviewForm(formdata=None)
    form.reviewer.choices = [("", _("Alla jurister i organisationen"))] + [
        (str(r.id), r.email) for r in legal_review.reviewers_of(draft.organisation_id)]
    return form


@bp.route("/<public_id>/skicka-till-jurist", methods=["POST"], endpoint="send_for_review")
@allow("staff_own_draft")
def send_for_review(public_id: str) -> Response:
    """Send a complete draft to legal review, to one reviewer or to all of the organisation's."""
    draft = load_draft(public_id)
    form = send_form(draft, formdata=True)
    back = redirect(url_for("wizard.review", public_id=public_id) + "#legal-review")
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return back
    reviewer = int(form.reviewer.data) if str(form.reviewer.data or "").isdigit() else None
    try:
        notices = legal_review.send_for_review(draft, current_user, reviewer, form.message.data or "")
    except legal_review.ReviewRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return back
    after_commit(lambda: notifications.deliver(notices))
    flash(_("Utkastet är skickat till juridisk granskning."), "success")
    return back


@bp.route("/<public_id>/kommentar", methods=["POST"], endpoint="comment")
@allow("staff_own_draft")
def comment(public_id: str) -> Response:
    """Answer a reviewer's comment, or comment on a step, a finding or a clause."""
    return legal_pages.post_comment(load_draft(public_id), url_for("wizard.review", public_id=public_id))


@bp.route("/<public_id>/kommentarer/status", methods=["POST"], endpoint="thread_status")
@allow("staff_own_draft")
def thread_status(public_id: str) -> Response:
    """Mark a comment thread resolved, or open it again."""
    return legal_pages.post_thread_status(load_draft(public_id), url_for("wizard.review", public_id=public_id))


def void_after_change(draft: Draft) -> None:
    """After a change to the answers or the clause versions, void an approval it no longer covers (the notice
    goes out once the request's changes are committed)."""
    notices = legal_review.void_if_changed(draft, current_user)
    if notices:
        after_commit(lambda: notifications.deliver(notices))
        flash(_("Godkännandet för underskrift gäller inte längre, eftersom utkastet har ändrats. Skicka det till "
                "jurist igen."), "error")


def review_panel(draft: Draft) -> dict[str, Any]:
    """Return what the review page shows of legal review: status, approval, the send form and the threads."""
    threads = legal_pages.threads_by_anchor(draft)
    titles: dict[str, str] = {}
    if threads:
        lang = current_lang()
        findings = {f["id"]: f for f in legal_review.current_findings(draft, lang)}
        pool = exports.clause_pool(draft)
        clauses = {key: e.clause.title.get(lang) or e.clause.title.get("sv", key)
                   for key, e in ({**pool[0], **pool[1]} if pool else {}).items()}
        titles = {key: legal_pages.anchor_title(t, findings, clauses) for key, t in threads.items()}
    return {"status": legal_pages.status_panel(draft), "send_form": send_form(draft),
            "reviewers": bool(legal_review.reviewers_of(draft.organisation_id)), "threads": threads,
            "titles": titles, "open_threads": sum(1 for t in threads.values() if t.is_open)}


def step_threads(draft: Draft, slug: str, findings: dict[str, str]) -> list[tuple[Any, str]]:
    """Return the threads a step shows, with their titles: on the step, and on the findings it shows (id → title)."""
    threads = legal_pages.threads_by_anchor(draft)
    shown = [(threads[f"step:{slug}"], _("Om steget"))] if f"step:{slug}" in threads else []
    return shown + [(threads[f"finding:{fid}"], _("Om kontrollpunkten ”%(title)s”", title=title))
                    for fid, title in findings.items() if f"finding:{fid}" in threads]
