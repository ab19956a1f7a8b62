"""Samverkansguiden: drafting partnership agreements for municipal housing companies."""
from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit
from typing import Any

from flask import Flask, current_app, flash, has_request_context, redirect, render_template, request, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response
from flask_babel import get_locale, gettext, lazy_gettext as _l
from flask_login import current_user, logout_user

from . import config as config_module, request_memo, transaction
from .extensions import babel, csrf, db, login_manager

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DatabaseInt(IntegerConverter):
    """`<int:…>` in routes: only values a database integer column can hold (up to 2**63 - 1)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and wire the application."""
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = DatabaseInt  # an id beyond a database integer is a 404, not a 500
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    register_error_handlers(app)
    register_security_headers(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind a reverse proxy the client's address and scheme come from its headers; without
        # this every visitor would share the proxy's address (and its login throttle).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    production = os.environ.get("APP_ENV") == "production"
    app.config.from_object(config_module.ProductionConfig if production else config_module.Config)
    secret_file = Path(app.instance_path) / "secret_key"
    if "SECRET_KEY" in os.environ:
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    elif secret_file.exists():
        app.config["SECRET_KEY"] = secret_file.read_text().strip()
    if os.environ.get("TRUSTED_PROXIES", "").isdigit():
        app.config["TRUSTED_PROXIES"] = int(os.environ["TRUSTED_PROXIES"])
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        database_url = "sqlite:///" + str(Path(app.instance_path) / "samverkansguiden.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    if os.environ.get("RATELIMIT_STORAGE_URI"):  # e.g. redis://127.0.0.1:6379 for several processes
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URI"]
    mail_from_environment(app)
    app.config["RULES_FILE"] = str(PROJECT_ROOT / "rules" / "checkpoints.yaml")
    app.config["CLAUSES_DIR"] = str(PROJECT_ROOT / "clauses")
    app.config["EXAMPLES_DIR"] = str(PROJECT_ROOT / "examples")
    if test_config:
        app.config.update(test_config)
    if production:
        refuse_unsafe_production(app)
        if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
            app.logger.warning("RATELIMIT_STORAGE_URI is not set: the login limits are kept per process; "
                               "with several processes set it to a shared store such as redis://127.0.0.1:6379")


MAIL_SETTINGS = {"MAIL_SERVER": str, "MAIL_PORT": int, "MAIL_USE_TLS": bool, "MAIL_USE_SSL": bool,
                 "MAIL_USERNAME": str, "MAIL_PASSWORD": str, "MAIL_DEFAULT_SENDER": str, "MAIL_TIMEOUT": float,
                 "BASE_URL": str, "REMINDER_DAYS": int, "FINANCIAL_YEAR_START_MONTH": int,
                 "PARTNER_LINK_DAYS": int, "PARTNER_LIMIT": str}


def mail_from_environment(app: Flask) -> None:
    """Take the MAIL_* settings, BASE_URL, the reminder, financial-year and partner-link settings from the environment
    (true/1/yes for the switches)."""
    for name, kind in MAIL_SETTINGS.items():
        value = os.environ.get(name)
        if value is None:
            continue
        if kind is bool:
            app.config[name] = value.strip().lower() in ("1", "true", "yes", "on")
        else:
            try:
                app.config[name] = kind(value)
            except ValueError:
                raise UnsafeConfigError(f"{name}={value!r} is not a valid {kind.__name__}") from None


class UnsafeConfigError(RuntimeError):
    """The production configuration would run with a development secret or debug on."""


def refuse_unsafe_production(app: Flask) -> None:
    if app.config["SECRET_KEY"] in (config_module.DEV_SECRET_KEY, "", None) or len(app.config["SECRET_KEY"]) < 32:
        raise UnsafeConfigError("APP_ENV=production needs SECRET_KEY: a random value of at least 32 characters")
    if app.debug or os.environ.get("FLASK_DEBUG") in ("1", "true"):
        raise UnsafeConfigError("APP_ENV=production refuses to run with debug on")
    if app.config.get("MAIL_SERVER") and urlsplit(str(app.config.get("BASE_URL") or "")).hostname in (
            None, "", "127.0.0.1", "localhost", "::1"):
        # The reminders and notifications link to the app: a loopback address opens nothing for the reader.
        raise UnsafeConfigError("APP_ENV=production with MAIL_SERVER needs BASE_URL: the address users reach the app "
                                "at, e.g. https://avtal.example.se")
    if str(app.config.get("BASE_URL") or "").startswith("http://"):
        app.logger.warning("BASE_URL is not https: links in mail will open the app without encryption")


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def select_locale() -> str | None:
    """Pick the user's saved language, then the session's, then the browser's, else Swedish (outside a request)."""
    if not has_request_context():
        return None
    if current_user and current_user.is_authenticated and current_user.language:
        return current_user.language
    if session.get("language") in ("sv", "en"):
        return session["language"]
    return request.accept_languages.best_match(["sv", "en"]) or "sv"


IDLE_KEY = "seen"


def end_idle_session() -> Response | None:
    """Log out a session that has been idle longer than SESSION_IDLE_TIMEOUT, and remember this request."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    seen = session.get(IDLE_KEY)
    if isinstance(seen, int) and now - seen > idle:
        logout_user()
        session.clear()
        flash(gettext("Du har loggats ut eftersom du inte har använt tjänsten på %(hours)s timmar. Logga in igen.",
                      hours=int(idle // 3600)), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    if not isinstance(seen, int) or now - seen >= 60:  # a cookie write at most once a minute
        session[IDLE_KEY] = now
    return None


def raise_post_limits() -> None:
    """Give the views that take more than the app-wide limit theirs, before anything reads the form.

    The CSRF check reads the form first: a limit a view set itself would come too late. A step save
    may carry a paste far beyond a field's limit (it is refused on its field, the rest kept); the
    signing views take a signed copy.
    """
    if request.method != "POST":
        return
    config = current_app.config
    if request.endpoint == "wizard.step":
        request.max_content_length = request.max_form_memory_size = int(config["STEP_POST_MAX_BYTES"])
    elif request.endpoint in ("lifecycle.sign", "lifecycle.upload_copy"):
        request.max_content_length = int(config["SIGNED_COPY_MAX_BYTES"]) + 64 * 1024


def register_extensions(app: Flask) -> None:
    from . import security
    from .models import User

    db.init_app(app)
    if app.config.get("REGISTER_MIGRATIONS", True):
        # Only the CLI and the tests migrate; web workers (wsgi.py) skip Alembic and its memory.
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(PROJECT_ROOT / "migrations"))
    # Before the CSRF check, which reads the form under the request's size limit.
    app.before_request(raise_post_limits)
    csrf.init_app(app)
    security.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(PROJECT_ROOT / "app" / "translations"))
    login_manager.init_app(app)
    app.before_request(end_idle_session)
    # Look-ups shared by a page's parts hold for one request, until the session writes.
    request_memo.install()
    app.before_request(request_memo.forget)
    app.teardown_request(request_memo.forget)
    transaction.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Logga in för att fortsätta.")
    login_manager.user_loader(User.from_login_id)
    app.context_processor(lambda: {"current_locale": str(get_locale() or "sv")})
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from .db_sqlite import enable_sqlite_pragmas

        with app.app_context():
            enable_sqlite_pragmas(db.engine)


def register_blueprints(app: Flask) -> None:
    from .admin.views import bp as admin_bp
    from .auth.views import bp as auth_bp
    from .health import bp as health_bp
    from .legal.views import bp as legal_bp
    from .lifecycle import bp as lifecycle_bp
    from .library.views import bp as library_bp
    from .main.views import bp as main_bp
    from .partner import bp as partner_bp
    from .wizard.views import bp as wizard_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(wizard_bp)
    app.register_blueprint(library_bp)
    app.register_blueprint(legal_bp)
    app.register_blueprint(lifecycle_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(partner_bp)
    app.register_blueprint(health_bp)


def register_cli(app: Flask) -> None:
    from .cli import init_app as init_cli

    init_cli(app)


CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        download = response.headers.get("Content-Disposition", "").startswith("attachment")
        if request.endpoint != "static" and (current_user.is_authenticated or download):
            # A shared computer's browser or a proxy must not keep a colleague's draft or document.
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("HSTS") and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def register_error_handlers(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    def render_error(error: Any, status: int, title: Any, message: Any) -> tuple[str, int]:
        return render_template("error.html", title=title, message=message), status

    @app.errorhandler(404)
    def not_found(error: Any) -> tuple[str, int]:
        return render_error(error, 404, _l("Sidan finns inte"),
                            _l("Sidan finns inte, eller så har du inte behörighet att se den."))

    @app.errorhandler(403)
    def forbidden(error: Any) -> tuple[str, int]:
        return render_error(error, 403, _l("Ingen behörighet"), _l("Din roll ger inte tillgång till sidan."))

    @app.errorhandler(413)
    def too_large(error: Any) -> tuple[str, int]:
        limit = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
        return render_error(error, 413, _l("För mycket data"),
                            _l("Det du skickade är för stort (högst %(mb)s MB). Inget har sparats; korta texten eller "
                               "filen och försök igen.", mb=limit // (1024 * 1024)))

    @app.errorhandler(CSRFError)
    def csrf_error(error: Any) -> tuple[str, int]:
        return render_error(error, 400, _l("Formuläret har gått ut"),
                            _l("Sidan var för gammal för att kunna sparas. Gå tillbaka, ladda om sidan och försök igen."))

    @app.errorhandler(500)
    def server_error(error: Any) -> tuple[str, int]:
        db.session.rollback()
        return render_error(error, 500, _l("Något gick fel"),
                            _l("Ett oväntat fel inträffade. Inget halvfärdigt har sparats."))
