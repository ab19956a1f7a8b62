"""The reviewer's side: the queue, the reading view, comments, judgments, approval and return.

A reviewer sees only drafts of their own organisation that have been sent for review;
any other draft id is 404, whoever made it.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..access import allow
from ..agreement.answers import AnswersError, validate
from ..agreement.checkpoints import RulesError
from ..agreement.conditions.words import path_label
from ..agreement.document.model import numbered_clauses
from ..extensions import db, login_manager
from ..models import Draft
from ..services import exports, legal_review
from ..wizard import current_lang, review
from .forms import ApproveForm, CommentForm, JudgmentForm, ReturnForm, ThreadForm
from .pages import anchor_title, finish, next_url, post_comment, post_thread_status, status_panel, threads_by_anchor

bp = Blueprint("legal", __name__, url_prefix="/granskning")


@bp.before_request
def require_reviewer() -> Response | None:
    """Only signed-in reviewers reach these pages."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_reviewer:
        abort(403)
    return None


def _draft(public_id: str) -> Draft:
    return legal_review.draft_for_reviewer(public_id, current_user) or abort(404)


@bp.route("/", endpoint="queue")
@allow("reviewer")
def queue() -> str:
    """The drafts sent to this reviewer or to anyone of the organisation, oldest first."""
    return render_template("legal/queue.html", rows=legal_review.queue(current_user),
                           has_organisation=current_user.organisation_id is not None)


def _reading(draft: Draft) -> dict[str, Any]:
    """Return everything the reading view shows."""
    lang = current_lang()
    findings = legal_review.current_findings(draft, lang)
    judged = legal_review.judgments_now(draft, findings)
    model = used = None
    problem = None
    try:
        answers = validate(draft.answers, lang)
        cleared, record = legal_review.export_terms(draft, lang)
        model, used = exports.reading_model(draft, answers, lang=lang, cleared=cleared, legal_review=record)
    except AnswersError:
        problem = _("Utkastet är inte komplett, så avtalet kan inte visas.")
    except exports.ExportRefused as exc:
        problem = exc.message
    except (RulesError, OSError):
        problem = _("Riskbedömningen kan inte göras just nu: regelfilen med kontrollpunkterna går inte att läsa. "
                    "Försök igen när en administratör har rättat den.")
    except ValueError as exc:  # a clause with a template error: the page says so instead of failing
        problem = _("Avtalet kunde inte skapas: %(reason)s", reason=str(exc).splitlines()[0] if str(exc) else "")
    titles = {f["id"]: f for f in findings}
    clause_titles = {key: entry.clause.title.get(lang) or entry.clause.title.get("sv", key)
                     for key, entry in (used or {}).items()}
    threads = threads_by_anchor(draft)
    return {
        "draft": draft, "sections": review.sections(draft.answers, lang), "findings": findings, "judged": judged,
        "changed": {fid: [path_label(path, lang) for path in view.changed] for fid, view in judged.items()},
        "model": model, "numbered": numbered_clauses(model) if model is not None else [], "used": used or {},
        "problem": problem, "threads": threads,
        "clause_threads": [(key, thread) for key, thread in threads.items() if key.startswith("clause:")],
        "thread_titles": {k: anchor_title(t, titles, clause_titles) for k, t in threads.items()},
        "blocking": legal_review.blocking(draft, findings) if findings or model else [],
        "status": status_panel(draft), "judgment_form": JudgmentForm(formdata=None),
        "comment_form": CommentForm(formdata=None), "thread_form": ThreadForm(formdata=None),
        "approve_form": ApproveForm(formdata=None), "return_form": ReturnForm(formdata=None),
    }


@bp.route("/<public_id>", endpoint="read")
@allow("reviewer_sent_draft")
def read(public_id: str) -> str:
    """The reading view: answers by step, findings with judgments, and the agreement as it would be exported."""
    return render_template("legal/read.html", **_reading(_draft(public_id)))


def _back(draft: Draft, anchor: str = "") -> Response:
    return redirect(next_url(url_for("legal.read", public_id=draft.public_id)) + (f"#{anchor}" if anchor else ""))


@bp.route("/<public_id>/bedomning", methods=["POST"], endpoint="judge")
@allow("reviewer_sent_draft")
def judge(public_id: str) -> Response:
    """Record a judgment of a stop or warning: godtagen with a reason, or måste ändras."""
    draft = _draft(public_id)
    form = JudgmentForm()
    finding = form.finding.data or ""
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return _back(draft, f"finding-{finding}")
    try:
        legal_review.judge(draft, finding, form.verdict.data, form.reason.data or "", current_user, current_lang())
    except legal_review.ReviewRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(draft, f"finding-{finding}")
    finish([])
    flash(_("Bedömningen är sparad."), "success")
    return _back(draft, f"finding-{finding}")


@bp.route("/<public_id>/kommentar", methods=["POST"], endpoint="comment")
@allow("reviewer_sent_draft")
def comment(public_id: str) -> Response:
    """Comment on a step, a finding or a clause of the agreement."""
    return post_comment(_draft(public_id), url_for("legal.read", public_id=public_id))


@bp.route("/<public_id>/kommentarer/status", methods=["POST"], endpoint="thread_status")
@allow("reviewer_sent_draft")
def thread_status(public_id: str) -> Response:
    """Mark a comment thread resolved, or open it again."""
    return post_thread_status(_draft(public_id), url_for("legal.read", public_id=public_id))


@bp.route("/<public_id>/godkann", methods=["POST"], endpoint="approve")
@allow("reviewer_sent_draft")
def approve(public_id: str) -> Response:
    """Approve the draft for signing, for this version and the clause versions its document uses."""
    draft = _draft(public_id)
    form = ApproveForm()
    if not form.validate():
        flash(_("Anteckningen är för lång."), "error")
        return _back(draft, "approval")
    try:
        notices = legal_review.approve(draft, current_user, form.note.data or "", current_lang())
    except legal_review.ReviewRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(draft, "approval")
    finish(notices)
    flash(_("Utkastet är godkänt för underskrift."), "success")
    return _back(draft)


@bp.route("/<public_id>/tillbaka", methods=["POST"], endpoint="send_back")
@allow("reviewer_sent_draft")
def send_back(public_id: str) -> Response:
    """Send the draft back to its author as utkast, saying what to change."""
    draft = _draft(public_id)
    form = ReturnForm()
    if not form.validate():
        flash(_("Skriv vad som behöver ändras innan du skickar tillbaka utkastet."), "error")
        return _back(draft, "approval")
    try:
        notices = legal_review.return_to_draft(draft, current_user, form.message.data or "")
    except legal_review.ReviewRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(draft)
    finish(notices)
    flash(_("Utkastet är skickat tillbaka till handläggaren."), "success")
    return redirect(url_for("legal.queue"))
