"""`flask rules check [FILE]` and `flask draft assess FILE`."""
from __future__ import annotations

import datetime as dt
import json
import sys

import click
from flask.cli import AppGroup

from ..agreement.checkpoints import RulesError, assess, load_rules, run_examples
from ..agreement.formatting import long_date
from ..agreement.i18n import gettext_for
from ..services.assessment import default_rules_path, get_rules
from .draft import group as draft_group, load_or_exit

group = AppGroup("rules", help="Regelfilen med kontrollpunkter: kontrollera den.")
EXPIRY_WARNING_DAYS = 90
_ = gettext_for("sv")


def _print_errors(exc: RulesError) -> None:
    for error in exc.errors:
        click.echo(str(error), err=True)


@group.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def check(path: str | None) -> None:
    """Validate a rules file, run its examples and warn about parameters about to expire."""
    path = path or str(default_rules_path())
    try:
        rules = load_rules(path)
    except RulesError as exc:
        _print_errors(exc)
        sys.exit(1)
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"{path}: {exc}", err=True)
        sys.exit(1)
    today = dt.date.today()
    for parameter in rules.expiring(today, EXPIRY_WARNING_DAYS):
        click.echo(_("varning: parametern %(name)s gäller till %(end)s – uppdatera den",
                     name=parameter.name, end=long_date(parameter.valid_to)), err=True)
    failures = run_examples(rules)
    for failure in failures:
        click.echo(failure, err=True)
    if failures:
        sys.exit(1)
    examples = sum(len(cp.examples) for cp in rules.checkpoints)
    click.echo(_("%(source)s: OK (%(checkpoints)s kontrollpunkter, %(examples)s exempel)",
                 source=rules.source, checkpoints=len(rules.checkpoints), examples=examples))


@draft_group.command("assess")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", help="Språk för texterna.")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Bedömningsdag (ÅÅÅÅ-MM-DD), i dag om den inte anges.")
def assess_command(path: str, lang: str, on: dt.datetime | None) -> None:
    """Assess an answers file and print the findings as one JSON object."""
    answers = load_or_exit(path, lang)
    try:
        rules = get_rules()
    except RulesError as exc:
        _print_errors(exc)
        sys.exit(1)
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    result = assess(answers, rules, on.date() if on else dt.date.today(), lang)
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
