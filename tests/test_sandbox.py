"""The clause sandbox: what a reviewer's text may do, and what it is refused."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from app.agreement.sandbox import ClauseRenderError, check_template, render_text

CONTEXT = {
    "lang": "sv",
    "title": "Avtal",
    "housing_company": {"name": "Exempelbo AB", "contact": {"name": "Karin"}},
    "partners": [{"name": f"Förening {i}"} for i in range(20)],
    "term": {"start_date": dt.date(2027, 1, 1)},
    "facts": {"estimated_value_sek": 700000},
    "findings": [],
}


def messages(source: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in check_template(source)]


def refused(source: str) -> ClauseRenderError:
    with pytest.raises(ClauseRenderError) as info:
        render_text(source, CONTEXT)
    return info.value


def test_renders_facts_with_swedish_formatting():
    text = render_text("{{ housing_company.name }}: {{ facts.estimated_value_sek | sek }} från {{ term.start_date | date }}",
                       CONTEXT)
    assert text == "Exempelbo AB: 700\u00a0000\u00a0kr från 1\u00a0januari 2027"


def test_english_formatting_follows_the_language():
    text = render_text("{{ facts.estimated_value_sek | sek }}, {{ term.start_date | date }}", {**CONTEXT, "lang": "en"})
    assert text == "SEK\u00a0700,000, 1\u00a0January 2027"


def test_a_line_holding_only_tags_leaves_no_blank_line_but_paragraphs_stay_apart():
    source = "Första.{% if title %} Mer.{% endif %}\n\n{% for p in partners[:2] %}\n- {{ p.name }}\n{% endfor %}\nSlut."
    assert render_text(source, CONTEXT) == "Första. Mer.\n\n- Förening 0\n- Förening 1\nSlut."


def test_consecutive_tag_lines_vanish_and_error_lines_still_match():
    source = "{% if title %}\n{% if title %}\nA\n{% endif %}\n{% endif %}\nB\n{{ nope }}"
    assert render_text(source.replace("{{ nope }}", "C"), CONTEXT) == "A\nB\nC"
    assert refused(source).line == 7


def test_string_multiplication_is_refused():
    assert messages("{{ 'a' * 1000000000 }}") == [(1, "operatorn * fungerar bara på tal")]
    assert "operatorn *" in refused("{% set s = title %}{{ s * 100000000 }}").message


def test_format_strings_and_huge_powers_are_refused():
    assert "operatorn %" in refused("{% set s = '%0999999999d' %}{{ s % 1 }}").message
    assert refused("{{ 10 ** 100000 }}").message == "för stor upphöjning"


def test_underscore_attributes_are_refused():
    assert messages("{{ ''.__class__ }}") == [(1, "otillåten åtkomst: __class__")]
    assert "otillåten" in refused("{{ title.__class__.__mro__ }}").message


@pytest.mark.parametrize("name", ["cycler", "joiner", "range", "namespace", "lipsum", "dict"])
def test_jinja_globals_are_undefined(name):
    assert (1, f"okänd uppgift: {name}") in messages("{{ %s }}" % name)
    with pytest.raises(ClauseRenderError):
        render_text("{{ %s }}" % name, CONTEXT)


@pytest.mark.parametrize("source", [
    "{{ cycler.__init__.__globals__.os }}",
    "{{ title.upper() }}",
    "{{ title | attr('format') }}",
    "{{ self }}",
    "{% macro m() %}x{% endmacro %}",
    "{% include 'x' %}",
    "{% set x %}{{ title }}{% endset %}",
    "{{ title | format(1) }}",
])
def test_escape_routes_are_refused_at_save_and_at_render(source):
    assert check_template(source)
    with pytest.raises(ClauseRenderError):
        render_text(source, CONTEXT)


def test_unknown_variable_is_reported_with_its_line():
    source = "Första raden\n\n{{ housing_company.name }} och {{ partnr.name }}"
    assert messages(source) == [(3, "okänd uppgift: partnr")]
    assert refused(source).line == 3


def test_unknown_field_of_a_known_section_is_reported():
    assert messages("x\n{{ housing_company.nmae }}") == [(2, "okänd uppgift: housing_company.nmae")]
    assert messages("{% for p in partners %}\n{{ p.nme }}\n{% endfor %}") == [(2, "okänd uppgift: p.nme")]
    assert messages("{{ facts.estimated_value }}") == [(1, "okänd uppgift: facts.estimated_value")]


def test_valid_text_has_no_problems():
    source = ("{% for p in parties %}{{ p.name }} {{ p.contact.email }}{% if not loop.last %}, {% endif %}{% endfor %}"
              "{{ activity.kinds | label('activity_kind') | join_and }} {{ facts.term_months }} {{ lang }}")
    assert check_template(source) == []


def test_syntax_error_is_reported_with_its_line():
    [(line, message)] = messages("a\nb\n{% if %}")
    assert line == 3 and message.startswith("syntaxfel")


def test_a_huge_loop_is_bounded():
    nested = "{% for a in partners %}" * 8 + "x" + "{% endfor %}" * 8  # 20**8 steps if unbounded
    started = time.monotonic()
    error = refused(nested)
    assert time.monotonic() - started < 3
    assert "för många varv" in error.message


def test_doubling_a_string_is_bounded():
    source = "{% set a = title %}" + "{% set a = a ~ a %}" * 40 + "{{ a }}"
    assert "för lång" in refused(source).message


@pytest.mark.parametrize("use", ["{{ a }}", "{{ a | join }}", "{{ a | lower }}", "{{ a | join_and }}", "{{ 'x' ~ a }}"])
def test_nested_lists_cannot_be_blown_up_into_text(use):
    source = "{% set a = [title, title] %}" + "{% set a = [a, a] %}" * 40 + use
    started = time.monotonic()
    refused(source)
    assert time.monotonic() - started < 2


def test_output_size_is_bounded():
    source = "{% for a in partners %}{% for b in partners %}{% for c in partners %}" + "x" * 200 + \
             "{% endfor %}{% endfor %}{% endfor %}"
    assert refused(source).message.startswith(("texten blir för lång", "för många varv"))


def test_source_length_is_capped():
    assert messages("x" * 50_000)[0][1].startswith("texten är för lång")
