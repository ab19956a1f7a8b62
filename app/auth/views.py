"""Log in and log out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from ..access import allow
from ..extensions import db
from ..models import User
from ..models.user import dummy_check
from ..models.audit import record
from ..security import throttle_login
from .forms import LoginForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Accept only a same-site path as the place to go after login."""
    if not target:
        return None
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
            record("login_failed", target_type="user", target_id=form.email.data.strip().lower()[:64])
            db.session.commit()
            form.password.errors.append(_("Fel e-postadress eller lösenord."))
            return render_template("auth/login.html", form=form), 200
        session.clear()  # a fresh session at login: nothing from before survives
        login_user(user)
        record("login", actor=user, target_type="user", target_id=user.id)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logga-ut", methods=["POST"])
@allow("signed_in")
def logout() -> Response:
    # Sessions are signed cookies: a copy taken while logged in would stay valid after logout
    # unless the user's session nonce changes. This ends the user's sessions on every device.
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Du är utloggad."), "info")
    return redirect(url_for("auth.login"))
