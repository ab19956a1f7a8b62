"""Login throttling: limits per account and per address, and the page a throttled user sees."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

from .extensions import db, limiter

F = TypeVar("F", bound=Callable[..., Any])


def account_key() -> str:
    """Return the account a login attempt is for: the posted email, normalised as User.by_email does."""
    email = request.form.get("email", "") if request.mimetype in (
        "application/x-www-form-urlencoded", "multipart/form-data") else ""
    return "account:" + email.strip().lower()[:254]


def address_key() -> str:
    """Return the address a request comes from (behind a proxy, configure ProxyFix so this is the client)."""
    return "address:" + (get_remote_address() or "")


def failed_login(response: Any) -> bool:
    """Count an attempt against the account only when it did not log in (a success redirects)."""
    return response.status_code != 302


def throttle_login(view: F) -> F:
    """Apply the login limits (from the config, so tests and deployments can change them) to POSTs."""
    view = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ADDRESS"], key_func=address_key,
                         methods=["POST"], scope="login-address")(view)
    view = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], key_func=account_key,
                         methods=["POST"], scope="login-account", deduct_when=failed_login)(view)
    return view


def init_app(app: Flask) -> None:
    """Initialise the limiter and render its refusals as a page, audited when it is a login."""
    limiter.init_app(app)

    @app.errorhandler(429)
    def too_many_requests(error: TooManyRequests) -> tuple[str, int, dict[str, str]]:
        from .models.audit import record

        if request.endpoint == "auth.login":
            db.session.rollback()
            record("login_throttled", target_type="user", target_id=account_key().partition(":")[2][:64],
                   address=request.remote_addr or "", limit=str(getattr(error, "description", ""))[:100])
            db.session.commit()
        page = render_template(
            "error.html", title=_l("För många inloggningsförsök"),
            message=_l("Det har gjorts för många inloggningsförsök på kort tid. Av säkerhetsskäl är inloggningen "
                       "spärrad en stund. Vänta några minuter och försök igen."))
        return page, 429, {"Retry-After": "60"}
