"""The review page's content: every answer by step with its label, and what is missing or wrong."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext as _
from pydantic import ValidationError
from wtforms import Field

from ..agreement import formatting
from ..agreement.answers import Answers, field_errors, signing_gaps
from ..request_memo import memo
from . import steps
from .formtools import resolve, walk


def step_form(step: steps.Step, answers: dict[str, Any]) -> Any:
    """Return the step's form filled from saved answers (never from the request), built once per request
    for the same answers: the review page's rows and its findings' links read the same forms."""
    held, form = memo(("step_form", step.slug, id(answers)), lambda: (answers, _build(step, answers)))
    return form if held is answers else _build(step, answers)


def _build(step: steps.Step, answers: dict[str, Any]) -> Any:
    return step.form(formdata=None, data=steps.form_data(step, answers), meta={"csrf": False})


def display(field: Field, lang: str) -> str:
    """Return a field's value as a person reads it."""
    data = field.data
    if field.type == "BooleanField":
        return _("Ja") if data else _("Nej")
    if field.type in ("RadioField", "SelectField", "MultiCheckboxField"):
        chosen = [str(c.label) for c in field.iter_choices() if c.selected]
        return ", ".join(chosen) or "–"
    if data is None or data == "":
        return "–"
    if field.type in ("IntegerField", "FloatField"):
        return formatting.number(data, lang)
    if isinstance(data, dt.date):
        return formatting.long_date(data, lang)
    return str(data)


def rows(form: Any, lang: str) -> list[dict[str, str]]:
    """Return label/value rows for every field that applies."""
    skipped = set(steps.inapplicable(form, steps.collect(form))) if hasattr(form, "conditions") else set()
    return [{"label": f"{prefix}{field.label.text}", "value": display(field, lang)}
            for field, prefix in walk(form) if field.short_name not in skipped or prefix]


def sections(answers: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Return each step with its title, whether anything is saved, and its rows."""
    result = []
    for step in steps.STEPS:
        saved = steps.stored(step, answers) is not None
        result.append({"slug": step.slug, "title": step.title, "saved": saved,
                       "rows": rows(step_form(step, answers), lang) if saved else []})
    return result


def problems(answers: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Validate the whole answers; return each problem with the step that fixes it and the field's label."""
    try:
        Answers.model_validate(answers)
    except ValidationError as exc:
        errors = field_errors(exc, lang)
    else:
        return []
    return _located(errors, answers)


def gaps(answers: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Return what valid answers still lack before signing (signatories, contacts, descriptions), located."""
    try:
        typed = Answers.model_validate(answers)
    except ValidationError:
        return []
    return _located(signing_gaps(typed, lang), answers)


def _located(errors: list[tuple[str, str]], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Give each (path, message) the step that asks it, the field's label and anchor."""
    from .formtools import anchor

    result = []
    forms: dict[str, Any] = {}
    for path, message in errors:
        step = steps.by_path(path)
        form_path = path if step.section in (None, "partners") else path.partition(".")[2]
        if step.slug not in forms:
            forms[step.slug] = step_form(step, answers)
        field, label = resolve(forms[step.slug], form_path) if form_path else (None, "")
        result.append({"slug": step.slug, "title": step.title, "label": label,
                       "anchor": anchor(field) if field is not None else "",
                       "message": message[:1].upper() + message[1:]})
    return result


#: The answers typed as free text that the agreement prints as written.
FREE_TEXTS = ("title", "activity.description", "activity.goals", "exchange.own_contribution_description",
              "premises.business_rationale", "follow_up.indicators")
_SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(och|att|som|för|med|inte|är|på|av|till|vi|ska|eller)\b", re.IGNORECASE)


def swedish_free_texts(answers: dict[str, Any]) -> list[str]:
    """Return the labels of the free-text answers that look Swedish: an English agreement prints them as typed."""
    found = []
    for path in FREE_TEXTS:
        section, _sep, key = path.partition(".")
        value = answers.get(section) if key else answers.get(path)
        value = value.get(key) if key and isinstance(value, dict) else value
        text = "\n".join(value) if isinstance(value, list) else value
        if isinstance(text, str) and _SWEDISH.search(text):
            step = steps.by_path(path)
            label = resolve(step_form(step, answers), path if step.section is None else key)[1]
            found.append(f"{step.title}: {label}")
    return found
