"""The partner's page: what it is asked to do, its own part as proposals, the thread, the text, the confirmation."""
from __future__ import annotations

import io
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.fields import SelectChoice

from ..access import allow
from ..agreement import pdf
from ..agreement.answers import AnswersError, validate
from ..agreement.checkpoints import RulesError
from ..agreement.document.model import numbered_clauses
from ..agreement.partner_part import BY_KEY, current_value
from ..extensions import db
from ..models import Agreement, PartnerInvitation
from ..services import exports, indicators, partners
from ..services.lifecycle import LifecycleRefused
from ..services.partners import PartnerRefused
from ..transaction import end_reads, keep_on_error
from ..wizard import current_lang
from ..wizard.exports import DOCX_MIMETYPE, export_name
from . import bp
from .forms import FIELD_KEYS, ConfirmForm, DocumentForm, MessageForm, PartnerPartForm, ReportForm, ValueReportForm


def load_link(token: str) -> PartnerInvitation:
    """Return the invitation a valid link opens; a revoked or expired link gets a page that names nothing."""
    link = partners.open_link(token)
    if link.state == "unknown":
        abort(404)
    if link.state != "valid":
        partners.refused_link(link)
        keep_on_error()  # the refused opening is in the audit log although the answer is 410
        page = render_template("partner/gone.html", state=link.state)
        abort(Response(page, status=410, mimetype="text/html", headers={"Cache-Control": "no-store"}))
    assert link.invitation is not None
    return link.invitation


def form_values(form: PartnerPartForm) -> dict[str, Any]:
    return {key: getattr(form, name).data for name, key in FIELD_KEYS.items()}


def prefilled(invitation: PartnerInvitation, index: int) -> dict[str, Any]:
    """The form's values: the partner's open proposals, else what the draft says."""
    open_now = {p.field: p.value for p in partners.proposals_of(invitation) if p.status == "open"}
    data = {}
    for name, key in FIELD_KEYS.items():
        value = open_now.get(key, current_value(invitation.draft.answers, BY_KEY[key], index))
        data[name] = "\n".join(value) if isinstance(value, list) else value
    return data


def agreement_text(invitation: PartnerInvitation, lang: str) -> tuple[Any, str | None]:
    """Return the agreement as the partner reads it, or why it cannot be shown yet."""
    try:
        answers = validate(invitation.draft.answers, lang)
        return exports.partner_reading_model(invitation.draft, answers, lang=lang), None
    except AnswersError:
        return None, _("Avtalstexten visas när bostadsbolaget har fyllt i alla delar av utkastet.")
    except exports.ExportRefused as exc:
        return None, exc.message
    except (RulesError, OSError, ValueError):
        current_app.logger.exception("the partner's text of draft %s cannot be made", invitation.draft.public_id)
        return None, _("Avtalstexten kan inte visas just nu. Försök igen senare.")


def page(invitation: PartnerInvitation, status: int = 200, **forms: Any) -> tuple[str, int]:
    lang = current_lang()
    draft = invitation.draft
    index = partners.partner_index(invitation)
    agreement = Agreement.of_draft(draft)
    frozen = agreement is not None and not agreement.amendment_open
    part_form = forms.get("part_form")
    if part_form is None and index is not None:
        part_form = PartnerPartForm(formdata=None, data=prefilled(invitation, index))
    if index is None:  # the draft no longer names the partner: nothing of it is shown
        model, text_problem = None, _("Utkastet nämner inte längre er organisation, så avtalstexten visas inte här.")
    else:
        model, text_problem = agreement_text(invitation, lang)
    proposals = partners.proposals_of(invitation)
    latest = {}
    for proposal in proposals:
        if proposal.status != "replaced":
            latest[proposal.field] = proposal
    can_confirm, confirm_why = partners.can_confirm(draft) if index is not None else (False, text_problem)
    return render_template(
        "partner/page.html", **reporting(agreement, lang, forms), invitation=invitation, draft=draft, index=index,
        frozen=frozen, agreement=agreement,
        part_form=part_form, field_keys=FIELD_KEYS, latest=latest, lang=lang,
        field_label=lambda key: _(BY_KEY[key].label),
        messages=partners.messages_of(invitation),
        message_form=forms.get("message_form") or MessageForm(formdata=None, prefix="message"),
        model=model, numbered=numbered_clauses(model) if model is not None else [], text_problem=text_problem,
        pdf_available=pdf.pdf_available(), document_form=DocumentForm(formdata=None),
        can_confirm=can_confirm, confirm_why=confirm_why, confirmed=partners.confirmed_now(invitation),
        confirm_form=forms.get("confirm_form") or ConfirmForm(formdata=None, shown=partners.text_hash(draft)),
        inviter=draft.organisation.name, invited_by=invitation.invited_by, error=forms.get("error")), status


def reporting(agreement: Agreement | None, lang: str, forms: dict[str, Any]) -> dict[str, Any]:
    """After signing: the indicators to report values for, and the contract years to report on."""
    if agreement is None:
        return {"indicator_items": [], "report_rows": [], "reports": []}
    items = []
    for item in indicators.series(agreement):
        labels = {code: indicators.period_label(code, lang) for code in indicators.periods(agreement, item.setting.period)}
        items.append({"setting": item.setting, "values": item.values, "labels": labels,
                      "number": lambda v: indicators.number_text(v, lang)})
    rows = partners.report_rows(agreement)
    report_form = forms.get("report_form") or ReportForm(formdata=None, prefix="report")
    report_form.deadline.choices = [SelectChoice(row.key, row.title(lang)) for row in rows]
    return {"indicator_items": items, "report_rows": rows, "reports": partners.reports_of(agreement),
            "report_form": report_form,
            "value_errors": forms.get("value_errors") or {}, "row_title": lambda row: row.title(lang)}


@bp.route("/<partner_token>", methods=["GET", "POST"])
@allow("partner_link")
def open_page(partner_token: str) -> Any:
    """The partner's page (GET); its own part sent as proposals (POST)."""
    invitation = load_link(partner_token)
    if request.method == "GET":
        partners.opened(invitation)
        return page(invitation)
    index = partners.partner_index(invitation)
    form = PartnerPartForm()
    if index is None:
        return page(invitation, 409, error=_("Utkastet nämner inte längre er organisation. Kontakta den som bjöd "
                                             "in er."))
    if not form.validate():
        return page(invitation, 422, part_form=form)
    values = form_values(form)
    errors = partners.check_values(invitation.draft, index, values, current_lang())
    if errors:
        for name, key in FIELD_KEYS.items():
            if key in errors:
                getattr(form, name).errors = list(errors[key])
        return page(invitation, 422, part_form=form)
    try:
        made = partners.propose(invitation, values, current_lang())
    except PartnerRefused as refused:
        db.session.rollback()
        return page(invitation, 409, part_form=form, error=refused.message)
    if any(p.status == "open" for p in made):
        flash(_("Tack! Era förslag är skickade till bostadsbolaget. De tas in i avtalet när handläggaren har gått "
                "igenom dem."), "success")
    else:
        flash(_("Inget var ändrat jämfört med utkastet, så inget nytt förslag skickades."), "info")
    return redirect(url_for("partner.open_page", partner_token=partner_token) + "#status")


@bp.route("/<partner_token>/meddelande", methods=["POST"])
@allow("partner_link")
def message(partner_token: str) -> Any:
    invitation = load_link(partner_token)
    form = MessageForm(prefix="message")
    if not form.validate():
        return page(invitation, 422, message_form=form)
    try:
        partners.add_message(invitation, form.text.data or "", name=form.author.data or "")
    except PartnerRefused as refused:
        form.text.errors = [refused.message]
        return page(invitation, 422, message_form=form)
    flash(_("Meddelandet är skickat."), "success")
    return redirect(url_for("partner.open_page", partner_token=partner_token) + "#samtal")


@bp.route("/<partner_token>/bekrafta", methods=["POST"])
@allow("partner_link")
def confirm(partner_token: str) -> Any:
    invitation = load_link(partner_token)
    form = ConfirmForm()
    if not form.validate():
        return page(invitation, 422, confirm_form=form)
    try:
        partners.confirm(invitation, form.signer.data or "", form.shown.data or "")
    except PartnerRefused as refused:
        db.session.rollback()
        form.shown.data = partners.text_hash(invitation.draft)  # confirming again confirms the text shown now
        return page(invitation, 409, confirm_form=form, error=refused.message)
    flash(_("Tack! Bostadsbolaget ser nu att ni har läst och godkänner utkastet."), "success")
    return redirect(url_for("partner.open_page", partner_token=partner_token) + "#bekrafta")


@bp.route("/<partner_token>/avtal.<file_format>", methods=["POST"])
@allow("partner_link")
def document(partner_token: str, file_format: str) -> Any:
    """The agreement as it stands, as Word or PDF: no comments, no risk assessment."""
    invitation = load_link(partner_token)
    if file_format not in ("docx", "pdf") or not DocumentForm().validate():
        abort(404 if file_format not in ("docx", "pdf") else 400)
    lang = current_lang()
    back = redirect(url_for("partner.open_page", partner_token=partner_token) + "#avtalet")
    draft = invitation.draft
    if partners.partner_index(invitation) is None:
        flash(_("Utkastet nämner inte längre er organisation, så avtalstexten kan inte laddas ner här."), "error")
        return back
    try:
        answers = validate(draft.answers, lang)
        content = exports.partner_document(draft, answers, lang=lang)
    except AnswersError:
        flash(_("Avtalstexten kan laddas ner när bostadsbolaget har fyllt i alla delar av utkastet."), "error")
        return back
    except exports.ExportRefused as exc:
        flash(exc.message, "error")
        return back
    except (RulesError, OSError, ValueError):
        current_app.logger.exception("the partner's document of draft %s failed", draft.public_id)
        flash(_("Dokumentet kunde inte skapas. Försök igen senare."), "error")
        return back
    if file_format == "pdf":
        if not pdf.pdf_available():
            flash(_("PDF kan inte skapas just nu. Ladda ner Word-dokumentet i stället."), "error")
            return back
        end_reads()  # no transaction open while the conversion runs
        try:
            content = pdf.convert_in_worker(content, lang=lang)
        except pdf.PdfError:
            current_app.logger.exception("PDF conversion for the partner of draft %s failed", draft.public_id)
            flash(_("PDF-filen kunde inte skapas. Ladda ner Word-dokumentet i stället."), "error")
            return back
    partners.downloaded(invitation, file_format)
    return send_file(io.BytesIO(content), mimetype="application/pdf" if file_format == "pdf" else DOCX_MIMETYPE,
                     as_attachment=True, download_name=export_name(draft, lang, False, file_format))


def signed_agreement(invitation: PartnerInvitation) -> Agreement:
    agreement = Agreement.of_draft(invitation.draft)
    if agreement is None:
        abort(404)
    return agreement


@bp.route("/<partner_token>/rapport", methods=["POST"])
@allow("partner_link")
def report(partner_token: str) -> Any:
    """The partner's yearly report on the signed agreement."""
    invitation = load_link(partner_token)
    agreement = signed_agreement(invitation)
    form = ReportForm(prefix="report")
    form.deadline.choices = [SelectChoice(row.key, row.title(current_lang())) for row in partners.report_rows(agreement)]
    if not form.validate():
        return page(invitation, 422, report_form=form)
    try:
        partners.send_report(invitation, agreement, form.deadline.data or "", form.text.data or "",
                             form.author.data or "")
    except PartnerRefused as refused:
        db.session.rollback()
        getattr(form, refused.field or "text").errors = [refused.message]
        return page(invitation, 422, report_form=form)
    flash(_("Tack! Rapporten är skickad till bostadsbolaget."), "success")
    return redirect(url_for("partner.open_page", partner_token=partner_token) + "#rapport")


@bp.route("/<partner_token>/indikator/<int:indicator_id>", methods=["POST"])
@allow("partner_link_object")
def indicator_value(partner_token: str, indicator_id: int) -> Any:
    """An indicator's value for one period, as the partner reports it."""
    invitation = load_link(partner_token)
    agreement = signed_agreement(invitation)
    try:
        setting = indicators.setting_of(agreement, indicator_id)
    except LifecycleRefused:
        abort(404)
    form = ValueReportForm()
    form.period.choices = [SelectChoice(c, c) for c in indicators.periods(agreement, setting.period)]
    try:
        if not form.validate():
            raise LifecycleRefused(" ".join(str(e) for e in [*form.period.errors, *form.value.errors, *form.note.errors])
                                   or _("Formuläret kunde inte skickas. Försök igen."))
        value = indicators.parse_number(form.value.data, True, current_lang())
        assert value is not None
        partners.report_value(invitation, agreement, indicator_id, form.period.data or "", value, form.note.data or "")
    except LifecycleRefused as refused:
        db.session.rollback()
        return page(invitation, 422, value_errors={indicator_id: refused.message})
    flash(_("Tack! Värdet är sparat och syns för bostadsbolaget."), "success")
    return redirect(url_for("partner.open_page", partner_token=partner_token) + f"#indikator-{indicator_id}")
