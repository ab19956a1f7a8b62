"""`flask answers schema`: the JSON Schema of the answers format."""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from ..agreement.answers import json_schema

group = AppGroup("answers", help="Svarsformatet (answers format v1).")


@group.command("schema")
def schema() -> None:
    """Print the JSON Schema of the answers format."""
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
