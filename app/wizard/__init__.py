"""The wizard: staff draft an agreement step by step, review it and export it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from ..models import Draft

bp = Blueprint("wizard", __name__, url_prefix="/utkast")


@bp.before_request
def require_staff() -> Response | None:
    """Only signed-in staff of an organisation reach the wizard."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_staff:
        abort(403)
    return None


def load_draft(public_id: str) -> Draft:
    """Return the draft when it belongs to the user's organisation, else 404."""
    draft = Draft.for_organisation(public_id, current_user.organisation_id)
    if draft is None:
        abort(404)
    return draft


def current_lang() -> str:
    """Return the interface language, 'sv' or 'en'."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in ("sv", "en") else "sv"


from . import drafts, exports, legal, partner, views  # noqa: E402,F401  (the routes register themselves on bp)
