"""The agreement after signing: signing record, deadlines, calendar feed, follow-up, portfolio, register."""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from ..models import Agreement

bp = Blueprint("lifecycle", __name__, url_prefix="/avtal")


def load_agreement(public_id: str) -> Agreement:
    """Return the agreement when it belongs to the user's organisation (and is not archived), else 404."""
    agreement = Agreement.for_organisation(public_id, current_user.organisation_id)
    if agreement is None or agreement.draft.archived_at is not None:
        abort(404)
    return agreement


from . import overview, views  # noqa: E402,F401  (the routes register themselves on bp)
