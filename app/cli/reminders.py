"""`flask reminders send`: e-mail the reminders of the signed agreements' deadlines (run it from cron)."""
from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from ..agreement.i18n import gettext_for
from ..mail import mail_enabled
from ..services import deadlines

group = AppGroup("reminders", help="Påminnelser om avtalens frister.")


def agreement_link(agreement) -> str:  # type: ignore[no-untyped-def]
    """Return the agreement's page at BASE_URL (there is no request to take the host from)."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/avtal/{agreement.public_id}/"


@group.command("send")
@click.option("--days", type=int, default=None, help="Dagar före fristen (standard: REMINDER_DAYS).")
@click.option("--today", "today_text", default=None, help="Dagens datum, ÅÅÅÅ-MM-DD (för prov).")
def send(days: int | None, today_text: str | None) -> None:
    """Send each reminder that is due once, however often and on however many hosts this runs."""
    _ = gettext_for("sv")
    if not mail_enabled():
        click.echo(_("E-post är inte inställd (MAIL_SERVER): inga påminnelser skickades."))
        return
    try:
        today = dt.date.fromisoformat(today_text) if today_text else dt.date.today()
    except ValueError:
        raise click.BadParameter(_("ange datumet som ÅÅÅÅ-MM-DD"), param_hint="--today") from None
    run = deadlines.send_reminders(today, deadlines.reminder_days() if days is None else max(0, days), agreement_link)
    click.echo(_("%(sent)s påminnelser skickade, %(skipped)s redan skickade tidigare eller av en samtidig körning.",
                 sent=run.sent, skipped=run.skipped))
    if run.unreadable:
        click.echo(_("%(count)s avtal hoppades över: deras svar kan inte längre läsas (se loggen).", count=run.unreadable),
                   err=True)
