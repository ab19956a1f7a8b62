"""The partner's page: a partner organisation, invited by link, fills in and confirms its own part of a draft.

No account and no login: the link's token is the key, in every URL. The pages keep no long-lived
session (only the browser session that carries the form's CSRF token), are never indexed, never
send the link on as a referrer, are never cached, and are rate-limited per address.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from ..extensions import limiter

bp = Blueprint("partner", __name__, url_prefix="/partner")

PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer",
                   "Cache-Control": "no-store"}


@bp.after_request
def private(response: Any) -> Any:
    for name, value in PRIVATE_HEADERS.items():
        response.headers[name] = value
    return response


@bp.context_processor
def partner_page() -> dict[str, Any]:
    """The page shows no account menu, even to a signed-in staff member who opens a partner's link."""
    return {"partner_page": True}


def partner_limit() -> str:
    return str(current_app.config.get("PARTNER_LIMIT", "60/minute;600/hour"))


limiter.limit(partner_limit, scope="partner-link")(bp)

from . import views  # noqa: E402,F401  (the routes register themselves on bp)
