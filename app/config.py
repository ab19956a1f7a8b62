"""Configuration defaults; the factory applies environment overrides on top."""
from __future__ import annotations

import datetime as dt

DEV_SECRET_KEY = "development-only-not-secret"


class Config:
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None  # set by the factory: DATABASE_URL or SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = ("sv", "en")
    # A lawyer may leave a step open for hours: the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = dt.timedelta(hours=12)
    # A signed-in session that sees no request for this long ends (a lawyer reading a draft for an hour keeps it).
    SESSION_IDLE_TIMEOUT = dt.timedelta(hours=2)
    # A whole answers file is a few kilobytes; two megabytes leaves room and stops abuse.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    # A step save may carry a paste far beyond a field's limit: it is refused on its field and the
    # other fields come back as typed (the app-wide limit would lose them all).
    STEP_POST_MAX_BYTES = 16 * 1024 * 1024
    # Login throttling (Flask-Limiter). Several processes need a shared store: redis://host:6379
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_LIMIT_ACCOUNT = "5/minute;20/hour"  # failed attempts per e-mail address from one client address
    LOGIN_LIMIT_ACCOUNT_ANYWHERE = "100/hour"  # failed attempts per e-mail address from all addresses together
    LOGIN_LIMIT_ADDRESS = "30/minute"  # attempts per client address
    RULES_FILE: str | None = None  # default: rules/checkpoints.yaml in the project
    CLAUSES_DIR: str | None = None  # default: clauses/ in the project
    EXAMPLES_DIR: str | None = None  # default: examples/ in the project
    # Notifications by e-mail; off while MAIL_SERVER is empty. Set from the environment (MAIL_*).
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USE_SSL = False  # TLS from the start (port 465)
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = "samverkansguiden@localhost"
    MAIL_TIMEOUT = 10
    # The address the app is reached at, for links in mail sent outside a request (`flask reminders send`).
    BASE_URL = "http://127.0.0.1:5000"
    # Reminders go this many days before each deadline of a signed agreement (REMINDER_DAYS).
    REMINDER_DAYS = 14
    # An uploaded signed copy (PDF) may be at most this large.
    SIGNED_COPY_MAX_BYTES = 10 * 1024 * 1024
    # A partner's link (app/partner) works this many days unless revoked, and is limited per address.
    PARTNER_LINK_DAYS = 30
    PARTNER_LIMIT = "60/minute;600/hour"
    # The month the company's financial year starts (1 = a calendar year), for the value sums.
    FINANCIAL_YEAR_START_MONTH = 1


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # __Host-: the browser sends the cookie only over https, to this host, for every path, never to a subdomain.
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember_token"
    SESSION_COOKIE_PATH = "/"
    HSTS = True  # Strict-Transport-Security on https responses
    PREFERRED_URL_SCHEME = "https"


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False  # tests that need the limits enable them
    SECRET_KEY = "test-secret"
