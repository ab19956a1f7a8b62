"""`flask clauses import|export|lint DIR`: the clause library between files and the database."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from ..agreement.i18n import gettext_for
from ..extensions import db

group = AppGroup("clauses", help="Klausulbiblioteket.")
_ = gettext_for("sv")


@group.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
def import_command(directory: str) -> None:
    """Import clause files; changed content becomes a new approved version."""
    from ..agreement.clauses import ClauseError
    from ..services.library import import_library

    try:
        report = import_library(directory)
    except ClauseError as exc:
        db.session.rollback()
        click.echo(str(exc), err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(_("Klausuler: %(new)s nya, %(changed)s ändrade, %(same)s oförändrade.", new=len(report.created),
                 changed=len(report.updated), same=len(report.unchanged)))
    if report.withdrawn:
        click.echo(_("Avvecklade i biblioteket, och därför inte inlästa: %(keys)s. En jurist kan återinföra en "
                     "klausul genom att skriva en ny version som en annan jurist godkänner.",
                     keys=", ".join(report.withdrawn)))


@group.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
def export_command(directory: str) -> None:
    """Write the approved library as clause files."""
    from ..agreement.clauses import ClauseError
    from ..services.library import export_library

    try:
        written = export_library(directory)
    except ClauseError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(_("Skrev %(n)s klausuler till %(dir)s.", n=len(written), dir=directory))


@group.command("lint")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False), help="Regelfil att jämföra med.")
def lint_command(directory: str, rules_file: str | None) -> None:
    """Check clause files: syntax, fact names, conditions, texts, and the clauses checkpoints recommend."""
    from ..services.lint import lint_clauses

    problems = lint_clauses(Path(directory), Path(rules_file) if rules_file else None)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(_("%(n)s fel.", n=len(problems)), err=True)
        sys.exit(1)
    click.echo(f"{directory}: OK")
