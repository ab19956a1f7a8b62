"""What the review pages show of a draft's legal review, for the reviewer and for the handläggare alike."""
from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, request
from werkzeug.wrappers import Response
from flask_babel import gettext as _

from ..agreement import labels
from ..extensions import db
from ..models import CommentThread, Draft
from ..services import legal_review, notifications
from ..transaction import after_commit
from ..wizard import current_lang, steps
from flask_login import current_user

from .forms import CommentForm, ThreadForm

ANCHOR_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


def parse_anchor(value: str | None) -> tuple[str, str] | None:
    """Return (kind, key) of a posted anchor such as 'step:avtalet' or 'finding:lou.contract-likely'."""
    kind, _sep, key = (value or "").partition(":")
    if kind not in ("step", "finding", "clause") or not ANCHOR_KEY.match(key):
        return None
    if kind == "step" and steps.by_slug(key) is None:
        return None
    return kind, key


def anchor_title(thread: CommentThread, findings: dict[str, dict[str, Any]], clauses: dict[str, str]) -> str:
    """Say what a thread is about: 'Steg: Ekonomi', 'Kontrollpunkt: …', 'Klausul: …'."""
    if thread.anchor_kind == "step":
        step = steps.by_slug(thread.anchor_key)
        return _("Steg: %(title)s", title=step.title if step else thread.anchor_key)
    if thread.anchor_kind == "finding":
        finding = findings.get(thread.anchor_key)
        return _("Kontrollpunkt: %(title)s", title=finding["title"] if finding else thread.anchor_key)
    return _("Klausul: %(title)s", title=clauses.get(thread.anchor_key, thread.anchor_key))


def threads_by_anchor(draft: Draft) -> dict[str, CommentThread]:
    """Return 'kind:key' -> thread."""
    return {f"{t.anchor_kind}:{t.anchor_key}": t for t in legal_review.threads(draft)}


def status_panel(draft: Draft) -> dict[str, Any]:
    """Return the status shown on the draft's pages: label, who and when, the message, the approval."""
    info = legal_review.history(draft)
    state = info["state"]
    return {**info, "label": labels.label("review_status", state.status, current_lang()),
            "comment_form": CommentForm(formdata=None), "thread_form": ThreadForm(formdata=None)}


def next_url(default: str) -> str:
    """Return where to go back after a comment: the page it was posted from when it is ours."""
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


def finish(notices: list[legal_review.Notice]) -> None:
    """Send the request's notifications once its change is committed (at the end of the request)."""
    after_commit(lambda: notifications.deliver(notices))


def post_comment(draft: Draft, default: str) -> Response:
    """Add a posted comment to its anchor's thread (reviewer and handläggare alike)."""
    form = CommentForm()
    anchor = parse_anchor(form.anchor.data)
    target = next_url(default)
    if anchor is None:
        abort(400)
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return redirect(f"{target}#thread-{anchor[0]}-{anchor[1]}")
    try:
        notices = legal_review.add_comment(draft, anchor[0], anchor[1], form.body.data or "", current_user)
    except legal_review.ReviewRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(target)
    finish(notices)
    flash(_("Kommentaren är sparad."), "success")
    return redirect(f"{target}#thread-{anchor[0]}-{anchor[1]}")


def post_thread_status(draft: Draft, default: str) -> Response:
    """Resolve or reopen a posted thread."""
    form = ThreadForm()
    if not form.validate() or not str(form.thread.data or "").isdigit():
        abort(400)
    try:
        thread = legal_review.set_resolved(draft, int(form.thread.data), form.resolved.data == "1", current_user)
    except legal_review.ReviewRefused:
        abort(404)
    finish([])
    return redirect(f"{next_url(default)}#thread-{thread.anchor_kind}-{thread.anchor_key}")
