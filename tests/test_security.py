"""Security headers and the production configuration."""
from __future__ import annotations

import pytest

from app import UnsafeConfigError, create_app


def test_headers_on_pages(client, staff_a, auth):
    for url in ("/logga-in", "/finns-inte"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_production_refuses_development_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(UnsafeConfigError):
        create_app({"SECRET_KEY": "development-only-not-secret"})


def test_production_refuses_debug(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(UnsafeConfigError):
        create_app({"SECRET_KEY": "x" * 40})


def test_production_sets_secure_cookies(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"SECRET_KEY": "x" * 40})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()


def test_trusted_proxy_sets_the_client_address(make_app):
    from flask import request

    app = make_app(TRUSTED_PROXIES=1)

    @app.route("/_whoami")
    def whoami():
        return request.remote_addr or ""

    client = app.test_client()
    response = client.get("/_whoami", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == "203.0.113.7"


@pytest.mark.parametrize("base_url", [None, "http://127.0.0.1:5000", "http://localhost:5000"])
def test_production_with_mail_refuses_to_link_to_a_loopback_address(monkeypatch, base_url):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("MAIL_SERVER", "smtp.exempelbo.se")
    if base_url is None:
        monkeypatch.delenv("BASE_URL", raising=False)
    else:
        monkeypatch.setenv("BASE_URL", base_url)
    with pytest.raises(UnsafeConfigError, match="BASE_URL"):
        create_app({"SECRET_KEY": "x" * 40})
    monkeypatch.setenv("BASE_URL", "https://avtal.exempelbo.se")
    app = create_app({"SECRET_KEY": "x" * 40})
    assert app.config["BASE_URL"] == "https://avtal.exempelbo.se"
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
