"""Building blocks of the step forms: choices, conditions, subforms (plain wtforms.Form)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields import (
    EmailField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TelField,
)
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..agreement import labels


def enum_choices(kind: str, exclude: tuple[str, ...] = ()) -> Callable[[], list[SelectChoice]]:
    """Return a callable giving the labelled choices of an enumeration in the current language."""

    def build() -> list[SelectChoice]:
        from . import current_lang

        return [SelectChoice(value=value, label=text)
                for value, text in labels.choices(kind, current_lang()) if value not in exclude]

    return build


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def radio(label: Any, kind: str, description: Any = None, exclude: tuple[str, ...] = (),
          default: str | None = None) -> RadioField:
    """One choice among an enumeration's labelled values; a `default` stands when nothing is posted."""
    return RadioField(label, choices=enum_choices(kind, exclude), description=description, default=default,
                      invalid_choice_message=_l("välj ett av alternativen"))


def amount(label: Any, description: Any = None) -> IntegerField:
    """A whole, non-negative number; empty means 0."""
    return IntegerField(label, [Optional()], description=description, render_kw={"min": 0, "step": 1})


class BlankableIntegerField(IntegerField):
    """A whole number where empty means "not given", not 0."""


class BlankableFloatField(FloatField):
    """A number where empty means "not given", not 0."""


def optional_amount(label: Any, description: Any = None) -> BlankableIntegerField:
    """A whole, non-negative number that may be left empty (then it is not given)."""
    return BlankableIntegerField(label, [Optional()], description=description, render_kw={"min": 0, "step": 1})


def percent(label: Any, description: Any = None) -> BlankableFloatField:
    """A percentage from 0 to 100 that may be left empty."""
    return BlankableFloatField(label, [Optional()], description=description,
                               render_kw={"min": 0, "max": 100, "step": "any"})


@dataclass(frozen=True)
class Condition:
    """A field applies only when another field of the same form has one of some values."""

    control: str
    values: tuple[Any, ...] = (True,)
    negate: bool = False
    hint: Any = None

    def holds(self, data: dict[str, Any]) -> bool:
        """Return True when the field applies, given the form's (section) data."""
        value = data.get(self.control)
        return (value in self.values) != self.negate

    @property
    def attribute(self) -> str:
        """The data-show-when value for app.js: 'name=v1|v2', '!' in front to negate."""
        values = "|".join("y" if v is True else str(v) for v in self.values)
        return f"{'!' if self.negate else ''}{self.control}={values}"


class StepForm(FlaskForm):
    """A wizard step: carries the draft version the user started from."""

    version = HiddenField()
    # The step's saved answers when the page was opened (steps.encode_base): a save from an older
    # version is merged with what another tab saved since, field by field.
    base = HiddenField()
    # field name -> conditions that must all hold for the field to apply
    conditions: dict[str, tuple[Condition, ...]] = {}
    # FieldList name -> label of its "add" button
    lists: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mark_limits(self)


def mark_limits(form: Any) -> None:
    """Give every text field the answers format's length limit as data-limit: the page counts characters
    against it and refuses a paste beyond it (app.js); the server checks the same limit."""
    from ..agreement.answers import LONG_TEXT, SHORT_TEXT
    from .formtools import walk

    for field, _prefix in walk(form):
        if field.type in ("StringField", "TextAreaField", "EmailField", "TelField"):
            limit = {"TextAreaField": LONG_TEXT, "TelField": 40}.get(field.type, SHORT_TEXT)
            if field.short_name == "indicators":  # one indicator per line: 30 lines of 300 characters
                limit = 30 * 301
            field.render_kw = {**(field.render_kw or {}), "data-limit": limit}


class ContactForm(Form):
    name = StringField(_l("Namn"))
    role = StringField(_l("Roll"))
    email = EmailField(_l("E-post"))
    phone = TelField(_l("Telefon"))


class SignatoryForm(Form):
    name = StringField(_l("Namn"))
    title = StringField(_l("Titel"), description=_l("Till exempel verkställande direktör eller ordförande."))


class ProcessLeaderForm(Form):
    name = StringField(_l("Namn"))
    organisation = StringField(_l("Organisation"))
    role = StringField(_l("Roll"))
    email = EmailField(_l("E-post"), description=_l("Påminnelser om avtalets frister går hit när avtalet är undertecknat."))
