"""The organisation's agreements together: portfolio, deadlines, calendar feed and transparency register."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from dateutil.relativedelta import relativedelta
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import allow
from ..agreement import portfolio as core
from ..agreement.checkpoints import RulesError
from ..agreement.labels import choices, label
from ..extensions import db
from ..models import Organisation
from ..services import deadlines, indicators, portfolio
from ..wizard import current_lang
from . import bp
from .forms import DoneForm, FeedForm

PERIODS = ("month", "overdue", "quarter", "year")


def period_bounds(period: str, today: dt.date) -> tuple[dt.date | None, dt.date | None, bool]:
    """Return (first day, last day, open only) of a deadlines view."""
    if period == "overdue":
        return None, today - dt.timedelta(days=1), True
    if period == "quarter":
        return today, today + relativedelta(months=3), False
    if period == "year":
        return today, today + relativedelta(years=1), False
    first = today.replace(day=1)
    return first, first + relativedelta(months=1) - dt.timedelta(days=1), False


@bp.route("/")
@allow("org_reader")
def index() -> str:
    """Every agreement of the organisation, filterable, with value sums per partner and kind of service."""
    today = dt.date.today()
    args = {name: request.args.get(name, "")[:200] for name in ("status", "area", "partner", "kind")}
    if args["status"] not in portfolio.STATUSES:
        args["status"] = ""
    organisation_id = current_user.organisation_id
    everything = portfolio.entries(organisation_id, today) if organisation_id else []
    shown = portfolio.filtered(everything, status_=args["status"], area=args["area"], partner=args["partner"],
                               kind=args["kind"])
    try:
        sums, sums_unavailable = (portfolio.sums(organisation_id, today) if organisation_id else []), False
    except (RulesError, OSError):
        current_app.logger.exception("the rules file cannot be read: the value sums are not shown")
        sums, sums_unavailable = [], True
    return render_template("lifecycle/index.html", entries=shown, total=len(everything), args=args, today=today,
                           sums=sums, sums_unavailable=sums_unavailable,
                           kinds=choices("activity_kind", current_lang()), label=label, lang=current_lang(),
                           number=lambda v: indicators.number_text(v, current_lang()), fy_start=core.financial_year_start(today, portfolio.start_month()))


@bp.route("/frister")
@allow("org_reader")
def deadlines_list() -> str:
    """What is due: this month by default, or overdue, the next three months, the next year."""
    today = dt.date.today()
    period = request.args.get("period", "month")
    period = period if period in PERIODS else "month"
    first, last, open_only = period_bounds(period, today)
    rows: list[deadlines.Row] = []
    unreadable: list[Any] = []
    if current_user.organisation_id:
        rows = deadlines.of_organisation(current_user.organisation_id, first, last, open_only, unreadable)
        if period == "month":  # what is due now includes what is already late
            late = deadlines.of_organisation(current_user.organisation_id, None, first - dt.timedelta(days=1), True)
            rows = late + rows
    return render_template("lifecycle/deadlines.html", rows=rows, unreadable=unreadable, period=period, first=first,
                           last=last, today=today,
                           lang=current_lang(), done_form=DoneForm(formdata=None, done_on=today),
                           can_edit=current_user.is_staff)


@bp.route("/kalender", methods=["GET", "POST"])
@allow("staff")
def calendar() -> Any:
    """The organisation's secret calendar link: make one (the old one stops working) or revoke it."""
    organisation_id = current_user.organisation_id or abort(404)
    form = FeedForm()
    token = None
    if request.method == "POST":
        if not form.validate():
            abort(400)
        if form.action.data == "revoke":
            if deadlines.revoke_feed(organisation_id, current_user):
                flash(_("Kalenderlänken är stängd. Kalendrar som använde den får inga fler uppdateringar."), "success")
            return redirect(url_for("lifecycle.calendar"))
        token = deadlines.new_feed(organisation_id, current_user)
    feed = deadlines.active_feed(organisation_id)
    # The events are named in the language of whoever makes the link (the calendar program has no session).
    link = url_for("lifecycle.feed", feed_token=token, _external=True,
                   **({"lang": "en"} if current_lang() == "en" else {})) if token else None
    return render_template("lifecycle/calendar.html", form=FeedForm(formdata=None), feed=feed, link=link)


@bp.route("/kalender/<feed_token>.ics")
@allow("public")
def feed(feed_token: str) -> Response:
    """The organisation's open deadlines as iCalendar, for Outlook and other calendars (read-only)."""
    found = deadlines.feed_of_token(feed_token)
    if found is None:
        abort(404)
    organisation = db.session.get(Organisation, found.organisation_id) or abort(404)
    lang = "en" if request.args.get("lang") == "en" else "sv"
    body = deadlines.calendar(organisation, lang, lambda a: url_for("lifecycle.agreement", agreement_id=a.public_id,
                                                                    _external=True))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def register_rows(organisation: Organisation) -> list[dict[str, Any]]:
    """Return the register's rows, or stop with a page saying why it cannot be made (its values need the rules)."""
    try:
        return portfolio.register(organisation.id)
    except (RulesError, OSError):
        current_app.logger.exception("the rules file cannot be read: the register cannot be made")
        abort(Response(render_template("error.html", title=_("Registret kan inte skapas just nu"),
                                       message=_("Avtalens uppskattade värden räknas med regelfilen, som inte kan "
                                                 "läsas. Kontakta administratören.")), status=503))


def register_document(organisation: Organisation) -> dict[str, Any]:
    return {"generated_on": dt.date.today().isoformat(),
            "organisation": {"name": organisation.name, "org_number": organisation.org_number},
            "agreements": register_rows(organisation)}


@bp.route("/register.json")
@allow("org_reader")
def register_json() -> Response:
    """The transparency register: the active and ended agreements, no personal data (schema: register-schema.json)."""
    organisation = db.session.get(Organisation, current_user.organisation_id or 0) or abort(404)
    response = Response(json.dumps(register_document(organisation), ensure_ascii=False, indent=2),
                        mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=avtalsregister.json"
    return response


@bp.route("/register.csv")
@allow("org_reader")
def register_csv() -> Response:
    organisation = db.session.get(Organisation, current_user.organisation_id or 0) or abort(404)
    response = Response("\ufeff" + core.register_csv(register_rows(organisation)), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=avtalsregister.csv"
    return response


@bp.route("/register-schema.json")
@allow("signed_in")
def register_schema() -> Response:
    return Response(json.dumps(core.register_schema(), ensure_ascii=False, indent=2), mimetype="application/schema+json")
