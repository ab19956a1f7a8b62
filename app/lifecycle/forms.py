"""The forms of a signed agreement's pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Form
from wtforms.fields import (DateField, FieldList, FormField, HiddenField, RadioField, SelectChoice, SelectField, StringField,
                            TextAreaField)
from wtforms.validators import InputRequired, Length, Optional

from ..agreement.answers import MAX_PARTNERS

DATE_ERROR = _l("Ogiltigt datum (ÅÅÅÅ-MM-DD).")
NOTE = Length(max=2000, message=_l("Högst %(max)d tecken."))


class SignatoryRow(Form):
    party = HiddenField()
    name = StringField(_l("Namn"), [InputRequired(_l("Ange vem som skrev under.")), Length(max=200)])
    title = StringField(_l("Titel"), [Length(max=200)])


class SignForm(FlaskForm):
    signed_on = DateField(_l("Undertecknat den"), [InputRequired(DATE_ERROR)], invalid_value_message=DATE_ERROR,
                          description=_l("Den dag den sista parten skrev under. Fristerna räknas från den."))
    signatories = FieldList(FormField(SignatoryRow), min_entries=1, max_entries=MAX_PARTNERS + 1)
    copy = FileField(_l("Det undertecknade avtalet (PDF, frivilligt)"),
                     description=_l("Kan också laddas upp senare. Högst 10 MB."))


class CopyForm(FlaskForm):
    copy = FileField(_l("Det undertecknade avtalet (PDF)"), description=_l("Högst 10 MB."))


class DoneForm(FlaskForm):
    done_on = DateField(_l("Gjort den"), [InputRequired(DATE_ERROR)], invalid_value_message=DATE_ERROR)
    note = TextAreaField(_l("Anteckning"), [NOTE], description=_l("Vad som gjordes och var det finns, till exempel "
                                                                  "diarienummer."))
    action = HiddenField(default="done")


class AmendmentForm(FlaskForm):
    effective_on = DateField(_l("Tillägget gäller från"), [InputRequired(DATE_ERROR)], invalid_value_message=DATE_ERROR)
    description = TextAreaField(_l("Vad tillägget ändrar"), [Length(max=5000)],
                                description=_l("Som det står i det undertecknade tillägget, till exempel "
                                               "”Avtalet förlängs till och med 2028-12-31”."))
    action = HiddenField(default="record")


class EndForm(FlaskForm):
    ended_on = DateField(_l("Avtalet upphör den"), [InputRequired(DATE_ERROR)], invalid_value_message=DATE_ERROR)
    reason = RadioField(_l("Hur avtalet upphör"), choices=[SelectChoice("notice", _l("Uppsagt enligt avtalet")),
                                                           SelectChoice("termination", _l("Hävt i förtid"))],
                        validators=[InputRequired(_l("Välj hur avtalet upphör."))])
    note = TextAreaField(_l("Anteckning"), [NOTE])


class ValueForm(FlaskForm):
    period = SelectField(_l("Period"), choices=[], validate_choice=False)
    value = StringField(_l("Värde"), [Length(max=40)])
    note = StringField(_l("Anteckning"), [NOTE])
    action = HiddenField(default="value")


class GoalsForm(FlaskForm):
    period_kind = RadioField(_l("Följs upp per"), choices=[SelectChoice("quarter", _l("Kvartal")),
                                                                  SelectChoice("year", _l("År"))],
                             default="quarter")
    baseline = StringField(_l("Utgångsvärde"), [Optional(), Length(max=40)])
    target = StringField(_l("Mål"), [Optional(), Length(max=40)])
    action = HiddenField(default="goals")


class ActionForm(FlaskForm):
    """A button that only says what to do (its CSRF token is the whole form)."""

    action = HiddenField()


class FeedForm(ActionForm):
    pass
