"""Admin pages: organisations, users and the audit log. Admins only; the log is read-only."""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_timezone, gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..access import allow
from ..extensions import db, login_manager
from ..models import Draft, Organisation, User
from ..paging import page_arg
from ..services import accounts, audit_log, audit_words
from ..services.accounts import AccountError, UserFilter
from .forms import (ActionForm, LogFilterForm, MoveForm, NewUserForm, OrganisationForm, RenameOrganisationForm,
                    RoleForm, UserFilterForm, role_choices)

bp = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50


@bp.before_request
def require_admin() -> Response | None:
    """Send anonymous users to the login page and refuse everyone but admins."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


def role_labels() -> dict[str, Any]:
    return {choice.value: choice.label for choice in role_choices()}


def _error(exc: AccountError) -> str:
    return _(exc.message, **exc.params)


def _page() -> int:
    return page_arg()


def _organisation_choices(none_label: Any) -> list[SelectChoice]:
    return [SelectChoice("", none_label)] + [SelectChoice(str(o.id), f"{o.name} ({o.org_number})")
                                             for o in accounts.organisations()]


def _organisation(value: str | None) -> Organisation | None:
    return db.session.get(Organisation, int(value)) if value else None


def _get_or_404(model: Any, ident: int) -> Any:
    row = db.session.get(model, ident)
    if row is None:
        abort(404)
    return row


@bp.route("/")
@allow("admin")
def index() -> str:
    return render_template("admin/index.html")


@bp.route("/organisationer", methods=["GET", "POST"])
@allow("admin")
def organisations() -> str | Response:
    """List the organisations and add one."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = accounts.create_organisation(form.name.data, form.org_number.data, current_user)
        except AccountError as exc:
            db.session.rollback()
            form.org_number.errors.append(_error(exc))
        else:
            flash(_("Organisationen %(name)s är tillagd.", name=organisation.name), "info")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisations.html", form=form, organisations=accounts.organisations(),
                           counts=accounts.user_counts())


@bp.route("/organisationer/<int:org_id>", methods=["GET", "POST"])
@allow("admin")
def organisation(org_id: int) -> str | Response:
    """Rename an organisation."""
    organisation = _get_or_404(Organisation, org_id)
    form = RenameOrganisationForm(data={"name": organisation.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            accounts.rename_organisation(organisation, form.name.data, current_user)
        except AccountError as exc:
            db.session.rollback()
            form.name.errors.append(_error(exc))
        else:
            flash(_("Organisationen heter nu %(name)s.", name=organisation.name), "info")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation.html", organisation=organisation, form=form)


@bp.route("/anvandare")
@allow("admin")
def users() -> str:
    """List users, filtered by e-mail, role, organisation and status."""
    form = UserFilterForm(formdata=request.args)
    form.role.choices = [SelectChoice("", _("Alla"))] + role_choices()
    form.organisation.choices = _organisation_choices(_("Alla"))
    org_id = form.organisation.data
    where = UserFilter(text=(form.q.data or "")[:254], role=form.role.data or "",
                       organisation_id=int(org_id) if org_id and org_id.isdigit() else None,
                       active={"active": True, "inactive": False}.get(form.status.data or ""))
    listed = accounts.users_page(where, _page(), PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "sida"}
    return render_template("admin/users.html", form=form, users=listed.items, page=listed.page,
                           has_next=listed.has_next, pages=listed.pages, args=args, roles=role_labels())


@bp.route("/anvandare/ny", methods=["GET", "POST"])
@allow("admin")
def new_user() -> str | Response:
    """Add a user."""
    form = NewUserForm()
    form.organisation.choices = _organisation_choices(_("Ingen organisation"))
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.role.data, _organisation(form.organisation.data),
                                        form.password.data, current_user)
        except AccountError as exc:
            db.session.rollback()
            form.email.errors.append(_error(exc))
        else:
            flash(_("Användaren %(email)s är tillagd.", email=user.email), "info")
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/new_user.html", form=form)


def _user_page(user: User, role_form: RoleForm | None = None, move_form: MoveForm | None = None,
               status: int = 200, reset_url: str | None = None) -> tuple[str, int]:
    role_form = role_form or RoleForm(data={"role": user.role}, formdata=None)
    move_form = move_form or MoveForm(data={"organisation": str(user.organisation_id or "")}, formdata=None)
    move_form.organisation.choices = _organisation_choices(_("Ingen organisation"))
    return render_template("admin/user.html", user=user, role_form=role_form, move_form=move_form,
                           action_form=ActionForm(), roles=role_labels(), reset_url=reset_url,
                           reset_hours=int(accounts.RESET_VALID.total_seconds() // 3600)), status


@bp.route("/anvandare/<int:user_id>")
@allow("admin")
def user(user_id: int) -> tuple[str, int]:
    """Show a user with the forms that change role, organisation and status."""
    return _user_page(_get_or_404(User, user_id))


def _apply(user: User, form: Any, change: Any, done: str, *forms: Any) -> Response | tuple[str, int]:
    """Run one change from a posted form; show the user page again with the reason when it is refused."""
    if not form.validate_on_submit():
        return _user_page(user, *forms, status=400)
    try:
        change()
    except AccountError as exc:
        db.session.rollback()
        flash(_error(exc), "error")
        return redirect(url_for("admin.user", user_id=user.id))
    flash(done, "info")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.route("/anvandare/<int:user_id>/roll", methods=["POST"])
@allow("admin")
def change_role(user_id: int) -> Response | tuple[str, int]:
    user = _get_or_404(User, user_id)
    form = RoleForm()
    return _apply(user, form, lambda: accounts.change_role(user, form.role.data, current_user),
                  _("Rollen är ändrad."), form)


@bp.route("/anvandare/<int:user_id>/organisation", methods=["POST"])
@allow("admin")
def move(user_id: int) -> Response | tuple[str, int]:
    user = _get_or_404(User, user_id)
    form = MoveForm()
    form.organisation.choices = _organisation_choices(_("Ingen organisation"))
    return _apply(user, form, lambda: accounts.move_user(user, _organisation(form.organisation.data), current_user),
                  _("Användaren är flyttad."), None, form)


@bp.route("/anvandare/<int:user_id>/inaktivera", methods=["POST"])
@allow("admin")
def deactivate(user_id: int) -> Response | tuple[str, int]:
    user = _get_or_404(User, user_id)
    return _apply(user, ActionForm(), lambda: accounts.deactivate_user(user, current_user),
                  _("Användaren är inaktiverad och utloggad."))


@bp.route("/anvandare/<int:user_id>/aktivera", methods=["POST"])
@allow("admin")
def activate(user_id: int) -> Response | tuple[str, int]:
    user = _get_or_404(User, user_id)
    return _apply(user, ActionForm(), lambda: accounts.activate_user(user, current_user),
                  _("Användaren är aktiverad igen."))


@bp.route("/anvandare/<int:user_id>/aterstallning", methods=["POST"])
@allow("admin")
def reset_link(user_id: int) -> Response | tuple[str, int]:
    """Issue a one-time link with which the user chooses a new password; it is shown once, here."""
    user = _get_or_404(User, user_id)
    if not ActionForm().validate_on_submit():
        return _user_page(user, status=400)
    try:
        token = accounts.issue_reset_link(user, current_user)
    except AccountError as exc:
        db.session.rollback()
        flash(_error(exc), "error")
        return redirect(url_for("admin.user", user_id=user.id))
    page, status = _user_page(user, reset_url=url_for("auth.reset_password", token=token, _external=True))
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"  # the link is shown once and kept nowhere
    return response


@bp.route("/logg")
@allow("admin")
def log() -> str:
    """Show the audit log, newest first, filtered; there is no route that changes it."""
    form = LogFilterForm(formdata=request.args)
    form.action.choices = [SelectChoice("", _("Alla"))] + [SelectChoice(a, audit_words.action_words(a))
                                                          for a in audit_log.actions()]
    form.validate()
    where = audit_log.LogFilter(
        action=form.action.data or "", actor_email=form.actor.data or "", target_type=form.target_type.data or "",
        target_id=form.target_id.data or "",
        date_from=None if form.date_from.errors else form.date_from.data,
        date_to=None if form.date_to.errors else form.date_to.data, timezone=ZoneInfo(str(get_timezone())))
    rows, has_next = audit_log.events_page(where, _page(), PER_PAGE)
    args = {k: v for k, v in request.args.items() if k != "sida"}
    draft_ids = {event.target_id for event, _email in rows if event.target_type == "draft" and event.target_id}
    titles = dict(db.session.execute(select(Draft.public_id, Draft.title).where(Draft.public_id.in_(draft_ids)))
                  .all()) if draft_ids else {}
    return render_template("admin/log.html", form=form, rows=rows, page=_page(), has_next=has_next, args=args,
                           titles=titles, words=audit_words)
