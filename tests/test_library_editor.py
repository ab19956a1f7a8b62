"""The clause editor: a reviewer saves a new draft, and unsafe or broken edits are refused with the line."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Clause
from app.services import library
from app.services.examples import load_examples

TEXT_SV = "Detta avtal gäller mellan {{ housing_company.name }} och föreningen.\n\nParterna samverkar."
TEXT_EN = "This agreement is made between {{ housing_company.name }} and the association.\n\nThe parties cooperate."


def make_clause(key: str = "parter", text_sv: str = TEXT_SV, order: int = 1) -> Clause:
    """Create a clause with one approved version (as an import would)."""
    clause = Clause(key=key)
    db.session.add(clause)
    content = {"id": key, "order": order, "title": {"sv": "Parter", "en": "Parties"}, "include_when": "always",
               "addresses": [], "notes": "", "text": {"sv": text_sv, "en": TEXT_EN}}
    library.approve(library.add_version(clause, content, status="approved", reason="Importerad"))
    db.session.commit()
    return clause


def form_data(**overrides: str) -> dict[str, str]:
    data = {"title_sv": "Parter", "title_en": "Parties", "text_sv": TEXT_SV + " Ny mening.", "text_en": TEXT_EN,
            "include_when": "always", "addresses": "", "notes": "", "reason": "Tydligare text", "save": "1"}
    data.update(overrides)
    return data


@pytest.fixture
def clause(app: Any) -> Clause:
    return make_clause()


@pytest.fixture
def logged_in(auth: Any, reviewer: Any) -> Any:
    auth.login(reviewer)
    return reviewer


def versions(key: str = "parter") -> list[Any]:
    db.session.expire_all()
    return Clause.by_key(key).versions


def test_editor_is_prefilled_with_the_newest_version(client: Any, clause: Clause, logged_in: Any) -> None:
    page = client.get("/bibliotek/parter/redigera").get_data(as_text=True)
    assert "Detta avtal gäller mellan {{ housing_company.name }}" in page
    assert 'name="csrf_token"' in page
    assert "Förhandsgranska" in page


def test_reviewer_saves_a_new_draft_with_a_reason(client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/redigera", data=form_data())
    assert response.status_code == 302
    latest = versions()[-1]
    assert (latest.number, latest.status, latest.reason) == (2, "draft", "Tydligare text")
    assert latest.text["sv"].endswith("Ny mening.")
    assert latest.author_id == logged_in.id
    assert Clause.by_key("parter").approved.number == 1  # documents keep using the approved text
    event = db.session.execute(select(AuditEvent).filter_by(action="clause_version_created")).scalar_one()
    assert (event.actor_id, event.target_id, event.details["version"]) == (logged_in.id, "parter", 2)
    page = client.get("/bibliotek/parter").get_data(as_text=True)
    assert "Tydligare text" in page and "Utkast" in page


def test_reason_is_required_and_the_input_stays(client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/redigera", data=form_data(reason="", text_sv="Helt ny text."))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ange skälet till ändringen." in page
    assert "Helt ny text." in page
    assert len(versions()) == 1


def test_unchanged_content_is_not_a_new_version(client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/redigera", data=form_data(text_sv=TEXT_SV))
    assert response.status_code == 422
    assert "Inget har ändrats jämfört med version 1." in response.get_data(as_text=True)


def test_unknown_name_is_refused_with_its_line(client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/redigera", data=form_data(text_sv="Första raden.\n{{ foo }}"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Rad 2:" in page and "foo" in page
    assert "{{ foo }}" in page  # the reviewer's text is still in the editor
    assert len(versions()) == 1


@pytest.mark.parametrize("payload", [
    "{{ ''.__class__ }}",
    "{{ 'a' * 1000000 }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ('{0.__class__}' | attr('format'))(1) }}",
    "{% for i in range(100000000) %}x{% endfor %}",
    "{{ self }}",
    "{% include 'base.html' %}",
])
def test_unsafe_text_is_refused(client: Any, clause: Clause, logged_in: Any, payload: str) -> None:
    response = client.post("/bibliotek/parter/redigera", data=form_data(text_sv="Inledning.\n" + payload))
    assert response.status_code == 422
    assert "Ändringen kunde inte sparas" in response.get_data(as_text=True)
    assert len(versions()) == 1


def test_overlong_text_is_refused_with_a_clear_message(client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/redigera", data=form_data(text_sv="ord " * 6000))
    assert response.status_code == 422
    assert "20000" in response.get_data(as_text=True).replace("\u00a0", "").replace(" ", "")
    assert len(versions()) == 1


def test_bad_condition_is_refused_with_its_line(client: Any, clause: Clause, logged_in: Any) -> None:
    condition = "all:\n  - fact: exchange.company_pays\n    is: true\n  - fact: exchange.no_such_field\n    is: true\n"
    response = client.post("/bibliotek/parter/redigera", data=form_data(include_when=condition))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Rad 4:" in page and "exchange.no_such_field" in page
    assert len(versions()) == 1


def test_valid_condition_is_saved(client: Any, clause: Clause, logged_in: Any) -> None:
    condition = "fact: exchange.company_pays\nis: true\n"
    assert client.post("/bibliotek/parter/redigera", data=form_data(include_when=condition)).status_code == 302
    assert versions()[-1].include_when == {"fact": "exchange.company_pays", "is": True}
    page = client.get("/bibliotek/parter/version/2").get_data(as_text=True)
    assert "Bolaget betalar: ja" in page


def test_text_that_fails_for_an_example_names_the_example(client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/redigera",
                           data=form_data(text_sv="Rad ett.\nRad två.\n{{ partners[7].name }}"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Rad 3:" in page
    assert any(example.id in page for example in load_examples())


def test_preview_without_javascript_renders_the_example_escaped(client: Any, clause: Clause, logged_in: Any) -> None:
    example = load_examples()[0]
    text = "<b>Fet?</b> {{ housing_company.name }}"
    response = client.post("/bibliotek/parter/redigera",
                           data=form_data(text_sv=text, example=example.id, language="sv", reason="", preview="1",
                                          save=""))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert example.answers.housing_company.name.replace("&", "&amp;") in page
    assert "&lt;b&gt;Fet?&lt;/b&gt;" in page and "<b>Fet?</b>" not in page
    assert len(versions()) == 1  # a preview saves nothing


def test_preview_fragment_reports_the_problem_line(client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/forhandsgranska",
                           data={"text_sv": "Rad ett.\n{{ 'a' * 1000000 }}", "language": "sv"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<html" not in page and "Rad 2:" in page


def test_preview_reads_as_the_document_with_one_and_several_partners_side_by_side(
        client: Any, clause: Clause, logged_in: Any) -> None:
    example = next(e for e in load_examples() if len(e.answers.partners) == 1)
    text = ("{{ terms.partner }} ska:\n\n"
            "- hålla verksamheten öppen;\n- rapportera varje år.\n\n"
            "{% if many %}Partnerna svarar var för sig.{% else %}Partnern svarar själv.{% endif %}")
    response = client.post("/bibliotek/parter/redigera",
                           data=form_data(text_sv=text, example=example.id, language="sv", reason="", preview="1",
                                          save="", title_plural_sv="Partnernas åtaganden"))
    page = response.get_data(as_text=True)
    one = page[page.index(">En partner</h3>"):page.index(">Flera partner</h3>")]
    several = page[page.index(">Flera partner</h3>"):]
    assert '<h4 class="clause-title">7. Parter</h4>' in one and "Partnern svarar själv." in one
    assert '<h4 class="clause-title">7. Partnernas åtaganden</h4>' in several and "Partnerna svarar var för sig." in several
    # the list reads as the document numbers it: a point, then its items a), b)
    assert re.search(r'clause-number">a\)</span> hålla verksamheten öppen', one)
    assert re.search(r'clause-number">b\)</span> rapportera varje år', one)


def test_the_facts_panel_lists_the_questions_with_their_placeholders(client: Any, clause: Clause, logged_in: Any) -> None:
    page = client.get("/bibliotek/parter/redigera").get_data(as_text=True)
    panel = page[page.index('id="facts-heading"'):page.index("</aside>")]
    assert 'data-insert="{{ activity.area }}"' in panel and "Bostadsområde" in panel
    assert 'data-insert="{{ housing_company.contact.name }}"' in panel
    assert "t.ex. Exempelbo AB" in panel  # an example value beside the fact
    assert 'data-insert="{{ terms.partner }}"' in panel


def test_the_condition_builder_writes_include_when_and_says_it_in_words(
        client: Any, clause: Clause, logged_in: Any) -> None:
    response = client.post("/bibliotek/parter/redigera", data=form_data(
        include_when="always", cond_fact="exchange.company_pays", cond_holds="yes", add_condition="1", save=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "fact: exchange.company_pays\nis: true</textarea>" in page
    assert "<li>Bolaget betalar: ja</li>" in page
    response = client.post("/bibliotek/parter/redigera", data=form_data(
        include_when="fact: exchange.company_pays\nis: true", cond_fact="exchange.payment_model=per_unit",
        cond_holds="no", add_condition="1", save=""))
    page = response.get_data(as_text=True)
    assert "- fact: exchange.company_pays" in page and "eq: per_unit" in page and "not:" in page
    assert "Alla dessa gäller:" in page and "Detta gäller inte:" in page
    # the condition the builder wrote saves as any condition does
    saved = client.post("/bibliotek/parter/redigera", data=form_data(
        include_when="all:\n- fact: exchange.company_pays\n  is: true"))
    assert saved.status_code == 302
    assert len(versions()) == 2
    # a row without a question says so and keeps the input
    response = client.post("/bibliotek/parter/redigera", data=form_data(cond_fact="", add_condition="1", save=""))
    assert response.status_code == 422 and "Välj en fråga" in response.get_data(as_text=True)
