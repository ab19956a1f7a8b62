"""The wizard's steps: their order and names, and moving answers between a section and its form."""
from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from pydantic import BaseModel, ValidationError, create_model

from ..agreement import answers as schema, formatting
from ..agreement.answers import SECTIONS, Answers, field_errors, is_signable
from ..agreement.i18n import gettext_for
from ..models import Draft
from . import forms
from .fields import StepForm
from .formtools import attach_errors, capitalise_errors, clear_errors, has_errors, walk

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


def form_data(step: Step, answers: dict[str, Any], organisation: Any = None,
              set_aside: dict[str, Any] | None = None, title: str = "") -> dict[str, Any]:
    """Return the data that fills the step's form from the saved answers (the company from the organisation).

    `set_aside` holds what was typed in fields that did not apply: they show it again.
    """
    saved = stored(step, answers)
    if step.section is None and saved is None and title:  # the title given when the draft was made
        saved = {"title": title}
    if step.section == "housing_company" and saved is None and organisation is not None:
        saved = {"name": organisation.name, "org_number": organisation.org_number}
    if step.section == "partners":
        base = defaults(schema.Partner)
        partners = saved if isinstance(saved, list) and saved else [{}]
        return {"partners": [{**base, **p} for p in partners if isinstance(p, dict)]}
    data = {**defaults(step.model), **(saved if isinstance(saved, dict) else {})}
    for name, value in (set_aside or {}).items():  # typed earlier while the field did not apply
        if name in data and data[name] in (None, "", defaults(step.model).get(name)):
            data[name] = value
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
        if name in ("csrf_token", "version", "base"):
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


def section_from_form(step: Step, form: StepForm, aside: dict[str, Any] | None = None) -> Any:
    """Turn the posted form into section data; fields that do not apply get their defaults.

    What was typed in a field that does not apply goes into `aside`, when given.
    """
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
        if aside is not None and data.get(name) not in (None, "", base.get(name)):
            aside[name] = _plain(data[name])
        data[name] = base.get(name)
    return data


def _plain(value: Any) -> Any:
    """Return a form value as JSON keeps it."""
    return value.isoformat() if isinstance(value, dt.date) else value


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
    """Validate one section; every error of the step comes back at once.

    A section's cross-field checks run only once its fields are valid, so when fields fail the
    section is checked again without them: the other problems are reported in the same round trip.
    """
    try:
        return model.model_validate(data).model_dump(mode="json"), []
    except ValidationError as exc:
        errors = field_errors(exc, lang)
    failed = {_head(path) for path, _message in errors}
    if isinstance(data, dict) and failed and "" not in failed:
        rest = {key: value for key, value in data.items() if key not in failed}
        try:
            model.model_validate(rest)
        except ValidationError as again:
            errors += [e for e in field_errors(again, lang) if _head(e[0]) not in failed and e not in errors]
    return None, errors


def _head(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


#: A text this many times longer than its field's limit is a mistaken paste: it is not kept on the page.
OVERSIZED = 4


def drop_oversized(form: StepForm, lang: str) -> None:
    """Empty every text field holding far more than its limit, with a message; the other fields stay."""
    for field, _prefix in walk(form):
        value = field.data
        limit = schema.LONG_TEXT if field.type == "TextAreaField" else schema.SHORT_TEXT
        if isinstance(value, str) and len(value) > OVERSIZED * limit:
            field.data, field.raw_data = "", [""]
            field.errors = [_("Texten var för lång (%(length)s tecken, högst %(limit)s) och har inte sparats. "
                              "Korta den och klistra in den igen.", length=formatting.number(len(value), lang),
                              limit=formatting.number(limit, lang))]


def submit(step: Step, form: StepForm, lang: str, answers: dict[str, Any] | None = None) -> Any | None:
    """Validate the posted step (form and schema), put errors on the fields; return clean data or None."""
    form.validate()
    drop_oversized(form, lang)
    form.set_aside = {}
    data = section_from_form(step, form, form.set_aside)
    clear_errors(form, inapplicable(form, data))
    clean, errors = check(step, data, lang, answers)
    attach_errors(form, errors)
    capitalise_errors(form)
    return None if has_errors(form) else clean


def save(draft: Draft, step: Step, clean: Any, set_aside: dict[str, Any] | None = None) -> None:
    """Store one step's validated answers on the draft (reassigning, never mutating in place)."""
    if step.section is None:
        draft.answers = {**draft.answers, "schema_version": schema.SCHEMA_VERSION, **clean}
        draft.title = clean["title"]
    else:
        draft.set_section(step.section, clean)
    draft.status = "complete" if is_signable(draft.answers) else "in_progress"
    if set_aside is not None:
        kept = {slug: values for slug, values in (draft.set_aside or {}).items() if slug != step.slug}
        draft.set_aside = {**kept, **({step.slug: set_aside} if set_aside else {})}




def is_done(step: Step, answers: dict[str, Any]) -> bool:
    """Return True when the step has been saved and its answers are valid."""
    saved = stored(step, answers)
    return saved is not None and not check(step, saved, "sv", answers)[1]


def progress(answers: dict[str, Any], current: Step | None) -> list[dict[str, Any]]:
    """Return the progress indicator's items: slug, title, done, current."""
    return [{"slug": s.slug, "title": s.title, "done": is_done(s, answers), "current": s == current}
            for s in STEPS]


def encode_base(section: Any) -> str:
    """Encode a step's saved answers for the form's hidden `base` field."""
    text = json.dumps(section, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


def decode_base(value: str | None) -> tuple[bool, Any]:
    """Return (known, section) from the hidden field; (False, None) when it is missing or unreadable."""
    if not value:
        return False, None
    try:
        return True, json.loads(base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError):
        return False, None


def _flatten(section: Any) -> dict[str, Any]:
    """Return a section as path -> value, one level into nested objects (contact.name); lists whole."""
    if not isinstance(section, dict):
        return {"": section}
    flat: dict[str, Any] = {}
    for key, value in section.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{inner}": item for inner, item in value.items()})
        else:
            flat[key] = value
    return flat


def _unflatten(flat: dict[str, Any]) -> Any:
    if set(flat) == {""}:
        return flat[""]
    section: dict[str, Any] = {}
    for path, value in flat.items():
        key, _sep, inner = path.partition(".")
        if inner:
            section.setdefault(key, {})[inner] = value
        else:
            section[key] = value
    return section


@dataclass(frozen=True)
class Merge:
    """A save from an older version merged with what is stored now."""

    merged: Any  # this tab's changes on top of the stored answers (conflicting paths: this tab's value)
    conflicts: list[str]  # paths both changed, to different values
    other_changed: bool  # whether the stored step differs from what this tab started from


def merge(base: Any, stored_now: Any, mine: Any) -> Merge:
    """Three-way merge of one step: keep what only one side changed; both changed differently is a conflict."""
    if base == stored_now:
        return Merge(mine, [], False)
    old, theirs, ours = _flatten(base or {}), _flatten(stored_now or {}), _flatten(mine or {})
    merged, conflicts = {}, []
    for path in dict.fromkeys([*ours, *theirs]):
        a, b, o = old.get(path), theirs.get(path), ours.get(path)
        if o == a:
            merged[path] = b if path in theirs else o
        else:
            merged[path] = o
            if b != a and b != o:
                conflicts.append(path)
    return Merge(_unflatten(merged), conflicts, True)
