"""The health check a load balancer polls: no login, JSON, 503 when the database is gone."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.config import TestConfig
from app.extensions import db

from conftest import vars_of


def test_health_answers_ok_without_login(client: FlaskClient) -> None:
    response = client.get("/halsa")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_has_an_english_alias(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_health_reports_an_unreachable_database_as_503(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "gone.sqlite3"
    app: Flask = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    try:
        response = app.test_client().get("/halsa")
        assert response.status_code == 503
        assert response.get_json()["status"] == "error"
    finally:
        with app.app_context():
            db.engine.dispose()
