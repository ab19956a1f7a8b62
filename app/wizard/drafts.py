"""Mina utkast: list, create, copy, resume, rename, delete, start from an example, import and export."""
from __future__ import annotations

import io
import json
import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..access import allow
from ..agreement.answers import SHORT_TEXT, AnswersError, dump, is_signable, parse_text, validate
from ..extensions import db
from ..services import lifecycle
from ..models import Draft
from ..models.audit import record
from ..models.base import now_utc
from ..paging import page_arg, paginate
from ..agreement.labels import label
from ..models.legal_review import REVIEW_STATES
from ..services import drafting, legal_review
from ..services.exports import export_count
from ..services.examples import get_example, load_examples
from . import bp, current_lang, legal, load_draft, review, steps
from .forms import ImportForm, RenameForm

PER_PAGE = 25
STATUS_LABELS = {"in_progress": _l("Påbörjat"), "complete": _l("Komplett")}


def download_name(title: str, extension: str) -> str:
    """Return a file name made from a draft's title."""
    stem = re.sub(r"[^\w\- ]+", "", title).strip()
    stem = re.sub(r"\s+", "-", stem)[:80].strip("-")
    return f"{stem or 'utkast'}.{extension}"


def organisation_drafts(page: int) -> Pagination:
    """Return one page of the organisation's drafts, newest change first, with how many pages there are."""
    return paginate(select(Draft).where(Draft.organisation_id == current_user.organisation_id,
                                        Draft.archived_at.is_(None))
                    .order_by(Draft.updated_at.desc(), Draft.id.desc()), page, PER_PAGE)


def render_list(import_form: ImportForm, import_errors: list[str] | None = None, status: int = 200,
                new_title: str = "", new_error: str | None = None) -> Any:
    """Render the drafts page (one page of drafts, the new draft's title and the import form)."""
    page = page_arg()
    listed = organisation_drafts(page)
    drafts = listed.items
    reviews = {key: row.status for key, row in legal_review.states_for(drafts).items()}
    return render_template("wizard/drafts.html", drafts=drafts, page=page, has_next=listed.has_next, pages=listed.pages,
                           statuses=STATUS_LABELS, import_form=import_form, reviews=reviews,
                           review_labels={k: label("review_status", k, current_lang()) for k in REVIEW_STATES},
                           import_errors=import_errors or [], new_title=new_title, new_error=new_error), status


@bp.route("/")
@allow("staff")
def drafts() -> Any:
    """Mina utkast: the organisation's drafts, newest change first."""
    return render_list(ImportForm(formdata=None))


@bp.route("/nytt", methods=["POST"])
@allow("staff")
def new() -> Any:
    """Create a draft with the title given on the drafts page and open its first step.

    No title, no draft: an abandoned click leaves nothing behind in the list.
    """
    title = " ".join(str(request.form.get("title", "")).split())
    problem = (_("Ge utkastet en rubrik först, till exempel ”Läxhjälp i Rannebergen”.") if not title else
               _("Rubriken får vara högst %(limit)s tecken.", limit=SHORT_TEXT) if len(title) > SHORT_TEXT else None)
    if problem:
        return render_list(ImportForm(formdata=None), new_title=title[:SHORT_TEXT], new_error=problem, status=422)
    draft = Draft(title=title, organisation_id=current_user.organisation_id,
                  owner_id=current_user.id, answers={})
    db.session.add(draft)
    db.session.flush()
    record("draft_create", actor=current_user, target_type="draft", target_id=draft.public_id)
    return redirect(url_for("wizard.step", public_id=draft.public_id, slug=steps.FIRST.slug))


@bp.route("/<public_id>/")
@allow("staff_own_draft")
def resume(public_id: str) -> Response:
    """Open the first step that is not done yet, or the review page."""
    draft = load_draft(public_id)
    step = next((s for s in steps.STEPS if not steps.is_done(s, draft.answers)), None)
    if step is None:
        return redirect(url_for("wizard.review", public_id=public_id))
    return redirect(url_for("wizard.step", public_id=public_id, slug=step.slug))


@bp.route("/<public_id>/byt-namn", methods=["GET", "POST"])
@allow("staff_own_draft")
def rename(public_id: str) -> Any:
    """Rename a draft (and the agreement's title with it)."""
    draft = load_draft(public_id)
    form = RenameForm(title=draft.title)
    if lifecycle.is_frozen(draft):  # the title is part of the signed answers: it changes by a tillägg
        agreement = lifecycle.Agreement.of_draft(draft)
        return render_template("wizard/rename.html", draft=draft, form=form, frozen=True,
                               agreement_id=agreement.public_id if agreement else None), \
            (409 if request.method == "POST" else 200)
    if form.validate_on_submit():
        draft.title = form.title.data.strip()
        if "title" in draft.answers:
            draft.answers = {**draft.answers, "title": draft.title}
        db.session.flush()
        legal.void_after_change(draft)
        flash(_("Utkastet heter nu %(title)s.", title=draft.title), "info")
        return redirect(url_for("wizard.drafts"))
    return render_template("wizard/rename.html", draft=draft, form=form), 422 if form.errors else 200


@bp.route("/<public_id>/ta-bort", methods=["GET", "POST"])
@allow("staff_own_draft")
def delete(public_id: str) -> Any:
    """Ask before deleting (GET); delete (POST)."""
    draft = load_draft(public_id)
    if lifecycle.Agreement.of_draft(draft) is not None:
        # A signed agreement stays on record (portfolio, deadlines, transparency register).
        flash(_("Ett undertecknat avtal kan inte tas bort. Registrera i stället att det har upphört."), "error")
        return redirect(url_for("wizard.drafts"))
    downloads = export_count(draft)
    if request.method == "GET":
        return render_template("wizard/delete.html", draft=draft, downloads=downloads)
    if downloads:
        # Its downloads (each with the answers and clause versions it was made from) stay on record.
        draft.archived_at = now_utc()
        record("draft_archived", actor=current_user, target_type="draft", target_id=draft.public_id,
               title=draft.title, exports=downloads)
        flash(_("Utkastet %(title)s är borttaget ur Mina utkast. Dess %(n)s nedladdningar finns kvar i bolagets "
                "historik.", title=draft.title, n=downloads), "info")
        return redirect(url_for("wizard.drafts"))
    record("draft_delete", actor=current_user, target_type="draft", target_id=draft.public_id, title=draft.title)
    db.session.delete(draft)
    flash(_("Utkastet %(title)s är borttaget.", title=draft.title), "info")
    return redirect(url_for("wizard.drafts"))


@bp.route("/<public_id>/svar.json", methods=["POST"])  # it writes an audit entry: never a GET
@allow("staff_own_draft")
def export_answers(public_id: str) -> Response:
    """Download the draft's answers as a JSON answers file."""
    draft = load_draft(public_id)
    record("draft_export_answers", actor=current_user, target_type="draft", target_id=draft.public_id)
    body = json.dumps(draft.answers, ensure_ascii=False, indent=2) + "\n"
    # send_file writes a name outside Latin-1 as RFC 5987 filename*, which a plain header cannot hold.
    return send_file(io.BytesIO(body.encode("utf-8")), mimetype="application/json", as_attachment=True,
                     download_name=download_name(draft.title, "json"))


@bp.route("/importera", methods=["POST"])
@allow("staff")
def import_answers() -> Any:
    """Turn a valid JSON or YAML answers file into a new draft; keep nothing from an invalid one."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_list(form, status=422)
    lang = current_lang()
    try:
        text = form.file.data.read().decode("utf-8-sig")
        answers = validate(parse_text(text, lang), lang)
    except UnicodeDecodeError:
        return render_list(form, [_("Filen är inte en textfil i UTF-8.")], 422)
    except AnswersError as exc:
        return render_list(form, exc.messages, 422)
    draft = Draft(title=answers.title, organisation_id=current_user.organisation_id, owner_id=current_user.id,
                  answers=dump(answers), status="complete" if is_signable(dump(answers)) else "in_progress")
    db.session.add(draft)
    db.session.flush()
    record("draft_import", actor=current_user, target_type="draft", target_id=draft.public_id)
    flash(_("Svarsfilen är importerad som ett nytt utkast."), "info")
    return redirect(url_for("wizard.review", public_id=draft.public_id))


@bp.route("/<public_id>/kopiera", methods=["POST"])
@allow("staff_own_draft")
def copy(public_id: str) -> Response:
    """Copy one of the organisation's drafts, without the people's names, and open the copy."""
    draft = drafting.copy_draft(load_draft(public_id), current_user)
    flash(_("Kopian heter %(title)s. Namn och kontaktuppgifter till personer är borttagna.",
            title=draft.title), "info")
    session["list_gaps"] = draft.public_id  # its first step lists what is left to fill in
    return redirect(url_for("wizard.step", public_id=draft.public_id, slug=steps.FIRST.slug))


@bp.route("/exempel")
@allow("staff")
def examples() -> str:
    """The good examples to start from."""
    lang = current_lang()
    return render_template("wizard/examples.html",
                           examples=[drafting.example_summary(e, lang) for e in load_examples(lang=lang)])


@bp.route("/exempel/<example_id>")
@allow("staff")
def example(example_id: str) -> str:
    """One example: its description and every answer."""
    lang = current_lang()
    found = get_example(example_id, lang=lang) or abort(404)
    return render_template("wizard/example.html", example=drafting.example_summary(found, lang),
                           sections=review.sections(dump(found.answers), lang))


@bp.route("/exempel/<example_id>/anvand", methods=["POST"])
@allow("staff")
def use_example(example_id: str) -> Response:
    """Start a draft for the user's organisation from an example and open its first step."""
    lang = current_lang()
    found = get_example(example_id, lang=lang) or abort(404)
    draft = drafting.draft_from_example(found, current_user, lang)
    flash(_("Utkastet bygger på exemplet. Fyll i era egna kontaktpersoner och firmatecknare."), "info")
    session["list_gaps"] = draft.public_id
    return redirect(url_for("wizard.step", public_id=draft.public_id, slug=steps.FIRST.slug))
