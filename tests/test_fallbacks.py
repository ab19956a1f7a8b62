"""Fallbacks never lie: an unreadable rules file is said out loud, and a comment that cannot tell
why a clause is included never claims that it is in every agreement."""
from __future__ import annotations

from typing import Any

from app import PROJECT_ROOT
from app.agreement.conditions import context_for
from app.agreement.document.comments import clause_reasons, why_text
from app.extensions import db
from app.models import Export
from app.services import library
from conftest import make_user
from wizard_helpers import complete_draft


def test_an_unreadable_rules_file_is_shown_on_the_review_page_and_stops_the_export(make_app: Any,
                                                                                   tmp_path: Any) -> None:
    good = make_app()
    with good.app_context():
        from app.models import Organisation

        organisation = Organisation(name="Exempelbo AB", org_number="556677-8899")
        db.session.add(organisation)
        db.session.commit()
        make_user("anna@exempelbo.se", "staff", organisation)
        library.import_library(PROJECT_ROOT / "clauses")
        db.session.commit()
    client = good.test_client()
    client.post("/logga-in", data={"email": "anna@exempelbo.se", "password": "correct horse battery"})
    public_id = complete_draft(client)

    broken = tmp_path / "checkpoints.yaml"
    broken.write_text("parameters: [oops\n", encoding="utf-8")
    bad = make_app(RULES_FILE=str(broken))
    client = bad.test_client()
    client.post("/logga-in", data={"email": "anna@exempelbo.se", "password": "correct horse battery"})
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "regelfilen med kontrollpunkterna går inte att läsa" in page
    assert "Det betyder inte att utkastet saknar risker" in page
    step = client.get(f"/utkast/{public_id}/steg/verksamheten").get_data(as_text=True)
    assert "Riskbedömningen kan inte visas just nu" in step
    response = client.post(f"/utkast/{public_id}/export", data={"language": "sv", "kind": "utkast"},
                           follow_redirects=True)
    assert "Dokumentet kunde inte skapas" in response.get_data(as_text=True)
    with bad.app_context():
        assert db.session.query(Export).count() == 0  # no document with a silently empty risk section


def test_a_condition_that_cannot_be_put_into_words_is_not_called_always(answers_data: Any) -> None:
    from app.agreement.answers import validate
    from app.agreement.clauses.loader import load_clause_dir
    from app.agreement.facts import derive
    from conftest import RULE_PARAMETERS

    answers = validate(answers_data)
    clauses = {c.id: c for c in load_clause_dir(PROJECT_ROOT / "clauses")}
    ctx = context_for(answers, derive(answers, RULE_PARAMETERS), RULE_PARAMETERS, [])

    def failing(*_args: Any, **_kwargs: Any) -> str:
        raise ValueError("parameter missing")

    reasons = clause_reasons([clauses["registerkontroll"], clauses["parter"]], ctx, "sv", failing)
    assert reasons["parter"] == []  # a clause in every agreement
    assert reasons["registerkontroll"] is None
    assert "Den ingår i alla avtal" in why_text(reasons["parter"], [], "sv")
    text = why_text(reasons["registerkontroll"], [], "sv")
    assert "Den ingår i alla avtal" not in text and "villkoret kunde inte skrivas ut" in text


def test_an_unreadable_rules_file_leaves_the_agreements_readable_and_stops_only_the_register(
        make_app: Any, tmp_path: Any) -> None:
    import datetime as dt

    from app.models import Organisation
    from test_lifecycle import signed_draft

    good = make_app()
    with good.app_context():
        organisation = Organisation(name="Exempelbo AB", org_number="556677-8899")
        db.session.add(organisation)
        db.session.commit()
        staff = make_user("anna@exempelbo.se", "staff", organisation)
        library.import_library(PROJECT_ROOT / "clauses")
        db.session.commit()
    client = good.test_client()
    client.post("/logga-in", data={"email": "anna@exempelbo.se", "password": "correct horse battery"})
    public_id = complete_draft(client)
    with good.app_context():
        staff = db.session.merge(staff)
        agreement_id = signed_draft(staff, signed_on=dt.date.today() - dt.timedelta(days=40)).public_id

    broken = tmp_path / "checkpoints.yaml"
    broken.write_text("parameters: [oops\n", encoding="utf-8")
    bad = make_app(RULES_FILE=str(broken))
    client = bad.test_client()
    client.post("/logga-in", data={"email": "anna@exempelbo.se", "password": "correct horse battery"})
    step = client.get(f"/utkast/{public_id}/steg/ekonomi")
    assert step.status_code == 200 and "Riskbedömningen kan inte visas just nu" in step.get_data(as_text=True)
    assert "Använd registrets summa" not in step.get_data(as_text=True)
    portfolio = client.get("/avtal/")
    assert portfolio.status_code == 200 and "Summorna kan inte räknas just nu" in portfolio.get_data(as_text=True)
    assert "Mötesplats Rannebergen" in portfolio.get_data(as_text=True)
    page = client.get(f"/avtal/{agreement_id}/").get_data(as_text=True)
    assert "Sista dag att säga upp avtalet" in page  # the legal periods fall back to their defaults
    assert client.get(f"/avtal/{agreement_id}/uppfoljning").status_code == 200
    assert client.get("/avtal/frister?period=year").status_code == 200
    for url in ("/avtal/register.csv", "/avtal/register.json"):
        response = client.get(url)
        assert response.status_code == 503 and "Registret kan inte skapas just nu" in response.get_data(as_text=True)
