"""Known sandbox escapes and template injections: through the save path and the render path, none executes."""
from __future__ import annotations

import os
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from app.agreement.sandbox import ClauseRenderError, render_text
from app.agreement.sandbox.limits import MAX_SECONDS
from app.extensions import db
from app.models import Clause, ClauseVersion
from app.services import library
from conftest import RULE_PARAMETERS

CORPUS = [
    # underscore attributes and the object graph
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ title.__class__.__base__.__subclasses__() }}",
    "{{ partners.__class__.__init__.__globals__ }}",
    "{{ facts['__class__'] }}",
    "{{ housing_company['__init__'] }}",
    "{{ (title | attr('__class__')) }}",
    "{{ title | attr('__class__') | attr('__mro__') }}",
    # str.format / format_map (CVE-2016-10745, CVE-2019-10906, CVE-2025-27516)
    "{{ '{0.__class__}'.format(title) }}",
    "{{ '{0.__class__}'.format_map({'0': title}) }}",
    "{{ ('{0.__class__}' | attr('format'))(title) }}",
    "{{ title | format('x') }}",
    "{{ '%s' % title }}",
    # Jinja globals used by the public docxtpl proof of concept
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].getpid() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range.__self__ }}",
    # the template object itself, loaders and blocks
    "{{ self }}",
    "{{ self._TemplateReference__context }}",
    "{% include '/etc/passwd' %}",
    "{% import 'x' as y %}",
    "{% extends 'base.html' %}",
    "{% macro m() %}{{ caller() }}{% endmacro %}",
    "{% set x %}{{ title }}{% endset %}",
    # calling methods on data
    "{{ title.upper() }}",
    "{{ partners.append(1) }}",
    "{{ config }}",
    "{{ request }}",
    # resource bombs
    "{{ 'a' * 100000000 }}",
    "{{ title * 1000000 }}",
    "{{ 9 ** 99999999 }}",
    "{% for i in range(100000000) %}x{% endfor %}",
    "{% for a in title %}{% for b in title %}{% for c in title %}{{ title }}{% endfor %}{% endfor %}{% endfor %}",
    # numeric filters with huge arguments, which Jinja would even fold while compiling a dead branch
    '{{ 1.5|round(10000000, "ceil") }}',
    '{% if false %}{{ 1.5|round(10000000, "floor") }}{% endif %}',
    "{{ 1.5|round(-10000000) }}",
    "{{ 10 ** 64 ** 64 }}",
    "{{ (10 ** 12) ** 64 ** 2 }}",
    "{% set a = 10 ** 60 %}{{ a" + " * a" * 30 + " }}",
    "{{ 12345678901234567890 | date }}",
    "{{ 1e308 | int | sek }}",
    # structures whose comparison grows exponentially while their memory barely grows
    "{% set a = (1, 1) %}{% set b = (1, 1) %}" + "{% set a = (a, a) %}{% set b = (b, b) %}" * 40 + "{{ a == b }}",
    "{% set a = [1] %}" + "{% set a = a + a %}" * 40 + "{{ a | length }}",
    "{% set a = {} %}" + "{% set a = {'x': a, 'y': a} %}" * 40 + "{{ a == a.x }}",
    "{% set a = [0] %}" + "{% set a = [a] %}" * 200 + "{{ a == [a] }}",
]
assert len(CORPUS) >= 25

# Marks of a Python object or a system call in text that should only ever hold words.
EXECUTION_SIGNS = ("<class", "<built-in", "<function", "<module", "__", "uid=", "environ", str(os.getpid()))


def render_outcome(source: str, context: dict[str, Any]) -> str | None:
    """Render and return the text, or None when refused."""
    try:
        return render_text(source, context)
    except ClauseRenderError:
        return None


@pytest.fixture
def context(answers_data):
    from app.agreement.answers import validate
    from app.agreement.clauses import text_context
    from app.agreement.facts import derive

    answers = validate(answers_data)
    facts = derive(answers, RULE_PARAMETERS)
    return text_context(answers, facts, [], "sv")


@pytest.mark.parametrize("payload", CORPUS)
def test_render_path_refuses_or_stays_inert(payload: str, context: dict[str, Any]) -> None:
    output = render_outcome(payload, context)
    if output is not None:
        assert not any(sign in output for sign in EXECUTION_SIGNS), f"{payload!r} rendered {output[:200]!r}"
        assert len(output) <= 60_000


@pytest.mark.parametrize("payload", CORPUS)
def test_no_payload_outlasts_the_render_budget(payload: str, context: dict[str, Any]) -> None:
    # Compiling and rendering together stay within the budget a render is given (a guarantee that a
    # reviewer cannot freeze a worker, not a speed measurement: those are in `make bench`).
    started = time.monotonic()
    render_outcome(payload, context)
    assert time.monotonic() - started < 2 * MAX_SECONDS, payload[:80]


@pytest.mark.parametrize("payload", CORPUS)
def test_save_path_refuses(payload: str, client: Any, reviewer: Any, auth: Any) -> None:
    clause = Clause(key="parter")
    db.session.add(clause)
    content = {"id": "parter", "order": 1, "title": {"sv": "Parter", "en": "Parties"}, "include_when": "always",
               "addresses": [], "notes": "", "text": {"sv": "Parterna är {{ housing_company.name }}.",
                                                     "en": "The parties are {{ housing_company.name }}."}}
    library.approve(library.add_version(clause, content, status="approved", reason="Importerad"))
    db.session.commit()
    auth.login(reviewer)
    response = client.post("/bibliotek/parter/redigera", data={
        "title_sv": "Parter", "title_en": "Parties", "text_sv": "Inledning.\n" + payload,
        "text_en": "The parties are {{ housing_company.name }}.", "include_when": "always", "addresses": "",
        "notes": "", "reason": "Försök"})
    assert response.status_code == 422
    assert db.session.execute(select(func.count(ClauseVersion.id))).scalar_one() == 1
