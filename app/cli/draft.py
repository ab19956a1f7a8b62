"""`flask draft validate|render|assess FILE`: the core on answers files."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..agreement.answers import AnswersError, load_file

group = AppGroup("draft", help="Svarsfiler: validera, bedöm och skapa avtalsutkast.")


def load_or_exit(path: str, lang: str = "sv"):
    """Load an answers file, or print its problems and exit 1."""
    try:
        return load_file(path, lang)
    except AnswersError as exc:
        for message in exc.messages:
            click.echo(message, err=True)
        sys.exit(1)
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"{path}: {exc}", err=True)
        sys.exit(1)


@group.command("validate")
@click.argument("path", type=click.Path(dir_okay=False))
def validate(path: str) -> None:
    """Validate a JSON or YAML answers file."""
    load_or_exit(path)
    click.echo(f"{path}: OK")
