"""Bad input, generated: validation accepts or explains; accepted answers assess, render and re-parse strictly."""
from __future__ import annotations

import io
import os
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from lxml import etree

from app.agreement.answers import Answers, AnswersError, clean_text, validate
from app.models import User
from app.services.assessment import assess_answers
from app.services.documents import render_answers
from answer_strategies import SCHEMA, answers_with_nasty_text, wild_answers

SETTINGS = settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "30")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example],
                    database=None)  # no .hypothesis/ in the work tree; failures print their example
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
ANSWERS_SOURCE = Path(__file__).resolve().parent.parent / "app" / "agreement" / "answers"
NOT_AN_OBJECT = "svarsfilen ska vara ett objekt med fält"


def swedish_reasons() -> list[re.Pattern[str]]:
    """Every reason answers.py can give (its N_() msgids), as patterns with the placeholders open."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ANSWERS_SOURCE.glob("*.py")))
    msgids = re.findall(r'N_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', source)
    assert len(msgids) > 20
    return [re.compile(re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(m)) + r"\Z", re.S) for m in msgids]


REASONS = swedish_reasons()
# pydantic errors that once reached users in English; each must now give a Swedish message.
ONCE_UNTRANSLATED = {
    "Unable to parse input string as an integer, exceeded maximum size": {"schema_version": 10**30},
    "Input should be a finite number": {"exchange": {"amount_per_year_sek": float("inf")}},
    "Datetimes provided to dates should have zero time - e.g. be exact dates": {"term": {"start_date": 1.5e9 + 1}},
}
TOP_LEVEL = set(SCHEMA["properties"])


def check_messages(error: AnswersError, data: Any) -> None:
    """Each message names a field path of the input and gives a Swedish reason from the catalogue."""
    assert error.messages, "an AnswersError without messages"
    for message in error.messages:
        path, sep, reason = message.partition(": ")
        assert sep, f"no field path in {message!r}"
        first = re.split(r"[.\[]", path, maxsplit=1)[0]
        assert first in TOP_LEVEL or first in data, f"{path!r} is not a field of the answers"
        assert any(p.match(reason) for p in REASONS), \
            f"not a Swedish message from the catalogue: {message!r}"


def validate_or_explain(data: dict[str, Any]) -> Answers | None:
    try:
        return validate(data, "sv")
    except AnswersError as error:
        check_messages(error, data)
        note(f"rejected: {error.messages[:3]}")
        event("rejected")
        return None


def document_text(content: bytes) -> str:
    """Re-parse every XML part strictly; return the text of the body, headers and footers."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(package.read(name), etree.XMLParser(recover=False))
                if name.startswith(("word/document", "word/header", "word/footer")):
                    texts.append("".join(t.text or "" for t in root.iter(W_T)))
    return "".join(texts)


def squeeze(text: str) -> str:
    """Drop whitespace: the document turns newlines and tabs into Word breaks and tabs."""
    return "".join(ch for ch in text if not ch.isspace())


@SETTINGS
@given(wild_answers())
def test_wild_answers_are_rejected_with_clear_messages(data: dict[str, Any]) -> None:
    validate_or_explain(data)


@pytest.mark.parametrize("reason", sorted(ONCE_UNTRANSLATED))
def test_known_untranslated_errors_get_swedish_messages(answers_data: dict[str, Any], reason: str) -> None:
    data = answers_data
    for section, value in ONCE_UNTRANSLATED[reason].items():
        data[section] = {**data[section], **value} if isinstance(value, dict) else value
    with pytest.raises(AnswersError) as error:
        validate(data, "sv")
    assert not any(reason in message for message in error.value.messages)
    check_messages(error.value, data)


@SETTINGS
@given(st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=3)))
def test_an_answers_file_that_is_no_object_is_refused(data: Any) -> None:
    with pytest.raises(AnswersError) as error:
        validate(data, "sv")
    assert error.value.messages == [NOT_AN_OBJECT]


@SETTINGS
@given(answers_with_nasty_text())
def test_accepted_answers_assess_render_and_reparse(data: dict[str, Any]) -> None:
    answers = validate_or_explain(data)
    if answers is None:
        return
    event("accepted")
    assessment = assess_answers(answers, lang=answers.language)
    severities = {finding.severity for finding in assessment.findings}
    # The verdict follows the findings: any stop is a stop, else any warning gives warnings.
    assert assessment.verdict.code == ("stop" if "stop" in severities else "warnings" if "warning" in severities
                                       else "none")
    text = squeeze(document_text(render_answers(answers, lang=answers.language)))
    for typed in (answers.title, answers.housing_company.name, answers.partners[0].name):
        assert squeeze(typed) in text, f"{typed!r} is missing from the document"


def test_cleaned_text_is_what_the_document_shows() -> None:
    """The renderer is given text without XML-illegal characters, so nothing is dropped silently later."""
    assert clean_text(" A\x00B\x0b\ufffe\ud800C\r\n ") == "ABC"


# --- the web import route: never a 500 ------------------------------------------------------------

@pytest.fixture
def importer(app: Flask, staff_a: User, auth: Any) -> FlaskClient:
    auth.login(staff_a)
    return auth.client


def upload(client: FlaskClient, body: bytes) -> Any:
    # built by hand: werkzeug's builder spools large bodies to a file it never closes
    payload = (b'--grans\r\nContent-Disposition: form-data; name="file"; filename="svar.json"\r\n'
               b"Content-Type: application/json\r\n\r\n" + body + b"\r\n--grans--\r\n")
    return client.post("/utkast/importera", data=payload, content_type="multipart/form-data; boundary=grans")


@SETTINGS
@given(st.one_of(wild_answers(), answers_with_nasty_text()))
def test_the_import_route_accepts_or_explains(importer: FlaskClient, data: dict[str, Any]) -> None:
    response = upload(importer, json.dumps(data).encode())
    assert response.status_code in (302, 413, 422), response.get_data(as_text=True)[-2000:]
    if response.status_code == 422:
        assert "Filen kunde inte importeras" in response.get_data(as_text=True)


@pytest.mark.parametrize("body", [b"[" * 100_000, b"a: " + b"[" * 100_000, b'{"title": ' + b"{" * 5_000,
                                  b"\xff\xfe\x00", b"", b"\xef\xbb\xbf{}", b"- - - -", b"!!python/object:os.system {}"])
def test_the_import_route_survives_broken_files(importer: FlaskClient, body: bytes) -> None:
    response = upload(importer, body)
    assert response.status_code == 422, response.get_data(as_text=True)[-2000:]
    assert "Filen kunde inte importeras" in response.get_data(as_text=True)
