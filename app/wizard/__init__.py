"""The wizard: staff draft an agreement step by step, review it and export it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Agreement, Draft, DraftReview
from ..request_memo import remember

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
    """Return the draft when it belongs to the user's organisation, else 404.

    One statement brings what every page of a draft asks next: its organisation, its agreement once
    signed and its legal review state (held for the request, see request_memo).
    """
    if current_user.organisation_id is None:
        abort(404)
    row = db.session.execute(
        select(Draft, Agreement, DraftReview)
        .outerjoin(Agreement, Agreement.draft_id == Draft.id)
        .outerjoin(DraftReview, DraftReview.draft_id == Draft.id)
        .where(Draft.public_id == public_id, Draft.organisation_id == current_user.organisation_id,
               Draft.archived_at.is_(None))
        .options(joinedload(Draft.organisation), joinedload(DraftReview.changed_by))).one_or_none()
    if row is None:
        abort(404)
    draft, agreement, state = row
    remember(("agreement_of_draft", draft.id), agreement)
    remember(("review_state", draft.id), state)
    return draft


def current_lang() -> str:
    """Return the interface language, 'sv' or 'en'."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in ("sv", "en") else "sv"


from . import drafts, exports, legal, partner, views  # noqa: E402,F401  (the routes register themselves on bp)
