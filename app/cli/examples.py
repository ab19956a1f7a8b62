"""`flask examples list|show ID`."""
from __future__ import annotations

import json
import sys

import click
import yaml
from flask.cli import AppGroup

from ..agreement.answers import dump
from ..agreement.i18n import gettext_for
from ..services.examples import Example, ExampleError, get_example, load_examples

group = AppGroup("examples", help="Goda exempel att utgå från.")


def _load_all() -> list[Example]:
    """Load every example, or print the problem and exit 1."""
    try:
        return load_examples()
    except ExampleError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


def _first_line(text: str, width: int = 100) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


@group.command("list")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", help="Språk för titlar och beskrivningar.")
def list_examples(lang: str) -> None:
    """List the examples: id, title and the model in one line."""
    for example in _load_all():
        click.echo(f"{example.id}\t{example.text('title', lang)}")
        click.echo(f"    {_first_line(example.text('model', lang))}")


@group.command("show")
@click.argument("example_id")
@click.option("--json", "as_json", is_flag=True, help="Skriv bara svaren som JSON.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", help="Språk för beskrivningen.")
def show(example_id: str, as_json: bool, lang: str) -> None:
    """Show one example: description, expected findings and its answers."""
    _ = gettext_for(lang)
    try:
        example = get_example(example_id)
    except ExampleError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if example is None:
        ids = ", ".join(e.id for e in _load_all())
        click.echo(_("Okänt exempel %(id)s. Finns: %(ids)s", id=example_id, ids=ids), err=True)
        sys.exit(1)
    answers = dump(example.answers)
    if as_json:
        click.echo(json.dumps(answers, ensure_ascii=False, indent=2))
        return
    click.echo(example.text("title", lang))
    click.echo("")
    click.echo(_("Modell:"))
    click.echo(f"  {' '.join(example.text('model', lang).split())}")
    click.echo(_("Att hålla koll på:"))
    click.echo(f"  {' '.join(example.text('watch', lang).split())}")
    click.echo(_("Förväntade kontrollpunkter:"))
    for finding_id in example.expected_findings:
        click.echo(f"  - {finding_id}")
    click.echo(_("Svar:"))
    click.echo(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False, width=100).rstrip())
