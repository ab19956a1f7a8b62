"""Log in and log out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from ..access import allow
from ..extensions import db
from ..models import User
from ..models.audit import record
from ..models.user import dummy_check, normalise_email
from ..security import throttle_login
from ..services import accounts
from .forms import ChangePasswordForm, LoginForm, ResetPasswordForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Accept only a same-site path as the place to go after login."""
    if not target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None  # a line break would split the Location header
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/logga-in", methods=["GET", "POST"])
@throttle_login
@allow("public")
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = User.by_email(form.email.data)
        # The same work whether the account exists, is deactivated or not: the password is always checked.
        password_ok = user.check_password(form.password.data) if user is not None else dummy_check(form.password.data)
        if user is None or not user.active or not password_ok:
            record("login_failed", target_type="user", target_id=normalise_email(form.email.data)[:64])
            form.password.errors.append(_("Fel e-postadress eller lösenord."))
            return render_template("auth/login.html", form=form), 200
        session.clear()  # a fresh session at login: nothing from before survives
        login_user(user)
        record("login", actor=user, target_type="user", target_id=user.id)
        return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/konto/losenord", methods=["GET", "POST"])
@allow("signed_in")
def change_password() -> str | Response | tuple[str, int]:
    """Change one's own password; the other sessions of the account end, this one stays."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.new.data)
        except accounts.AccountError as exc:
            db.session.rollback()
            field = form.current if exc.message == accounts.WRONG_CURRENT_PASSWORD else form.new
            field.errors = [*field.errors, _(exc.message, **exc.params)]
            return render_template("auth/change_password.html", form=form), 422
        user = current_user._get_current_object()
        session.clear()
        login_user(user)  # this session carries the new session nonce; the others are ended
        flash(_("Ditt lösenord är bytt. Du är utloggad på alla andra enheter."), "success")
        return redirect(url_for("main.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/change_password.html", form=form), status


def _private(page: str, status: int = 200) -> Response:
    """A page reached by a secret link: never indexed, never leaking the link as a referrer."""
    response = make_response(page, status)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/aterstall/<token>", methods=["GET", "POST"])
@throttle_login
@allow("public")
def reset_password(token: str) -> Response:
    """Choose a new password with a one-time link an administrator issued."""
    reset = accounts.reset_for(token)
    if reset is None:
        page = render_template("error.html", title=_("Länken gäller inte"), message=_(
            "Länken för att välja nytt lösenord har redan använts, har gått ut eller finns inte. "
            "Be en administratör om en ny länk."))
        return _private(page, 404)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.new.data)
        except accounts.AccountError as exc:
            db.session.rollback()
            form.new.errors = [*form.new.errors, _(exc.message, **exc.params)]
            return _private(render_template("auth/reset_password.html", form=form, email=reset.user.email), 422)
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash(_("Ditt nya lösenord är sparat. Logga in med det."), "success")
        return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return _private(render_template("auth/reset_password.html", form=form, email=reset.user.email), status)


@bp.route("/logga-ut", methods=["POST"])
@allow("signed_in")
def logout() -> Response:
    # Sessions are signed cookies: a copy taken while logged in would stay valid after logout
    # unless the user's session nonce changes. This ends the user's sessions on every device.
    current_user.end_sessions()
    logout_user()
    session.clear()
    flash(_("Du är utloggad."), "info")
    return redirect(url_for("auth.login"))
