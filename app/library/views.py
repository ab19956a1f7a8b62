"""The clause library for legal reviewers: list, clause page, editor, preview, comparison, workflow."""
from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..access import allow
from ..extensions import db, login_manager
from ..models import Clause, ClauseVersion
from ..services import review
from ..agreement import yamlio
from ..agreement.conditions.words import Line, Vocabulary, condition_lines
from ..services.assessment import get_rules
from ..services.examples import load_examples
from ..services.review_check import preview_text
from .forms import ActionForm, DecisionForm, EditorForm, PreviewForm, WithdrawalDecisionForm, WithdrawalForm
from . import helpers

bp = Blueprint("library", __name__, url_prefix="/bibliotek")


@bp.before_request
def require_reviewer() -> Response | None:
    """Send anonymous users to the login page and refuse everyone but reviewers."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_reviewer:
        abort(403)
    return None


def _clause(key: str) -> Clause:
    clause = Clause.by_key(key)
    if clause is None or not clause.versions:
        abort(404)
    return clause


def _version(clause: Clause, number: int) -> ClauseVersion:
    version = next((v for v in clause.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def _refused(exc: review.ReviewError, key: str) -> Response | tuple[str, int]:
    """Show a refused workflow step: 403 for a four-eyes refusal, else a message on the clause page."""
    db.session.rollback()
    if exc.forbidden:
        return render_template("error.html", title=_("Ingen behörighet"), message=exc.message), 403
    flash(exc.message, "error")
    return redirect(url_for("library.clause", key=key))


@bp.route("/")
@allow("reviewer")
def index() -> str:
    """List the clauses in catalogue order, filtered by the search box."""
    query = request.args.get("q", "")[:200]
    return render_template("library/index.html", rows=review.catalogue(query), query=query)


def _workflow_forms() -> dict[str, FlaskForm]:
    return {"action_form": ActionForm(), "decision_form": DecisionForm(), "withdrawal_form": WithdrawalForm(),
            "withdrawal_decision_form": WithdrawalDecisionForm()}


def mark_line(field: Any, line: int | None) -> None:
    """Tell the editor's script which line of a code field the error is on, so it marks that line."""
    if line:
        field.render_kw = {**(field.render_kw or {}), "data-error-line": line}


def _condition_in_words(text: str | None) -> Line | None:
    """Say in words what the editor's include_when asks, or None when it cannot be read yet."""
    try:
        tree = yamlio.load(text) if (text or "").strip() else None
    except yamlio.yaml.YAMLError:
        return None
    return _condition_words(tree)


def _condition_words(tree: Any) -> Line:
    """Say what a stored include condition asks, with the questions' labels and the rules' parameters."""
    return condition_lines(tree, Vocabulary.from_rules(get_rules(), str(get_locale() or "sv")))


@bp.route("/<key>")
@allow("reviewer")
def clause(key: str) -> str:
    """Show a clause: approved text, condition, checkpoints, open change and version history."""
    clause = _clause(key)
    shown = clause.approved or clause.latest
    return render_template("library/clause.html", clause=clause, shown=shown, condition=_condition_words(shown.include_when),
                           open_version=review.open_version(clause), **_workflow_forms())


@bp.route("/<key>/version/<int:number>")
@allow("reviewer")
def version(key: str, number: int) -> str:
    """Show one version of a clause."""
    clause = _clause(key)
    version = _version(clause, number)
    return render_template("library/version.html", clause=clause, version=version,
                           condition=_condition_words(version.include_when), condition_yaml=review.condition_yaml(
                               version.include_when), **_workflow_forms())


def editor_data(version: ClauseVersion) -> dict[str, Any]:
    """Return the editor fields prefilled from a version."""
    plural = version.title_plural or {}
    return {"title_sv": version.title.get("sv", ""), "title_en": version.title.get("en", ""),
            "title_plural_sv": plural.get("sv", ""), "title_plural_en": plural.get("en", ""),
            "text_sv": version.text.get("sv", ""), "text_en": version.text.get("en", ""),
            "include_when": review.condition_yaml(version.include_when),
            "addresses": ", ".join(version.addresses), "asserts": review.asserts_yaml(version.asserts),
            "notes": version.notes or ""}


def _example_choices() -> list[SelectChoice]:
    return [SelectChoice(example.id, example.text("title", "sv")) for example in load_examples()]


@bp.route("/<key>/redigera", methods=["GET", "POST"])
@allow("reviewer")
def edit(key: str) -> Response | tuple[str, int]:
    """Edit a clause: preview with an example, or save a new draft version."""
    clause = _clause(key)
    base = clause.latest
    form = EditorForm(data=editor_data(base) if request.method == "GET" else None)
    form.example.choices = _example_choices()
    facts = helpers.facts_by_step()
    form.cond_fact.choices = [SelectChoice("", _("Välj en fråga"))] + [
        SelectChoice(value, label) for value, label in helpers.condition_options(facts)]
    preview = None
    status = 200
    if form.is_submitted() and form.add_condition.data:
        leaf = helpers.condition_for(form.cond_fact.data or "", form.cond_holds.data != "no", form.cond_number.data or "")
        if leaf is None:
            form.cond_fact.errors = [_("Välj en fråga, och för belopp och antal ett tal.")]
            status = 422
        else:
            try:
                form.include_when.data = helpers.add_condition(form.include_when.data or "", leaf)
            except ValueError as exc:
                form.include_when.errors = [str(exc)]
                status = 422
    elif form.is_submitted() and form.preview.data:
        lang = form.language.data if form.language.data in ("sv", "en") else "sv"
        preview = preview_text(form[f"text_{lang}"].data or "", form.example.data, lang, _titles(form))
        if preview.problem is not None and preview.problem.field in form:
            mark_line(form[preview.problem.field], preview.problem.line)
    elif form.validate_on_submit():
        version, problems = review.save_edit(clause, form.data, current_user)
        if version is not None:
            flash(_("Version %(number)s sparades som utkast.", number=version.number), "success")
            return redirect(url_for("library.clause", key=key))
        db.session.rollback()
        for problem in problems:
            message = problem.message if problem.line is None else \
                _("Rad %(line)s: %(message)s", line=problem.line, message=problem.message)
            getattr(form, problem.field).errors.append(message)
            mark_line(getattr(form, problem.field), problem.line)
        status = 422
    elif form.is_submitted():
        status = 422
    return render_template("library/edit.html", clause=clause, base=base, form=form, preview=preview, facts=facts,
                           special_names=helpers.special_names(), example_title=helpers.example_title(),
                           condition=_condition_in_words(form.include_when.data),
                           open_version=review.open_version(clause)), status


@bp.route("/<key>/forhandsgranska", methods=["POST"])
@allow("reviewer")
def preview(key: str) -> str:
    """Return the rendered text as an HTML fragment (for the editor's script)."""
    _clause(key)
    form = PreviewForm()
    if not form.validate_on_submit():
        abort(400)
    lang = form.language.data if form.language.data in ("sv", "en") else "sv"
    result = preview_text(form[f"text_{lang}"].data or "", form.example.data, lang, _titles(form))
    return render_template("library/_preview.html", preview=result)


def _titles(form: FlaskForm) -> dict[str, str]:
    """Return the headings the editor holds, for the preview (singular and plural, per language)."""
    return {name: form[name].data or "" for name in ("title_sv", "title_en", "title_plural_sv", "title_plural_en")}


@bp.route("/<key>/jamfor")
@allow("reviewer")
def compare(key: str) -> str:
    """Compare two versions word by word."""
    clause = _clause(key)
    old = _version(clause, request.args.get("fran", type=int) or clause.versions[0].number)
    new = _version(clause, request.args.get("till", type=int) or clause.latest.number)
    return render_template("library/compare.html", clause=clause, old=old, new=new,
                           diffs=review.compare_versions(old, new))


def _workflow(key: str, number: int, form: FlaskForm, step: Callable[[ClauseVersion], None],
              message: str) -> Response | tuple[str, int]:
    clause = _clause(key)
    version = _version(clause, number)
    if not form.validate_on_submit():
        abort(400)
    try:
        step(version)
    except review.ReviewError as exc:
        return _refused(exc, key)
    flash(message % {"number": number}, "success")
    return redirect(url_for("library.clause", key=key))


@bp.route("/<key>/version/<int:number>/skicka", methods=["POST"])
@allow("reviewer")
def submit(key: str, number: int) -> Response | tuple[str, int]:
    """Send a draft for review."""
    return _workflow(key, number, ActionForm(), lambda v: review.submit(v, current_user),
                     _("Version %(number)s är skickad för granskning."))


@bp.route("/<key>/version/<int:number>/beslut", methods=["POST"])
@allow("reviewer")
def decide(key: str, number: int) -> Response | tuple[str, int]:
    """Approve a version in review or send it back with a comment."""
    form = DecisionForm()
    if form.send_back.data:
        return _workflow(key, number, form, lambda v: review.send_back(v, current_user, form.comment.data),
                         _("Version %(number)s är tillbakaskickad till författaren."))
    return _workflow(key, number, form, lambda v: review.approve(v, current_user, form.comment.data),
                     _("Version %(number)s är godkänd och används nu i nya avtal."))


@bp.route("/<key>/version/<int:number>/avveckla", methods=["POST"])
@allow("reviewer")
def retire(key: str, number: int) -> Response | tuple[str, int]:
    """Ask for the approved version to be withdrawn; a second reviewer decides."""
    form = WithdrawalForm()
    return _workflow(key, number, form, lambda v: review.request_withdrawal(v, current_user, form.reason.data),
                     _("Du har begärt att version %(number)s avvecklas. En annan jurist behöver bekräfta det."))


@bp.route("/<key>/version/<int:number>/avveckling", methods=["POST"])
@allow("reviewer")
def decide_withdrawal(key: str, number: int) -> Response | tuple[str, int]:
    """Confirm a request to withdraw the approved version, or turn it down with a comment."""
    form = WithdrawalDecisionForm()
    if form.reject.data:
        return _workflow(key, number, form, lambda v: review.reject_withdrawal(v, current_user, form.comment.data),
                         _("Begäran är avslagen. Version %(number)s används fortfarande i nya avtal."))
    return _workflow(key, number, form, lambda v: review.confirm_withdrawal(v, current_user, form.comment.data),
                     _("Version %(number)s är avvecklad. Klausulen tas inte längre med i nya avtal."))
