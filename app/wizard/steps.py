"""The wizard's steps: their order and names, and moving answers between a section and its form."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from pydantic import BaseModel, ValidationError, create_model

from ..agreement import answers as schema
from ..agreement.answers import SECTIONS, Answers, field_errors, is_signable
from ..agreement.i18n import gettext_for
from ..models import Draft
from . import forms
from .fields import StepForm
from .formtools import attach_errors, clear_errors, has_errors

BASICS_KEYS = ("title", "intended_form", "language")
Basics: type[BaseModel] = create_model(
    "Basics", __base__=schema.Section,
    **{key: (Answers.model_fields[key].annotation, Answers.model_fields[key]) for key in BASICS_KEYS})


@dataclass(frozen=True)
class Step:
    slug: str
    section: str | None  # the answers key; None for the top-level fields of the first step
    title: Any
    form: type[StepForm]

    @property
    def model(self) -> type[BaseModel]:
        return SECTIONS[self.section] if self.section else Basics


STEPS: tuple[Step, ...] = (
    Step("avtalet", None, _l("Avtalet"), forms.BasicsForm),
    Step("bostadsbolaget", "housing_company", _l("Bostadsbolaget"), forms.HousingCompanyForm),
    Step("parter", "partners", _l("Parter"), forms.PartnersForm),
    Step("verksamheten", "activity", _l("Verksamheten"), forms.ActivityForm),
    Step("ekonomi", "exchange", _l("Ekonomi och utbyte"), forms.ExchangeForm),
    Step("lokaler", "premises", _l("Lokaler"), forms.PremisesForm),
    Step("personuppgifter", "personal_data", _l("Personuppgifter"), forms.PersonalDataForm),
    Step("avtalstid", "term", _l("Avtalstid"), forms.TermForm),
    Step("uppfoljning", "follow_up", _l("Uppföljning"), forms.FollowUpForm),
    Step("styrning", "governance", _l("Styrning"), forms.GovernanceForm),
)
FIRST = STEPS[0]


def by_slug(slug: str) -> Step | None:
    """Return the step with this URL name."""
    return next((s for s in STEPS if s.slug == slug), None)


def by_path(path: str) -> Step:
    """Return the step that asks the answer at an answers path such as partners[1].org_number."""
    head = path.split(".", 1)[0].split("[", 1)[0]
    return next((s for s in STEPS if s.section == head), FIRST)


def neighbours(step: Step) -> tuple[Step | None, Step | None]:
    """Return the previous and the next step."""
    i = STEPS.index(step)
    return (STEPS[i - 1] if i > 0 else None, STEPS[i + 1] if i + 1 < len(STEPS) else None)


def destination(step: Step, action: str) -> Step | None:
    """Return where a saved step leads: back, forward, or None for the review page after the last step."""
    previous, following = neighbours(step)
    if action == "back":
        return previous or step
    if action == "next":
        return following
    return step


def change_list(form: StepForm, add: str | None, remove: str | None) -> bool:
    """Add or remove an entry of a repeating group (partners, process leaders); True when asked to."""
    if add in form.lists:
        if len(form[add]) < form[add].max_entries:
            form[add].append_entry()
        return True
    name, _sep, index = (remove or "").rpartition("-")
    if name not in form.lists:
        return False
    if index.isdigit() and int(index) < len(form[name]) and len(form[name]) > 1:
        form[name].pop_entry(int(index))
    return True


def stored(step: Step, answers: dict[str, Any]) -> Any:
    """Return what the draft holds for the step (None when nothing is saved)."""
    if step.section is None:
        found = {k: answers[k] for k in BASICS_KEYS if k in answers}
        return found or None
    return answers.get(step.section)


def defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Return the default value of every optional field of a model, as plain data."""
    result = {}
    for name, info in model.model_fields.items():
        if not info.is_required():
            value = info.get_default(call_default_factory=True)
            result[name] = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return result


def form_data(step: Step, answers: dict[str, Any], organisation: Any = None) -> dict[str, Any]:
    """Return the data that fills the step's form from the saved answers (the company from the organisation)."""
    saved = stored(step, answers)
    if step.section == "housing_company" and saved is None and organisation is not None:
        saved = {"name": organisation.name, "org_number": organisation.org_number}
    if step.section == "partners":
        base = defaults(schema.Partner)
        partners = saved if isinstance(saved, list) and saved else [{}]
        return {"partners": [{**base, **p} for p in partners if isinstance(p, dict)]}
    data = {**defaults(step.model), **(saved if isinstance(saved, dict) else {})}
    if step.section == "term":
        for key in ("start_date", "end_date"):
            data[key] = _date(data.get(key))
    if step.section == "follow_up":
        data["indicators"] = "\n".join(str(i) for i in data.get("indicators") or [])
        data["process_leaders"] = data.get("process_leaders") or [{}]
    return data


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, dt.date) else None


def collect(form: Any) -> dict[str, Any]:
    """Return a form's answers as plain data: dates as ISO text, empty numbers as 0, unchosen choices left out."""
    data: dict[str, Any] = {}
    for name, field in form._fields.items():
        if name in ("csrf_token", "version"):
            continue
        if field.type == "FormField":
            data[name] = collect(field.form)
        elif field.type == "FieldList":
            data[name] = [collect(entry.form) for entry in field.entries]
        elif isinstance(field.data, dt.date):
            data[name] = field.data.isoformat()
        elif field.data is not None:
            data[name] = field.data
        elif field.type in ("IntegerField", "FloatField"):
            data[name] = 0  # a Blankable field left empty is left out: "not given"
        elif field.type == "DateField":
            data[name] = None
    return data


def section_from_form(step: Step, form: StepForm) -> Any:
    """Turn the posted form into section data; fields that do not apply get their defaults."""
    data = collect(form)
    if step.section == "partners":
        return data["partners"]
    if step.section == "term" and data.get("start_date") is None:
        data.pop("start_date", None)
    if step.section == "follow_up":
        data["indicators"] = [line.strip() for line in data.get("indicators", "").splitlines() if line.strip()]
        data["process_leaders"] = [p for p in data["process_leaders"] if any(str(v).strip() for v in p.values())]
    base = defaults(step.model)
    for name in inapplicable(form, data):
        data[name] = base.get(name)
    return data


def inapplicable(form: StepForm, data: dict[str, Any]) -> list[str]:
    """Return the fields whose conditions do not hold for this data."""
    return [name for name, conds in form.conditions.items() if not all(c.holds(data) for c in conds)]


def check(step: Step, data: Any, lang: str, answers: dict[str, Any] | None = None) -> tuple[Any, list[tuple[str, str]]]:
    """Validate section data with the answers schema: (clean data, [(form path, message)]).

    The partners' shares of the payment are checked against the payment saved in `answers`.
    """
    if step.section == "partners":
        if not data:
            return None, [("", _("lägg till minst en partner"))]
        clean, errors = [], []
        for i, partner in enumerate(data):
            item, item_errors = _validate(schema.Partner, partner, lang)
            clean.append(item)
            errors += [(f"partners[{i}].{path}" if path else f"partners[{i}]", msg) for path, msg in item_errors]
        if not errors:
            errors += _share_errors(clean, (answers or {}).get("exchange"), lang)
        return clean, errors
    return _validate(step.model, data, lang)


def _share_errors(partners: list[dict[str, Any]], exchange: Any, lang: str) -> list[tuple[str, str]]:
    """Return the error of the partners' shares against the saved payment (none before it is saved)."""
    try:
        saved = schema.Exchange.model_validate(exchange)
    except ValidationError:
        return []
    problem = schema.share_problem(saved, [schema.Partner.model_validate(p) for p in partners])
    if problem is None:
        return []
    field, msgid, params = problem
    return [(field, gettext_for(lang)(msgid) % params if params else gettext_for(lang)(msgid))]


def _validate(model: type[BaseModel], data: Any, lang: str) -> tuple[Any, list[tuple[str, str]]]:
    try:
        return model.model_validate(data).model_dump(mode="json"), []
    except ValidationError as exc:
        return None, field_errors(exc, lang)


def submit(step: Step, form: StepForm, lang: str, answers: dict[str, Any] | None = None) -> Any | None:
    """Validate the posted step (form and schema), put errors on the fields; return clean data or None."""
    form.validate()
    data = section_from_form(step, form)
    clear_errors(form, inapplicable(form, data))
    clean, errors = check(step, data, lang, answers)
    attach_errors(form, errors)
    return None if has_errors(form) else clean


def save(draft: Draft, step: Step, clean: Any) -> None:
    """Store one step's validated answers on the draft (reassigning, never mutating in place)."""
    if step.section is None:
        draft.answers = {**draft.answers, "schema_version": schema.SCHEMA_VERSION, **clean}
        draft.title = clean["title"]
    else:
        draft.set_section(step.section, clean)
    draft.status = "complete" if is_signable(draft.answers) else "in_progress"




def is_done(step: Step, answers: dict[str, Any]) -> bool:
    """Return True when the step has been saved and its answers are valid."""
    saved = stored(step, answers)
    return saved is not None and not check(step, saved, "sv", answers)[1]


def progress(answers: dict[str, Any], current: Step | None) -> list[dict[str, Any]]:
    """Return the progress indicator's items: slug, title, done, current."""
    return [{"slug": s.slug, "title": s.title, "done": is_done(s, answers), "current": s == current}
            for s in STEPS]
