"""`flask demo`: a demo organisation with a staff user, two reviewers and an admin, and two signed agreements,
for trying the app."""
from __future__ import annotations

import datetime as dt
import secrets

import click
from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, select
from flask.cli import AppGroup

from ..agreement.i18n import N_, gettext_for
from ..agreement.pdf import pdf_available
from ..extensions import db
from ..agreement.answers import Answers
from ..models import (Agreement, AgreementVersion, DeadlineDone, Draft, IndicatorSetting, IndicatorValue,
                      Organisation, ReminderSent, SignedCopy, User)
from ..services import lifecycle
from ..services.deadlines import of_agreement
from ..services.examples import load_examples
from ..services.indicators import period_code

group = AppGroup("demo", help="Demodata.")

DEMO_ORG = ("Exempelbo AB", "556677-8899")
DEMO_USERS = (
    ("handlaggare@exempelbo.se", "staff"),
    ("jurist1@exempelbo.se", "reviewer"),
    ("jurist2@exempelbo.se", "reviewer"),
    ("admin@exempelbo.se", "admin"),
)


@group.command("setup")
def setup() -> None:
    """Create (or reset) the demo organisation and users and print their logins."""
    name, org_number = DEMO_ORG
    organisation = Organisation.by_org_number(org_number)
    if organisation is None:
        organisation = Organisation(name=name, org_number=org_number)
        db.session.add(organisation)
    logins = []
    for email, role in DEMO_USERS:
        user = User.by_email(email) or User(email=email, role=role)
        user.role, user.organisation, user.active = role, organisation, True
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.end_sessions()
        db.session.add(user)
        logins.append((email, role, password))
    db.session.commit()
    staff = User.by_email(DEMO_USERS[0][0])
    signed = demo_agreements(organisation, staff, dt.date.today())
    db.session.commit()
    _ = gettext_for("sv")
    click.echo(_("Demoinloggningar (nya lösenord vid varje start):"))
    for email, role, password in logins:
        click.echo(f"  {role:<9} {email:<28} {password}")
    for title, what in signed:
        click.echo(_("Undertecknat demoavtal: %(title)s (%(what)s)", title=title, what=_(DEMO_SHOWS[what])))
    if pdf_available():
        click.echo(_("PDF: tillgänglig (LibreOffice hittades)."))
    else:
        click.echo(_("PDF: inte tillgänglig. Installera LibreOffice (på Debian och Ubuntu: "
                     "apt install libreoffice-writer-nogui) för att kunna ladda ner avtalet som PDF; "
                     "Word-dokumentet fungerar utan."))


# Two signed agreements to try the agreement's life on: (example, title, what it shows)
DEMO_AGREEMENTS = (
    ("motesplats-boende", "Demo: Mötesplats Exempeldal (nära uppsägningsdagen)", "near_notice"),
    ("laxhjalp", "Demo: Läxhjälp Exempeldal (försenad rapport)", "missed_report"),
)

DEMO_SHOWS = {"near_notice": N_("sista dag att säga upp avtalet är om tre veckor"),
              "missed_report": N_("partnerns årsrapport är en månad försenad")}


def _remove(organisation: Organisation, title: str) -> None:
    """Remove an earlier run's demo agreement with this title, and everything recorded on it."""
    for draft in db.session.execute(select(Draft).filter_by(organisation_id=organisation.id, title=title)).scalars():
        agreement = Agreement.of_draft(draft)
        if agreement is not None:
            settings = select(IndicatorSetting.id).filter_by(agreement_id=agreement.id)
            db.session.execute(delete(IndicatorValue).where(IndicatorValue.indicator_id.in_(settings)))
            for model in (IndicatorSetting, DeadlineDone, ReminderSent, SignedCopy, AgreementVersion):
                db.session.execute(delete(model).where(model.agreement_id == agreement.id))
            db.session.delete(agreement)
            db.session.flush()
        db.session.delete(draft)
    db.session.flush()


def demo_agreements(organisation: Organisation, staff: User, today: dt.date) -> list[tuple[str, str]]:
    """Create the two signed demo agreements, dated from today: one whose last day to give notice is three
    weeks away, one whose first yearly report is a month overdue. Run again, they are made anew."""
    examples = {e.id: e for e in load_examples()}
    made = []
    for example_id, title, kind in DEMO_AGREEMENTS:
        _remove(organisation, title)
        example = examples.get(example_id)
        if example is None:
            continue
        data = Answers.model_validate(example.raw_answers).model_dump(mode="json")
        notice = int(data["term"]["notice_months"])
        if kind == "near_notice":
            start = today - relativedelta(months=21)
            end = today + relativedelta(months=notice) + dt.timedelta(days=21)
        else:
            start = today - relativedelta(months=16)
            end = start + relativedelta(months=36) - dt.timedelta(days=1)
        data["title"] = title
        data["housing_company"] = {**data["housing_company"], "name": organisation.name,
                                   "org_number": organisation.org_number}
        data["term"] = {**data["term"], "start_date": start.isoformat(), "end_date": end.isoformat(),
                        "open_ended": False}
        answers = Answers.model_validate(data)
        draft = Draft(title=title, organisation_id=organisation.id, owner_id=staff.id, answers=data,
                      status="complete")
        db.session.add(draft)
        db.session.flush()
        agreement = lifecycle.record_signing(draft, staff, start, lifecycle.parties(answers), answers)
        # What a year of follow-up looks like: the deadlines so far done (except the missed report),
        # and the indicators' values for the quarters so far.
        for row in of_agreement(agreement):
            if row.deadline.due < today and not (kind == "missed_report" and row.deadline.kind == "report"):
                db.session.add(DeadlineDone(agreement_id=agreement.id, key=row.key, due_on=row.deadline.due,
                                            done_on=row.deadline.due, note="Demo", done_by_id=staff.id))
        settings = db.session.execute(select(IndicatorSetting).filter_by(agreement_id=agreement.id)
                                      .order_by(IndicatorSetting.id)).scalars().all()
        for number, setting in enumerate(settings[:2]):
            setting.baseline, setting.target = 10.0 * (number + 1), 30.0 * (number + 1)
            day, quarter = dt.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1), 0
            while day + relativedelta(months=3) <= today:
                db.session.add(IndicatorValue(indicator_id=setting.id, period=period_code(day, "quarter"),
                                              value=float(10 * (number + 1) + 3 * quarter + (quarter % 2) * 2),
                                              note="", entered_by_id=staff.id))
                day, quarter = day + relativedelta(months=3), quarter + 1
        db.session.flush()
        made.append((title, kind))
    return made
