"""The wizard (placeholder until the steps land)."""
from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("wizard", __name__, url_prefix="/utkast")


@bp.route("/")
@login_required
def drafts() -> str:
    return "utkast"
