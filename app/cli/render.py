"""`flask draft render FILE -o OUT.docx|OUT.pdf [--lang sv|en] [--final] [--clean]`."""
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
              help="Filen som ska skrivas: .docx (Word) eller .pdf (kräver LibreOffice).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None,
              help="Avtalets språk (standard: svarsfilens language).")
@click.option("--final", is_flag=True, help="Slutversion: utan UTKAST-märkning, kommentarer och riskbilaga.")
@click.option("--clean", is_flag=True, help="Ren kopia: utkastet utan kommentarer i Word-filen.")
@click.option("--timeout", type=int, default=120, show_default=True, help="Längsta tid för PDF-konverteringen (s).")
def render(path: str, output: str, lang: str | None, final: bool, clean: bool, timeout: int) -> None:
    """Render an answers file as a Word (or PDF) agreement draft."""
    from ..agreement.pdf import PdfError, convert_docx_to_pdf
    from ..services.documents import render_answers

    answers = load_or_exit(path)
    language = lang or answers.language
    try:
        data = render_answers(answers, language, draft=not final, with_comments=False if clean or final else None)
    except DocumentError as exc:
        for message in exc.messages:
            click.echo(message, err=True)
        sys.exit(1)
    except ClauseError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if output.lower().endswith(".pdf"):
        try:
            data = convert_docx_to_pdf(data, timeout=timeout, lang=language)
        except PdfError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
    Path(output).write_bytes(data)
    click.echo(output)
