"""The health check for load balancers and monitoring: is the app up and its database reachable?"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from .access import allow
from .extensions import db

bp = Blueprint("health", __name__)


@bp.route("/halsa")
@bp.route("/health")
@allow("public")
def health() -> tuple[Response, int]:
    """Answer 200 {"status": "ok"} when the database answers SELECT 1, else 503; no login needed."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("health check: the database did not answer", exc_info=True)
        db.session.rollback()
        response = jsonify(status="error", database="unreachable")
        status = 503
    else:
        response = jsonify(status="ok")
        status = 200
    response.headers["Cache-Control"] = "no-store"
    return response, status

