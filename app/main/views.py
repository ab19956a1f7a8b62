"""The start page and the language switch."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..access import allow
from ..auth.views import safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
@allow("signed_in")
def index() -> Response:
    if current_user.is_staff:
        return redirect(url_for("wizard.drafts"))
    if current_user.is_reviewer:
        return redirect(url_for("legal.queue" if current_user.organisation_id else "library.index"))
    if current_user.is_admin:
        return redirect(url_for("admin.index"))
    return redirect(url_for("main.no_drafts"))


@bp.route("/roll")
@allow("signed_in")
def no_drafts() -> str:
    return render_template("main/role.html")


@bp.route("/sprak", methods=["POST"])
@allow("public")
def set_language() -> Response:
    language = request.form.get("language", "")
    if language not in ("sv", "en"):
        abort(400)
    session["language"] = language
    if current_user.is_authenticated:
        current_user.language = language
    return redirect(safe_next(request.form.get("next")) or url_for("main.index"))
