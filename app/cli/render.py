"""`flask draft render FILE -o OUT.docx [--lang sv|en] [--final]`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..agreement.clauses import ClauseError
from ..agreement.document import DocumentError
from .draft import group, load_or_exit


@group.command("render")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Word-filen som ska skrivas (.docx).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None,
              help="Avtalets språk (standard: svarsfilens language).")
@click.option("--final", is_flag=True, help="Slutversion: utan UTKAST-märkning och utan riskbilaga.")
def render(path: str, output: str, lang: str | None, final: bool) -> None:
    """Render an answers file as a Word agreement draft."""
    from ..services.documents import render_answers

    answers = load_or_exit(path)
    language = lang or answers.language
    try:
        data = render_answers(answers, language, draft=not final, with_assessment=not final)
    except DocumentError as exc:
        for message in exc.messages:
            click.echo(message, err=True)
        sys.exit(1)
    except ClauseError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    Path(output).write_bytes(data)
    click.echo(output)
