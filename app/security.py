"""Login throttling: limits per account and per address, and the page a throttled user sees."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

from .extensions import db, limiter
from .models.user import normalise_email

F = TypeVar("F", bound=Callable[..., Any])


def posted_email() -> str:
    """Return the e-mail address a login attempt names, from a form or a JSON body, normalised as User.by_email does."""
    if request.is_json:
        data = request.get_json(silent=True)
        email = data.get("email", "") if isinstance(data, dict) else ""
    elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        email = request.form.get("email", "")
    else:
        email = ""
    return normalise_email(email if isinstance(email, str) else "")[:254]


def account_key() -> str:
    """Return the account a login attempt is for, from any address (the wide limit)."""
    return "account:" + posted_email()


def account_address_key() -> str:
    """Return the account and the address an attempt comes from (the narrow limit).

    Failures from one address lock the account only for that address; locking the account
    everywhere takes the wide limit's many failures, so nobody can lock a colleague out with a
    handful of requests.
    """
    return f"account:{posted_email()}|address:{get_remote_address() or ''}"


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
    view = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], key_func=account_address_key,
                         methods=["POST"], scope="login-account", deduct_when=failed_login)(view)
    view = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT_ANYWHERE"], key_func=account_key,
                         methods=["POST"], scope="login-account-anywhere", deduct_when=failed_login)(view)
    return view


def init_app(app: Flask) -> None:
    """Initialise the limiter and render its refusals as a page, audited when it is a login."""
    limiter.init_app(app)

    @app.errorhandler(429)
    def too_many_requests(error: TooManyRequests) -> tuple[str, int, dict[str, str]]:
        from .models.audit import record
        from .transaction import keep_on_error

        if request.endpoint == "auth.login":
            db.session.rollback()
            record("login_throttled", target_type="user", target_id=posted_email()[:64],
                   address=request.remote_addr or "", limit=str(getattr(error, "description", ""))[:100])
            keep_on_error()  # the refusal is recorded although the answer is an error
        if (request.endpoint or "").startswith("partner."):
            page = render_template("partner/error.html", title=_l("För många förfrågningar"),
                                   message=_l("Sidan har öppnats för många gånger på kort tid. Vänta en minut och "
                                              "försök igen."))
            return page, 429, {"Retry-After": "60", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                               "X-Robots-Tag": "noindex, nofollow"}
        page = render_template(
            "error.html", title=_l("För många inloggningsförsök"),
            message=_l("Det har gjorts för många inloggningsförsök på kort tid. Av säkerhetsskäl är inloggningen "
                       "spärrad en stund. Vänta några minuter och försök igen."))
        return page, 429, {"Retry-After": "60"}
