"""One agreement: signing it, its page (versions, copies, deadlines), tillägg, its end and its follow-up."""
from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields import SelectChoice

from ..access import allow
from ..agreement.answers import Answers
from ..agreement.chart import Point, line_chart
from ..extensions import db
from ..models import Agreement, SignedCopy
from ..models.audit import record
from ..services import deadlines, indicators, lifecycle
from ..services.lifecycle import LifecycleRefused
from ..wizard import current_lang, load_draft
from ..wizard.drafts import download_name
from . import bp, load_agreement
from .forms import ActionForm, AmendmentForm, CopyForm, DoneForm, EndForm, GoalsForm, SignForm, ValueForm


def attachment(name: str) -> str:
    """Return a Content-Disposition for a download name in any script (RFC 6266 / 5987)."""
    return f"attachment; filename*=UTF-8''{quote(name)}"


def read_upload(field: Any) -> tuple[str, bytes] | None:
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        return upload.filename, upload.read()
    finally:
        upload.close()


@bp.route("/underteckna/<public_id>", methods=["GET", "POST"])
@allow("staff_own_draft")
def sign(public_id: str) -> Any:
    """Record that the draft has been signed: the day, who signed for each party, the signed copy."""
    draft = load_draft(public_id)
    existing = Agreement.of_draft(draft)
    if existing is not None:
        return redirect(url_for("lifecycle.agreement", agreement_id=existing.public_id))
    ok, why = lifecycle.signable(draft)
    form = SignForm()
    if not ok:
        return render_template("lifecycle/sign.html", draft=draft, form=form, refused=why), (409 if request.method == "POST" else 200)
    parties = lifecycle.parties(Answers.model_validate(draft.answers))
    if request.method == "GET":
        form = SignForm(formdata=None, signed_on=dt.date.today(),
                        signatories=[{"party": p["party"], "name": p["name"], "title": p["title"]} for p in parties])
    while len(form.signatories) < len(parties):
        form.signatories.append_entry()
    for row, party in zip(form.signatories, parties):
        row.party.data = party["party"]
    if request.method == "GET" or not form.validate():
        return render_template("lifecycle/sign.html", draft=draft, form=form, parties=parties), \
            (200 if request.method == "GET" else 422)
    try:
        agreement = lifecycle.sign(draft, current_user, form.signed_on.data,
                                   [{"name": r.form.name.data or "", "title": r.form.title.data or ""}
                                    for r in form.signatories][:len(parties)])
        upload = read_upload(form.copy)
        if upload is not None:
            lifecycle.add_copy(agreement, upload[0], upload[1], current_user)
    except LifecycleRefused as refused:
        db.session.rollback()
        return render_template("lifecycle/sign.html", draft=draft, form=form, parties=parties,
                               error=refused.message), 422
    flash(_("Avtalet är registrerat som undertecknat. Svaren är nu låsta; en ändring görs som ett tillägg."),
          "success")
    return redirect(url_for("lifecycle.agreement", agreement_id=agreement.public_id))


def agreement_page(agreement: Agreement, status: int = 200, **forms: Any) -> tuple[str, int]:
    today = dt.date.today()
    lang = current_lang()
    rows = deadlines.of_agreement(agreement)
    return render_template(
        "lifecycle/agreement.html", agreement=agreement, state=lifecycle.status(agreement, today),
        versions=lifecycle.versions_in_words(agreement), copies=lifecycle.copies(agreement), rows=rows, today=today,
        lang=lang, copy_form=forms.get("copy_form") or CopyForm(formdata=None),
        done_form=forms.get("done_form") or DoneForm(formdata=None, done_on=today),
        amendment_form=forms.get("amendment_form") or AmendmentForm(formdata=None, effective_on=today),
        end_form=forms.get("end_form") or EndForm(formdata=None, ended_on=today),
        error=forms.get("error"), error_key=forms.get("error_key"),
        unreadable=lifecycle.current_answers(agreement) is None, can_edit=current_user.is_staff), status


@bp.route("/<agreement_id>/")
@allow("agreement_reader")
def agreement(agreement_id: str) -> Any:
    """The signed agreement: status, signatories, versions, signed copies and every deadline."""
    return agreement_page(load_agreement(agreement_id))


@bp.route("/<agreement_id>/kopia", methods=["POST"])
@allow("staff_own_agreement")
def upload_copy(agreement_id: str) -> Any:
    agreement = load_agreement(agreement_id)
    form = CopyForm()
    if not form.validate():
        return agreement_page(agreement, 400, copy_form=form, error=_("Formuläret kunde inte skickas. Försök igen."))
    upload = read_upload(form.copy)
    try:
        if upload is None:
            raise LifecycleRefused(_("Välj en PDF-fil att ladda upp."))
        lifecycle.add_copy(agreement, upload[0], upload[1], current_user)
    except LifecycleRefused as refused:
        db.session.rollback()
        form.copy.errors = [refused.message]
        return agreement_page(agreement, 422, copy_form=form)
    flash(_("Den undertecknade kopian är sparad."), "success")
    return redirect(url_for("lifecycle.agreement", agreement_id=agreement_id) + "#kopior")


@bp.route("/<agreement_id>/kopia/<copy_id>")
@allow("agreement_reader")
def download_copy(agreement_id: str, copy_id: str) -> Response:
    agreement = load_agreement(agreement_id)
    copy = db.session.execute(select(SignedCopy).filter_by(public_id=copy_id, agreement_id=agreement.id)
                              ).scalar_one_or_none() or abort(404)
    record("agreement_copy_downloaded", actor=current_user, target_type="draft", target_id=agreement.draft.public_id,
           file=copy.filename, sha256=copy.sha256)
    response = Response(copy.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = attachment(download_name(agreement.draft.title, "pdf"))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/<agreement_id>/frist/<deadline_key>", methods=["POST"])
@allow("staff_own_agreement")
def deadline_done(agreement_id: str, deadline_key: str) -> Any:
    """Mark a deadline done (a day and a note), or open it again."""
    agreement = load_agreement(agreement_id)
    form = DoneForm()
    try:
        if form.action.data == "undo":
            if not ActionForm().validate():
                raise LifecycleRefused(_("Formuläret kunde inte skickas. Försök igen."))
            deadlines.undo_done(agreement, deadline_key, current_user)
        else:
            if not form.validate():
                return agreement_page(agreement, 422, done_form=form, error_key=deadline_key)
            deadlines.mark_done(agreement, deadline_key, form.done_on.data, form.note.data or "", current_user)
    except LifecycleRefused as refused:
        db.session.rollback()
        form.done_on.errors = [refused.message]
        return agreement_page(agreement, 422, done_form=form, error_key=deadline_key)
    return redirect(request.form.get("next") if request.form.get("next", "").startswith("/avtal/")
                    else url_for("lifecycle.agreement", agreement_id=agreement_id) + f"#frist-{deadline_key}")


@bp.route("/<agreement_id>/tillagg", methods=["POST"])
@allow("staff_own_agreement")
def amendment(agreement_id: str) -> Any:
    """Start a tillägg (the wizard may change the answers), record it as a new version, or cancel it."""
    agreement = load_agreement(agreement_id)
    form = AmendmentForm()
    action = form.action.data
    try:
        if action in ("start", "cancel"):
            if not ActionForm().validate():
                raise LifecycleRefused(_("Formuläret kunde inte skickas. Försök igen."))
            if action == "start":
                lifecycle.open_amendment(agreement, current_user)
                flash(_("Ändra svaren i guiden och registrera sedan tillägget här, med dagen det gäller från."), "info")
                return redirect(url_for("wizard.review", public_id=agreement.draft.public_id))
            lifecycle.cancel_amendment(agreement, current_user)
        else:
            if not form.validate():
                return agreement_page(agreement, 422, amendment_form=form)
            version = lifecycle.record_amendment(agreement, form.effective_on.data, form.description.data or "",
                                                 current_user)
            flash(_("Tillägg %(number)s är registrerat och gäller från %(day)s.", number=version.number - 1,
                    day=version.effective_on.isoformat()), "success")
    except LifecycleRefused as refused:
        db.session.rollback()
        form.description.errors = [refused.message]
        return agreement_page(load_agreement(agreement_id), 422, amendment_form=form)
    return redirect(url_for("lifecycle.agreement", agreement_id=agreement_id) + "#versioner")


@bp.route("/<agreement_id>/avsluta", methods=["POST"])
@allow("staff_own_agreement")
def end(agreement_id: str) -> Any:
    """Record that the agreement ends before its term: given notice, or terminated."""
    agreement = load_agreement(agreement_id)
    form = EndForm()
    if not form.validate():
        return agreement_page(agreement, 422, end_form=form)
    try:
        lifecycle.end(agreement, form.ended_on.data, form.reason.data, form.note.data or "", current_user)
    except LifecycleRefused as refused:
        db.session.rollback()
        form.ended_on.errors = [refused.message]
        return agreement_page(agreement, 422, end_form=form)
    flash(_("Avtalets slut är registrerat."), "success")
    return redirect(url_for("lifecycle.agreement", agreement_id=agreement_id))


# --- follow-up ---------------------------------------------------------------------------------

def follow_up_page(agreement: Agreement, status: int = 200, errors: dict[int, Any] | None = None) -> tuple[str, int]:
    lang = current_lang()
    items = []
    for item in indicators.series(agreement):
        labels = {code: indicators.period_label(code, lang) for code in indicators.periods(agreement, item.setting.period)}
        points = [Point(indicators.period_label(v.period, lang), v.value) for v in item.values]
        failed = (errors or {}).get(item.setting.id, {})
        value_form = failed.get("value") or ValueForm(formdata=None, period=list(labels)[-1] if labels else "")
        value_form.period.choices = [SelectChoice(code, text) for code, text in reversed(list(labels.items()))]
        goals_form = failed.get("goals") or GoalsForm(
            formdata=None, period_kind=item.setting.period,
            baseline=indicators.number_text(item.setting.baseline, lang),
            target=indicators.number_text(item.setting.target, lang))
        items.append({"setting": item.setting, "entries": item.values,
                      "chart": line_chart(item.setting.name, points, baseline=item.setting.baseline,
                                          target=item.setting.target, lang=lang, chart_id=f"chart-{item.setting.id}"),
                      "value_form": value_form, "goals_form": goals_form, "labels": labels,
                      "number": lambda v: indicators.number_text(v, lang)})
    answers = lifecycle.current_answers(agreement)
    return render_template("lifecycle/follow_up.html", agreement=agreement, items=items,
                           checklist=lifecycle.checklist_for(answers, lang), unreadable=answers is None,
                           can_edit=current_user.is_staff, state=lifecycle.status(agreement)), status


@bp.route("/<agreement_id>/uppfoljning")
@allow("agreement_reader")
def follow_up(agreement_id: str) -> Any:
    """The follow-up plan's indicators over time, as charts with their tables, and the labs' checklist."""
    return follow_up_page(load_agreement(agreement_id))


@bp.route("/<agreement_id>/uppfoljning/<int:indicator_id>", methods=["POST"])
@allow("staff_own_agreement")
def indicator(agreement_id: str, indicator_id: int) -> Any:
    """Enter an indicator's value for a period, or set its period, baseline and target."""
    agreement = load_agreement(agreement_id)
    try:
        setting = indicators.setting_of(agreement, indicator_id)
    except LifecycleRefused:
        abort(404)
    goals = request.form.get("action") == "goals"
    form: Any = GoalsForm() if goals else ValueForm()
    if not goals:
        form.period.choices = [SelectChoice(c, c) for c in indicators.periods(agreement, setting.period)]
    try:
        if not form.validate():
            raise LifecycleRefused("")
        if goals:
            numbers = {}
            for name in ("baseline", "target"):
                try:
                    numbers[name] = indicators.parse_number(form[name].data, False, current_lang())
                except LifecycleRefused as refused:
                    form[name].errors = [refused.message]
            if len(numbers) < 2:
                raise LifecycleRefused("")
            indicators.set_goals(agreement, setting, form.period_kind.data, numbers["baseline"], numbers["target"],
                                 current_user)
        else:
            indicators.set_value(agreement, setting, form.period.data,
                                 indicators.parse_number(form.value.data, True, current_lang()) or 0.0, form.note.data or "",
                                 current_user)
    except LifecycleRefused as refused:
        db.session.rollback()
        if refused.message:
            (form.period_kind if goals else form.value).errors = [refused.message]  # set_goals refuses only the kind
        return follow_up_page(load_agreement(agreement_id), 422, {setting.id: {"goals" if goals else "value": form}})
    flash(_("Sparat."), "success")
    return redirect(url_for("lifecycle.follow_up", agreement_id=agreement_id) + f"#indikator-{indicator_id}")


@bp.route("/<agreement_id>/uppfoljning.csv")
@allow("agreement_reader")
def follow_up_csv(agreement_id: str) -> Response:
    agreement = load_agreement(agreement_id)
    response = Response("\ufeff" + indicators.as_csv(agreement, current_lang()), mimetype="text/csv")
    name = download_name(agreement.draft.title + "-uppfoljning", "csv")
    response.headers["Content-Disposition"] = attachment(name)
    return response
