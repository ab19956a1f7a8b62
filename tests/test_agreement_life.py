"""After signing, as the organisation uses it: indicators, the calendar feed, reminders, portfolio, register."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
import threading
from typing import Any

from dateutil.relativedelta import relativedelta
from flask_babel import refresh
from icalendar import Calendar
from sqlalchemy import func, select

from app.extensions import db
from app.models import IndicatorSetting, IndicatorValue, ReminderSent
from app.services import deadlines
from conftest import EXAMPLE_ANSWERS
from test_lifecycle import signed_draft
from wizard_helpers import STEP_DATA, new_draft, post_step


def test_indicator_values_per_quarter_make_a_chart_and_a_table(client: Any, auth: Any, staff_a: Any) -> None:
    agreement = signed_draft(staff_a, signed_on=dt.date(2026, 1, 15),
                             answers={**EXAMPLE_ANSWERS, "term": {**EXAMPLE_ANSWERS["term"], "start_date": "2026-01-01"}})
    setting = db.session.execute(select(IndicatorSetting)).scalar_one()
    assert setting.name == "Antal besökare per månad"
    auth.login(staff_a)
    url = f"/avtal/{agreement.public_id}/uppfoljning/{setting.id}"
    assert client.post(url, data={"action": "goals", "period_kind": "quarter", "baseline": "40",
                                  "target": "1 250,5"}).status_code == 302
    for period, value in (("2026-K1", "45"), ("2026-K2", "60,5"), ("2026-K3", "72")):
        assert client.post(url, data={"period": period, "value": value, "note": ""}).status_code == 302
    response = client.post(url, data={"period": "2026-K4", "value": "många"})
    assert response.status_code == 422 and "är inget tal" in response.get_data(as_text=True)
    response = client.post(url, data={"period": "2031-K1", "value": "3"})
    assert response.status_code == 422 and "Välj en period under avtalstiden" in response.get_data(as_text=True)
    # Correcting a period replaces its value.
    client.post(url, data={"period": "2026-K3", "value": "70", "note": "Rättat"})
    values = {v.period: v.value for v in db.session.execute(select(IndicatorValue)).scalars()}
    assert values == {"2026-K1": 45.0, "2026-K2": 60.5, "2026-K3": 70.0}
    page = client.get(f"/avtal/{agreement.public_id}/uppfoljning").get_data(as_text=True)
    assert page.count("<circle") == 3 and "Mål 1\u00a0250,5" in page and "Utgångsvärde 40" in page
    assert "<th scope=\"row\">2026 K2</th><td>60,5</td>" in page and "Rättat" in page
    assert "Arbetssätt för långsiktig samverkan" in page  # the labs' checklist beside it
    rows = list(csv.reader(io.StringIO(client.get(f"/avtal/{agreement.public_id}/uppfoljning.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Avtal", "Indikator", "Period", "Värde"]
    assert [r[2:6] for r in rows[1:]] == [["2026-K1", "45", "40", "1250.5"], ["2026-K2", "60.5", "40", "1250.5"],
                                          ["2026-K3", "70", "40", "1250.5"]]
    # The period cannot change once there are values.
    response = client.post(url, data={"action": "goals", "period_kind": "year", "baseline": "", "target": ""})
    assert response.status_code == 422 and "Perioden kan inte ändras" in response.get_data(as_text=True)
    # A wrong target is shown on the target, and nothing changes.
    response = client.post(url, data={"action": "goals", "period_kind": "quarter", "baseline": "41", "target": "högt"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    target_field = page[page.index('for="target-'):][:600]
    assert "”högt” är inget tal" in target_field and "”högt” är inget tal" not in page[:page.index('for="target-')]
    db.session.expire_all()
    assert db.session.get(IndicatorSetting, setting.id).baseline == 40.0


def test_the_calendar_feed_is_secret_revocable_and_parses_back(client: Any, auth: Any, staff_a: Any, staff_b: Any) -> None:
    agreement = signed_draft(staff_a, signed_on=dt.date.today() - relativedelta(months=1),
                             answers={**EXAMPLE_ANSWERS, "term": {**EXAMPLE_ANSWERS["term"],
                                                                  "start_date": dt.date.today().isoformat(),
                                                                  "end_date": (dt.date.today() + relativedelta(years=2)).isoformat()}})
    signed_draft(staff_b, title="Andra bolagets avtal")
    auth.login(staff_a)
    page = client.post("/avtal/kalender", data={"action": "create"}).get_data(as_text=True)
    link = re.search(r'id="feed-link" readonly value="([^"]+)"', page).group(1)
    path = link.split("localhost", 1)[1]
    auth.logout()
    response = client.get(path)  # no login: a calendar program fetches it
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/calendar")
    assert response.headers["X-Robots-Tag"] == "noindex"
    calendar = Calendar.from_ical(response.data)
    events = [c for c in calendar.walk("VEVENT")]
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any(s.startswith("Sista dag att säga upp avtalet: Mötesplats Rannebergen") for s in summaries)
    assert not any("Andra bolagets avtal" in s for s in summaries)
    assert all(str(e["UID"]).startswith(agreement.public_id) for e in events)
    notice = next(e for e in events if str(e["SUMMARY"]).startswith("Sista dag"))
    assert notice.decoded("DTSTART") == dt.date.today() + relativedelta(years=2) - relativedelta(months=3)
    # Only the hash is stored; a wrong token and a revoked one open nothing.
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    from app.models import CalendarFeed

    assert token not in {f.token_hash for f in db.session.execute(select(CalendarFeed)).scalars()}
    assert client.get(path.replace(token, token[:-2] + "xx")).status_code == 404
    # Made from the English interface, the link gives the events in English.
    auth.login(staff_a)
    client.post("/sprak", data={"language": "en"})
    refresh()  # the test's app context outlives the requests, and Flask-Babel keeps the locale on it
    page = client.post("/avtal/kalender", data={"action": "create"}).get_data(as_text=True)
    path = re.search(r'id="feed-link" readonly value="([^"]+)"', page).group(1).split("localhost", 1)[1]
    assert path.endswith("?lang=en")
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(client.get(path).data).walk("VEVENT")]
    assert any(s.startswith("Last day to give notice") for s in summaries), summaries
    client.post("/avtal/kalender", data={"action": "revoke"})
    auth.logout()
    assert client.get(path).status_code == 404


def _due_soon_agreement(staff: Any, days: int, title: str = "Mötesplats Rannebergen") -> Any:
    """An agreement whose last day to give notice is `days` from today."""
    today = dt.date.today()
    end = today + relativedelta(months=3) + dt.timedelta(days=days)
    end = end if (end - relativedelta(months=3)) == today + dt.timedelta(days=days) else end
    data = copy.deepcopy(EXAMPLE_ANSWERS)
    data["term"].update(start_date=(today - relativedelta(months=6)).isoformat(), end_date=end.isoformat())
    data["follow_up"]["process_leaders"][0]["email"] = "karin@exempelbo.se"
    data["follow_up"]["meeting_frequency"] = "annual"
    return signed_draft(staff, data, today - relativedelta(months=6), title=title)


def test_reminders_go_once_to_the_owner_and_process_leaders_however_often_cron_runs(
        app: Any, runner: Any, staff_a: Any, smtp_server: Any) -> None:
    agreement = _due_soon_agreement(staff_a, 10)
    notice_day = next(r.deadline.due for r in deadlines.of_agreement(agreement) if r.key == "notice")
    result = runner.invoke(args=["reminders", "send", "--days", "14"])
    assert result.exit_code == 0, result.output
    assert "1 påminnelser skickade" in result.output
    [message] = smtp_server.messages
    assert set(message["X-Envelope-To"].split(", ")) == {staff_a.email, "karin@exempelbo.se"}
    assert message["Subject"] == f"Påminnelse: Sista dag att säga upp avtalet {notice_day.isoformat()} – Mötesplats Rannebergen"
    body = message.get_content()
    assert f"/avtal/{agreement.public_id}/" in body and body.count("http") == 1
    # Run again, and from two hosts at once: nothing more is sent.
    assert "0 påminnelser skickade" in runner.invoke(args=["reminders", "send", "--days", "14"]).output
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(runner.invoke(args=["reminders", "send", "--days", "14"])))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(smtp_server.messages) == 1
    assert db.session.execute(select(func.count()).select_from(ReminderSent)).scalar_one() == 1


def test_two_runs_racing_for_new_reminders_send_each_once(app: Any, staff_a: Any, smtp_server: Any) -> None:
    for number in range(4):
        _due_soon_agreement(staff_a, 5 + number, title=f"Avtal {number}")
    link = lambda a: f"http://localhost/avtal/{a.public_id}/"  # noqa: E731
    counts: list[deadlines.ReminderRun] = []

    def run() -> None:
        with app.app_context():
            counts.append(deadlines.send_reminders(dt.date.today(), 14, link))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(run.sent for run in counts) == 4
    assert len(smtp_server.messages) == 4
    assert len({m["Subject"] for m in smtp_server.messages}) == 4


def test_a_failed_mail_is_tried_again_on_the_next_run(app: Any, staff_a: Any, smtp_server: Any) -> None:
    _due_soon_agreement(staff_a, 3)
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there
    assert deadlines.send_reminders(dt.date.today(), 14, lambda a: "x") == (0, 0, 0)
    app.config["MAIL_PORT"] = port
    assert deadlines.send_reminders(dt.date.today(), 14, lambda a: "x") == (1, 0, 0)


def test_the_portfolio_filters_and_sums_and_the_wizard_offers_the_sum(client: Any, auth: Any, staff_a: Any,
                                                                       staff_b: Any) -> None:
    today = dt.date.today()
    recent = signed_draft(staff_a, signed_on=today - relativedelta(months=2), title="Mötesplats Öst 2026")
    signed_draft(staff_b, signed_on=today - relativedelta(months=2), title="Andra bolaget")
    auth.login(staff_a)
    page = client.get("/avtal/").get_data(as_text=True)
    assert "Mötesplats Öst 2026" in page and "Andra bolaget" not in page
    assert client.get("/avtal/?status=ended").get_data(as_text=True).count("Mötesplats Öst 2026") == 0
    assert "Mötesplats Öst 2026" in client.get("/avtal/?partner=mötesplats öst&kind=motesplats").get_data(as_text=True)
    assert "Mötesplats Öst 2026" not in client.get("/avtal/?kind=laxhjalp").get_data(as_text=True)
    # 350 000 kr a year for two years.
    assert "700\u00a0000 kr" in page
    # A new draft about the same kind of activity is offered the sum, listing what it counted.
    public_id = new_draft(client)
    post_step(client, public_id, "verksamheten")  # laxhjalp and motesplats
    step = client.get(f"/utkast/{public_id}/steg/ekonomi").get_data(as_text=True)
    assert "Mötesplats Öst 2026" in step and "700 000 kr" in step and "Använd registrets summa" in step
    assert f"/avtal/{recent.public_id}/" in step
    response = post_step(client, public_id, "ekonomi", use_related_sum="1", action="")
    assert response.status_code == 200 and 'value="700000"' in response.get_data(as_text=True)
    # A different figure needs a reason; with one it is saved.
    response = post_step(client, public_id, "ekonomi")
    assert response.status_code == 422 and "Skriv varför" in response.get_data(as_text=True)
    response = post_step(client, public_id, "ekonomi", {**STEP_DATA["ekonomi"], "related_agreements_12m_sek": "0",
                                                         "related_agreements_note": "Det avtalet gäller en annan tjänst."})
    assert response.status_code == 302
    response = post_step(client, public_id, "ekonomi", {**STEP_DATA["ekonomi"], "related_agreements_12m_sek": "700000"})
    assert response.status_code == 302


def test_the_register_has_no_personal_data_and_follows_its_schema(client: Any, auth: Any, staff_a: Any) -> None:
    signed_draft(staff_a, signed_on=dt.date(2026, 10, 1))
    auth.login(staff_a)
    document = json.loads(client.get("/avtal/register.json").data)
    schema = json.loads(client.get("/avtal/register-schema.json").data)
    [row] = document["agreements"]
    assert set(row) == set(schema["properties"]["agreements"]["items"]["properties"])
    assert row["partners"] == [{"name": "Föreningen Mötesplats Öst", "org_number": "802400-0005"}]
    assert row["amount_per_year_sek"] == 350000 and row["status"] == "active" and row["signed_on"] == "2026-10-01"
    text = client.get("/avtal/register.csv").get_data(as_text=True) + json.dumps(document, ensure_ascii=False)
    for personal in ("Karin Berg", "Amina Yusuf", "Lars Holm", "karin@exempelbo.se", "010-123 45 67"):
        assert personal not in text, personal


def test_demo_setup_signs_two_agreements_one_near_notice_one_with_a_missed_report(runner: Any, app: Any) -> None:
    result = runner.invoke(args=["demo", "setup"])
    assert result.exit_code == 0, result.output
    from app.models import Agreement

    today = dt.date.today()
    agreements = {a.draft.title: a for a in db.session.execute(select(Agreement)).scalars()}
    near = agreements["Demo: Mötesplats Exempeldal (nära uppsägningsdagen)"]
    late = agreements["Demo: Läxhjälp Exempeldal (försenad rapport)"]
    notice = next(r for r in deadlines.of_agreement(near) if r.key == "notice")
    assert today < notice.deadline.due <= today + dt.timedelta(days=31) and notice.done is None
    overdue = [r for r in deadlines.of_agreement(late) if r.state(today) == "overdue"]
    assert [r.deadline.kind for r in overdue] == ["report"]
    assert db.session.execute(select(func.count()).select_from(IndicatorValue)).scalar_one() > 0
    # Run again (make run does): made anew, not doubled.
    assert runner.invoke(args=["demo", "setup"]).exit_code == 0
    assert db.session.execute(select(func.count()).select_from(Agreement)).scalar_one() == 2


def test_what_is_due_this_month_includes_what_is_late(runner: Any, app: Any, client: Any, auth: Any) -> None:
    from app.models import User
    from conftest import PASSWORD

    runner.invoke(args=["demo", "setup"])
    staff = db.session.execute(select(User).filter_by(email="handlaggare@exempelbo.se")).scalar_one()
    staff.set_password(PASSWORD)
    db.session.commit()
    auth.login(staff)
    page = client.get("/avtal/frister").get_data(as_text=True)
    late = page.index("Partnerns verksamhetsrapport för avtalsåret (avtalsår 1)")
    assert "Försenad" in page[late:late + 600] and "Demo: Läxhjälp Exempeldal" in page
    assert "Sista dag att säga upp avtalet" in client.get("/avtal/frister?period=quarter").get_data(as_text=True)


def test_numbers_are_read_as_the_interface_language_writes_them() -> None:
    from app.services.indicators import parse_number

    assert parse_number("1 250,5", True, "sv") == 1250.5
    assert parse_number("1,250.5", True, "en") == 1250.5  # what the English page shows is read back unchanged
    assert parse_number("12.5", True, "en") == 12.5 and parse_number("12,5", True, "sv") == 12.5
    from app.services.indicators import number_text

    assert [number_text(v, "sv") for v in (2.001, 2.5, 1250.456)] == ["2", "2,5", "1\u00a0250,46"]
    assert [number_text(v, "en") for v in (2.001, 2.5, 1250.456)] == ["2", "2.5", "1,250.46"]


def test_an_agreement_whose_answers_no_longer_validate_is_named_and_left_out_not_a_failure(
        app: Any, runner: Any, client: Any, auth: Any, staff_a: Any, smtp_server: Any) -> None:
    good = _due_soon_agreement(staff_a, 10, title="Läsbart avtal")
    bad = _due_soon_agreement(staff_a, 8, title="Oläsbart avtal")
    version = bad.current
    version.answers = {**version.answers, "partners": []}  # a later, stricter format refuses what was signed
    db.session.commit()
    result = runner.invoke(args=["reminders", "send", "--days", "14"])
    assert result.exit_code == 0, result.output
    assert "1 påminnelser skickade" in result.output
    assert "1 avtal hoppades över: deras svar kan inte längre läsas" in result.output
    assert [m["Subject"].endswith("– Läsbart avtal") for m in smtp_server.messages] == [True]
    auth.login(staff_a)
    page = client.get(f"/avtal/{bad.public_id}/")
    assert page.status_code == 200 and "Avtalets svar följer inte längre tjänstens svarsformat" in page.get_data(as_text=True)
    follow_up = client.get(f"/avtal/{bad.public_id}/uppfoljning")
    assert follow_up.status_code == 200 and "kan inte läsas" in follow_up.get_data(as_text=True)
    listing = client.get("/avtal/frister?period=quarter").get_data(as_text=True)
    assert "Ett avtal visas inte här eftersom dess svar inte längre kan läsas" in listing
    assert f'/avtal/{bad.public_id}/">Oläsbart avtal</a>' in listing and "Läsbart avtal" in listing
    assert client.get("/avtal/").status_code == 200
    rows = json.loads(client.get("/avtal/register.json").get_data(as_text=True))["agreements"]
    assert [r["reference"] for r in rows] == [good.public_id]
    page = client.post("/avtal/kalender", data={"action": "create"}).get_data(as_text=True)
    path = re.search(r'id="feed-link" readonly value="([^"]+)"', page).group(1).split("localhost", 1)[1]
    events = Calendar.from_ical(client.get(path).data).walk("VEVENT")
    assert events and all(str(e["UID"]).startswith(good.public_id) for e in events)
