"""The wizard's steps, the review page and the Word export."""
from __future__ import annotations

import importlib
import io
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from ..agreement.answers import AnswersError, validate
from ..extensions import db
from ..models import Draft
from ..models.audit import record
from . import bp, current_lang, load_draft, review, steps
from .drafts import download_name
from .fields import StepForm
from .formtools import summary
from .forms import ExportForm

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

__all__ = ["bp"]


def render_step(draft: Draft, step: steps.Step, form: StepForm, status: int = 200,
                conflict: list[dict[str, str]] | None = None, notice: str | None = None) -> tuple[str, int]:
    """Render a step with its progress indicator, error summary and any conflict."""
    previous, following = steps.neighbours(step)
    return render_template(
        "wizard/step.html", draft=draft, step=step, form=form, errors=summary(form),
        progress=steps.progress(draft.answers, step), previous=previous, following=following,
        conflict=conflict, notice=notice), status


@bp.route("/<public_id>/steg/<slug>", methods=["GET", "POST"])
def step(public_id: str, slug: str) -> Any:
    """Show a step (GET); validate, save and move on (POST)."""
    draft = load_draft(public_id)
    step = steps.by_slug(slug) or abort(404)
    if request.method == "GET":
        form = step.form(formdata=None, data=steps.form_data(step, draft.answers, draft.organisation))
        form.version.data = draft.version
        return render_step(draft, step, form)
    form = step.form()
    action = request.form.get("action", "next")
    if steps.change_list(form, request.form.get("add"), request.form.get("remove")):
        return render_step(draft, step, form, notice=_("Ändringen sparas när du går vidare."))
    clean = steps.submit(step, form, current_lang())
    if str(form.version.data) != str(draft.version):
        return refuse(draft, step, form)
    if clean is None:
        notice = _("Rätta felen för att spara. Vill du lämna steget utan att spara kan du välja ett annat "
                   "steg i listan ovan.") if action == "back" else None
        return render_step(draft, step, form, 422, notice=notice)
    steps.save(draft, step, clean)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return refuse(load_draft(public_id), step, form)
    target = steps.destination(step, action)
    if target is None:
        return redirect(url_for("wizard.review", public_id=public_id))
    return redirect(url_for("wizard.step", public_id=public_id, slug=target.slug))


def refuse(draft: Draft, step: steps.Step, form: StepForm) -> tuple[str, int]:
    """Refuse a save based on an old version: keep the input, show what is stored now."""
    saved = steps.stored(step, draft.answers) is not None
    current = review.rows(review.step_form(step, draft.answers), current_lang()) if saved else []
    form.version.data = draft.version  # saving again now replaces the stored answers knowingly
    return render_step(draft, step, form, 409, conflict=current)


@bp.route("/<public_id>/granska", endpoint="review")
def review_page(public_id: str) -> str:
    """Every answer by step, what is missing, and the Word export when complete."""
    draft = load_draft(public_id)
    lang = current_lang()
    form = ExportForm(formdata=None, language=draft.answers.get("language", "sv"))
    return render_template(
        "wizard/review.html", draft=draft, sections=review.sections(draft.answers, lang),
        problems=review.problems(draft.answers, lang), progress=steps.progress(draft.answers, None),
        form=form)


@bp.route("/<public_id>/export", methods=["POST"])
def export(public_id: str) -> Response:
    """Render the complete answers as a Word document and download it."""
    draft = load_draft(public_id)
    form = ExportForm()
    back = redirect(url_for("wizard.review", public_id=public_id))
    if not form.validate():
        flash(_("Välj språk och version för exporten."), "error")
        return back
    try:
        answers = validate(draft.answers, current_lang())
    except AnswersError:
        flash(_("Utkastet är inte komplett. Rätta det som saknas innan du exporterar."), "error")
        return back
    try:
        documents = importlib.import_module("app.services.documents")
    except ImportError:
        flash(_("Word-exporten är inte tillgänglig just nu."), "error")
        return back
    try:
        content = documents.render_answers(answers, lang=form.language.data, draft=form.kind.data == "utkast")
    except ValueError as exc:  # a clause lacking a text in the language, a template error, …
        flash(_("Dokumentet kunde inte skapas: %(reason)s", reason=str(exc).splitlines()[0] if str(exc) else ""),
              "error")
        return back
    except Exception:  # noqa: BLE001 - the user gets a message, the log the details
        current_app.logger.exception("export of draft %s failed", draft.public_id)
        flash(_("Dokumentet kunde inte skapas. Försök igen senare eller kontakta en administratör."), "error")
        return back
    record("draft_export_docx", actor=current_user, target_type="draft", target_id=draft.public_id,
           language=form.language.data, kind=form.kind.data)
    db.session.commit()
    return send_file(io.BytesIO(content), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name(draft.title, "docx"))
