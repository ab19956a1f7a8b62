"""WSGI entry point: `gunicorn wsgi:app`. Migrations run before the workers start, never in them."""
from app import create_app

app = create_app({"REGISTER_MIGRATIONS": False})
