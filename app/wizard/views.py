"""The wizard's steps and the review page (the Word export is in exports.py)."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ..access import allow
from ..agreement.pdf import pdf_available
from ..extensions import db
from ..legal import pages as legal_pages
from ..models import Draft
from . import bp, current_lang, exports, legal, load_draft, review, steps
from .fields import StepForm
from .findings import RulesUnavailable, assess_draft, for_review, for_steps
from .formtools import summary
from .forms import ExportForm

__all__ = ["bp"]


def render_step(draft: Draft, step: steps.Step, form: StepForm, status: int = 200,
                conflict: list[dict[str, str]] | None = None, notice: str | None = None,
                findings_of: list[str] | None = None) -> tuple[str, int]:
    """Render a step with its progress indicator, error summary, any conflict and the findings of `findings_of`."""
    previous, following = steps.neighbours(step)
    lang = current_lang()
    try:
        panels = for_steps(assess_draft(draft.answers, lang), findings_of, lang, draft.answers) \
            if findings_of else []
    except RulesUnavailable:
        panels = []
        notice = notice or _("Riskbedömningen kan inte visas just nu: regelfilen går inte att läsa. Svaren sparas "
                             "som vanligt. Kontakta en administratör.")
    shown = {f["id"]: f["title"] for panel in panels for f in panel["findings"]}
    todo = []  # after starting from an example or a copy: what is left to fill in
    if session.get("list_gaps") == draft.public_id:
        session.pop("list_gaps")
        todo = review.problems(draft.answers, lang) or review.gaps(draft.answers, lang)
    return render_template(
        "wizard/step.html", draft=draft, step=step, form=form, errors=summary(form),
        progress=steps.progress(draft.answers, step), previous=previous, following=following,
        conflict=conflict, notice=notice, findings=panels, legal_status=legal_pages.status_panel(draft),
        threads=legal.step_threads(draft, step.slug, shown), todo=todo), status


@bp.route("/<public_id>/steg/<slug>", methods=["GET", "POST"])
@allow("staff_own_draft")
def step(public_id: str, slug: str) -> Any:
    """Show a step (GET); validate, save and move on (POST)."""
    draft = load_draft(public_id)
    step = steps.by_slug(slug) or abort(404)
    if request.method == "GET":
        form = step.form(formdata=None, data=steps.form_data(step, draft.answers, draft.organisation))
        form.version.data = draft.version
        saved_draft, _sep, saved_slug = str(session.pop("saved_step", "")).partition(":")
        just_saved = [saved_slug] if saved_draft == public_id and saved_slug != step.slug else []
        return render_step(draft, step, form, findings_of=just_saved + [step.slug])
    form = step.form()
    action = request.form.get("action", "next")
    if steps.change_list(form, request.form.get("add"), request.form.get("remove")):
        return render_step(draft, step, form, notice=_("Ändringen sparas när du går vidare."))
    clean = steps.submit(step, form, current_lang(), draft.answers)
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
    legal.void_after_change(draft)
    session["saved_step"] = f"{public_id}:{step.slug}"  # the next page shows what this step triggers
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
@allow("staff_own_draft")
def review_page(public_id: str) -> str:
    """Every answer by step, what is missing, and the Word export when complete."""
    draft = load_draft(public_id)
    lang = current_lang()
    session.pop("saved_step", None)
    form = ExportForm(formdata=None, language=draft.answers.get("language", "sv"))
    return render_template(
        "wizard/review.html", draft=draft, sections=review.sections(draft.answers, lang),
        problems=review.problems(draft.answers, lang), gaps=review.gaps(draft.answers, lang), progress=steps.progress(draft.answers, None),
        form=form, assessment=for_review(draft.answers, lang, draft), versions=exports.review_panel(draft, lang),
        pdf_available=pdf_available(), legal=legal.review_panel(draft))
