"""The wizard's steps and the review page (the Word export is in exports.py)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy.orm.exc import StaleDataError

from ..access import allow
from ..agreement.answers import Term
from ..agreement.answers.readiness import term_warnings
from ..agreement.pdf import pdf_available
from ..extensions import db
from ..legal import pages as legal_pages
from ..models import Draft
from ..services import lifecycle, portfolio
from ..services import partners as partner_links
from . import bp, current_lang, exports, legal, load_draft, review, steps
from .fields import StepForm
from .findings import RulesUnavailable, assess_draft, for_review, for_steps
from .formtools import anchor, resolve, summary
from .forms import ExportForm

__all__ = ["bp"]


def frozen_notice() -> str:
    return _("Avtalet är undertecknat och svaren är låsta. En ändring görs som ett tillägg: öppna avtalet och "
             "välj ”Skriv ett tillägg”.")




def render_step(draft: Draft, step: steps.Step, form: StepForm, status: int = 200,
                conflict: list[dict[str, str]] | None = None, notice: str | None = None,
                findings_of: list[str] | None = None, differs: list[dict[str, str]] | None = None) -> tuple[str, int]:
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
    warnings = date_warnings(draft) if step.section == "term" else []
    todo = []  # after starting from an example or a copy: what is left to fill in
    if session.get("list_gaps") == draft.public_id:
        session.pop("list_gaps")
        todo = review.problems(draft.answers, lang) or review.gaps(draft.answers, lang)
    return render_template(
        "wizard/step.html", draft=draft, step=step, form=form, errors=summary(form),
        progress=steps.progress(draft.answers, step), previous=previous, following=following,
        conflict=conflict, notice=notice, findings=panels, legal_status=legal_pages.status_panel(draft),
        threads=legal.step_threads(draft, step.slug, shown), todo=todo, warnings=warnings, differs=differs or [],
        related=related_panel(draft, form)), status


def related_panel(draft: Draft, form: StepForm) -> dict[str, Any] | None:
    """Return the records' sum offered for `related_agreements_12m_sek`, on the step that asks for it."""
    if not hasattr(form, "related_agreements_12m_sek"):
        return None
    offer = portfolio.related_offer(draft)
    return {"offer": offer} if offer is not None else None


def date_warnings(draft: Draft) -> list[str]:
    """Return the warnings about the saved term (in the past, a single day), translated."""
    term = draft.answers.get("term")
    try:
        saved = Term.model_validate(term) if isinstance(term, dict) else None
    except ValidationError:
        saved = None
    if saved is None:
        return []
    return [_(msgid) for msgid in term_warnings(saved.start_date, saved.end_date, dt.date.today())]


@bp.route("/<public_id>/steg/<slug>", methods=["GET", "POST"])
@allow("staff_own_draft")
def step(public_id: str, slug: str) -> Any:
    """Show a step (GET); validate, save and move on (POST)."""
    draft = load_draft(public_id)
    step = steps.by_slug(slug) or abort(404)
    frozen = lifecycle.is_frozen(draft)
    if request.method == "GET":
        form = step.form(formdata=None, data=steps.form_data(step, draft.answers, draft.organisation,
                                                             (draft.set_aside or {}).get(step.slug), draft.title))
        form.version.data = draft.version
        form.base.data = steps.encode_base(steps.stored(step, draft.answers))
        saved_draft, _sep, saved_slug = str(session.pop("saved_step", "")).partition(":")
        just_saved = [saved_slug] if saved_draft == public_id and saved_slug != step.slug else []
        return render_step(draft, step, form, findings_of=just_saved + [step.slug],
                           notice=frozen_notice() if frozen else None)
    if frozen:  # a signed agreement's answers change only through a tillägg: nothing is saved, the input stays
        return render_step(draft, step, step.form(), 409, notice=frozen_notice())
    form = step.form()
    action = request.form.get("action", "next")
    if steps.change_list(form, request.form.get("add"), request.form.get("remove")):
        return render_step(draft, step, form, notice=_("Ändringen sparas när du går vidare."))
    if "use_related_sum" in request.form and hasattr(form, "related_agreements_12m_sek"):
        offer = portfolio.related_offer(draft)
        if offer is not None:
            form.related_agreements_12m_sek.data = offer.total_sek
            form.related_agreements_12m_sek.raw_data = [str(offer.total_sek)]
        return render_step(draft, step, form, notice=_("Summan från bolagets register är ifylld. Den sparas när "
                                                       "du går vidare."))
    clean = steps.submit(step, form, current_lang(), draft.answers)
    if clean is not None and hasattr(form, "related_agreements_12m_sek") and not related_reason_given(draft, clean):
        form.related_agreements_note.errors = [_(
            "Beloppet skiljer sig från summan av bolagets undertecknade avtal om samma typ av verksamhet. Skriv "
            "varför, eller använd registrets summa.")]
        clean = None
    if str(form.version.data) != str(draft.version):
        # Saved since this page was opened (another tab, a colleague): a conflict only when this step
        # changed there too, field by field; what only the other side changed is kept.
        known, base = steps.decode_base(form.base.data)
        if not known or clean is None and steps.stored(step, draft.answers) != base:
            return refuse(draft, step, form)
        outcome = steps.merge(base, steps.stored(step, draft.answers), clean)
        if outcome.conflicts:
            return refuse(draft, step, form, outcome)
        if clean is not None and outcome.other_changed:
            clean, problems = steps.check(step, outcome.merged, current_lang(), draft.answers)
            if problems:
                return refuse(draft, step, form, outcome)
        form.version.data = draft.version
        form.base.data = steps.encode_base(steps.stored(step, draft.answers))
    if clean is None:
        notice = _("Rätta felen för att spara. Vill du lämna steget utan att spara kan du välja ett annat "
                   "steg i listan ovan.") if action == "back" else None
        return render_step(draft, step, form, 422, notice=notice)
    partners_before = draft.answers.get("partners")
    steps.save(draft, step, clean, getattr(form, "set_aside", None))
    if step.section == "partners":
        partner_links.follow_partners(draft, partners_before)
    try:
        db.session.flush()  # the version check: a save made meanwhile elsewhere raises here (committed at the end)
    except StaleDataError:
        db.session.rollback()
        return refuse(load_draft(public_id), step, form)
    legal.void_after_change(draft)
    if step.section == "term":
        for message in date_warnings(draft):
            flash(message, "warning")
    session["saved_step"] = f"{public_id}:{step.slug}"  # the next page shows what this step triggers
    target = steps.destination(step, action)
    if target is None:
        return redirect(url_for("wizard.review", public_id=public_id))
    return redirect(url_for("wizard.step", public_id=public_id, slug=target.slug))


def refuse(draft: Draft, step: steps.Step, form: StepForm, outcome: steps.Merge | None = None) -> tuple[str, int]:
    """Refuse a save based on an old version: keep the input, show what is stored now and where it differs.

    With a merge, the form shows this tab's answers on top of what the other side saved: saving
    again keeps the other side's changes to the fields this tab did not touch.
    """
    lang = current_lang()
    stored_now = steps.stored(step, draft.answers)
    stored_form = review.step_form(step, draft.answers)
    current = review.rows(stored_form, lang) if stored_now is not None else []
    differs = []
    if outcome is not None:
        if outcome.merged is not None:
            merged_answers = _with_section(draft.answers, step, outcome.merged)
            merged = step.form(formdata=None, data=steps.form_data(step, merged_answers, draft.organisation))
            for name, field in merged._fields.items():
                if name not in ("csrf_token", "version", "base") and name in form._fields:
                    form._fields[name].process(None, field.data)
        for path in outcome.conflicts:
            field, label = resolve(stored_form, path) if path else (None, "")
            if field is None:  # the partners are compared as a whole
                differs.append({"label": str(step.title), "anchor": "", "stored": ""})
            else:
                differs.append({"label": label, "anchor": anchor(field), "stored": review.display(field, lang)})
    form.version.data = draft.version  # saving again now replaces the stored answers knowingly
    form.base.data = steps.encode_base(stored_now)
    return render_step(draft, step, form, 409, conflict=current, differs=differs)


def _with_section(answers: dict[str, Any], step: steps.Step, section: Any) -> dict[str, Any]:
    if step.section is None:
        return {**answers, **(section or {})}
    return {**answers, step.section: section}


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
        pdf_available=pdf_available(), legal=legal.review_panel(draft),
        swedish_texts=review.swedish_free_texts(draft.answers), signing=signing_panel(draft))


def related_reason_given(draft: Draft, clean: dict[str, Any]) -> bool:
    """Return False when the figure for related agreements differs from the records' sum without a reason."""
    offer = portfolio.related_offer(draft)
    if offer is None or not offer.records:
        return True
    return clean.get("related_agreements_12m_sek") == offer.total_sek or bool(clean.get("related_agreements_note"))


def signing_panel(draft: Draft) -> dict[str, Any]:
    """Return the review page's signing part: the agreement once signed, else whether it can be signed and why not."""
    agreement = lifecycle.Agreement.of_draft(draft)
    if agreement is not None:
        return {"agreement": agreement, "ok": False, "why": ""}
    ok, why = lifecycle.signable(draft)
    return {"agreement": None, "ok": ok, "why": why}
