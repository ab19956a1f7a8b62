"""`flask backup create FILE` and `flask backup restore FILE [--force]`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from ..agreement.i18n import gettext_for
from ..extensions import db

group = AppGroup("backup", help="Säkerhetskopiering och återställning.")
_ = gettext_for("sv")


@group.command("create")
@click.argument("path", type=click.Path(dir_okay=False))
def create(path: str) -> None:
    """Write the whole database to one JSON file."""
    from ..services.backup import create_backup

    db.session.remove()
    counts = create_backup(path)
    click.echo(_("Säkerhetskopian %(path)s är skriven: %(rows)s rader i %(tables)s tabeller.",
                 path=path, rows=sum(counts.values()), tables=len(counts)))


@group.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Radera allt innehåll i databasen före återställningen.")
def restore(path: str, force: bool) -> None:
    """Restore a backup file into an empty database."""
    from ..services.backup import BackupError, restore_backup

    db.session.remove()
    try:
        with Path(path).open(encoding="utf-8") as source:
            report = restore_backup(source, force=force)
    except BackupError as exc:
        click.echo(_(exc.message, **exc.params), err=True)
        sys.exit(1)
    click.echo(_("Återställde %(rows)s rader i %(tables)s tabeller från %(path)s.",
                 rows=sum(report.rows.values()), tables=len(report.rows), path=path))
