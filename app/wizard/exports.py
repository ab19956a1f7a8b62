"""The Word export of a draft, past exports downloaded again, and updating pinned clause versions."""
from __future__ import annotations

import io
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ..access import allow
from ..agreement import pdf
from ..agreement.answers import AnswersError, signing_gaps, validate
from ..extensions import db
from ..services import lifecycle
from ..models import Draft
from ..services import exports, legal_review, pins
from ..transaction import end_reads
from . import bp, current_lang, load_draft
from .drafts import download_name
from .legal import void_after_change
from .forms import ExportForm

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ClauseUpdateForm(FlaskForm):
    """The update buttons (one clause, or all): no fields, only the CSRF token."""


def review_panel(draft: Draft, lang: str) -> dict[str, Any]:
    """Return what the review page shows about clause versions: newer versions and past exports."""
    past = exports.past_exports(draft)
    total = exports.export_count(draft) if len(past) == exports.PAST_EXPORTS_SHOWN else len(past)
    return {"notices": pins.notices(draft, lang), "exports": past, "exports_total": total,
            "form": ClauseUpdateForm()}


#: The words a file name carries for the version, in the document's language.
KIND_WORDS = {"sv": ("utkast", "slutversion"), "en": ("draft", "final")}


def export_name(draft: Draft, lang: str, final: bool, extension: str) -> str:
    """Return a file name people can tell apart: title, draft or final, and language (Titel-utkast-sv.docx)."""
    words = KIND_WORDS.get(lang, KIND_WORDS["sv"])
    stem = download_name(draft.title, extension).rsplit(".", 1)[0]
    return f"{stem}-{words[1] if final else words[0]}-{lang}.{extension}"


def docx_response(draft: Draft, content: bytes, lang: str, final: bool) -> Response:
    return send_file(io.BytesIO(content), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=export_name(draft, lang, final, "docx"))


@bp.route("/<public_id>/export", methods=["POST"], endpoint="export")
@allow("staff_own_draft")
def export(public_id: str) -> Response:
    """Render the complete answers as a Word document from the approved library, record it and download it."""
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
    final = form.kind.data == "slutversion"
    if final and signing_gaps(answers, current_lang()):
        flash(_("Slutversionen kan inte skapas: det saknas uppgifter som avtalet behöver för underskrift. "
                "De står överst på sidan."), "error")
        return back
    as_pdf = form.file_format.data == "pdf"
    with_comments = bool(form.with_comments.data) and not final and not as_pdf  # a PDF carries no Word comments
    if as_pdf and not pdf.pdf_available():
        flash(_("PDF kan inte skapas på den här servern. Ladda ner Word-dokumentet i stället."), "error")
        return back
    cleared, review = legal_review.export_terms(draft, form.language.data)
    try:
        prepared = exports.prepare_export(draft, answers, lang=form.language.data, final=final,
                                          with_comments=with_comments, cleared=cleared, legal_review=review)
    except exports.ExportRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        if final and not (review or {}).get("approval"):
            flash(_("Har juristen godtagit stoppen kan slutversionen skapas när utkastet är godkänt för "
                    "underskrift: skicka det till juridisk granskning nedan."), "info")
        return back
    except ValueError as exc:  # a clause lacking a text in the language, a template error, …
        db.session.rollback()
        flash(_("Dokumentet kunde inte skapas: %(reason)s", reason=str(exc).splitlines()[0] if str(exc) else ""),
              "error")
        return back
    except Exception:  # noqa: BLE001 - the user gets a message, the log the details
        db.session.rollback()
        current_app.logger.exception("export of draft %s failed", draft.public_id)
        flash(_("Dokumentet kunde inte skapas. Försök igen senare eller kontakta en administratör."), "error")
        return back
    if as_pdf:
        # Nothing is written yet: end the transaction, so that the conversion (bounded, with a
        # timeout) holds no lock while colleagues save; the export is recorded once it succeeded.
        end_reads()
        try:
            content = pdf.convert_in_worker(prepared.content, lang=form.language.data)
        except pdf.PdfError:
            current_app.logger.exception("PDF conversion of draft %s failed", draft.public_id)
            flash(_("PDF-filen kunde inte skapas. Ladda ner Word-dokumentet i stället."), "error")
            return back
        exports.record_export(draft, prepared, current_user, "pdf")
        return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True,
                         download_name=export_name(draft, form.language.data, final, "pdf"))
    exports.record_export(draft, prepared, current_user)
    return docx_response(draft, prepared.content, form.language.data, final)


@bp.route("/<public_id>/export/<export_id>", methods=["POST"], endpoint="download_export")
@allow("staff_own_draft")
def download_export(public_id: str, export_id: str) -> Response:
    """Make a past export again from what it stored: the same text as the first download."""
    draft = load_draft(public_id)
    export = exports.find_export(draft, export_id) or abort(404)
    try:
        content = exports.regenerate(export, current_user)
    except exports.ExportRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("wizard.review", public_id=public_id))
    return docx_response(draft, content, export.language, export.final)


@bp.route("/<public_id>/klausul/<key>/ny-version", endpoint="clause_update")
@allow("staff_own_draft")
def clause_update(public_id: str, key: str) -> str:
    """Show what changed between the pinned version of a clause and the approved one."""
    draft = load_draft(public_id)
    notice = pins.notice_for(draft, key, current_lang()) or abort(404)
    return render_template("wizard/clause_update.html", draft=draft, notice=notice,
                           agreement=pins.agreement_difference(notice, draft), diffs=pins.differences(notice),
                           form=ClauseUpdateForm())


@bp.route("/<public_id>/klausul/<key>/uppdatera", methods=["POST"], endpoint="update_clause")
@allow("staff_own_draft")
def update_clause(public_id: str, key: str) -> Response:
    """Use the approved version of one clause from the next export on."""
    draft = load_draft(public_id)
    if not ClauseUpdateForm().validate():
        abort(400)
    if lifecycle.is_frozen(draft):
        flash(_("Avtalet är undertecknat: en nyare klausulversion tas in genom ett tillägg."), "error")
        return redirect(url_for("wizard.review", public_id=public_id))
    notice = pins.notice_for(draft, key, current_lang()) or abort(404)
    pins.update_pins(draft, [key], current_user)
    db.session.flush()
    void_after_change(draft)
    if notice.withdrawn:
        flash(_("Klausulen ”%(title)s” tas inte längre med i avtalet.", title=notice.title), "success")
    else:
        flash(_("Nästa export använder den nya versionen av klausulen ”%(title)s”.", title=notice.title), "success")
    return redirect(url_for("wizard.review", public_id=public_id))


@bp.route("/<public_id>/klausuler/uppdatera", methods=["POST"], endpoint="update_all_clauses")
@allow("staff_own_draft")
def update_all_clauses(public_id: str) -> Response:
    """Use the approved version of every pinned clause from the next export on."""
    draft = load_draft(public_id)
    if not ClauseUpdateForm().validate():
        abort(400)
    if lifecycle.is_frozen(draft):
        flash(_("Avtalet är undertecknat: en nyare klausulversion tas in genom ett tillägg."), "error")
        return redirect(url_for("wizard.review", public_id=public_id))
    updated = pins.update_pins(draft, None, current_user)
    db.session.flush()
    void_after_change(draft)
    if updated:
        flash(_("Nästa export använder de nya versionerna av klausulerna."), "success")
    return redirect(url_for("wizard.review", public_id=public_id))
