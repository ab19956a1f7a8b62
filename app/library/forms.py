"""Forms of the clause library: the editor, the review decision, the workflow buttons."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..services.review_check import MAX_TEXT_CHARS

TEXT_LIMIT = Length(max=MAX_TEXT_CHARS, message=_l("Högst %(max)d tecken."))


class EditorForm(FlaskForm):
    """Edit a clause: the content of a new draft version and the reason for the change."""

    title_sv = StringField(_l("Rubrik (svenska)"), validators=[Length(max=300)])
    title_en = StringField(_l("Rubrik (engelska)"), validators=[Length(max=300)])
    title_plural_sv = StringField(_l("Rubrik när avtalet har flera partner (svenska)"), validators=[Length(max=300)])
    title_plural_en = StringField(_l("Rubrik när avtalet har flera partner (engelska)"), validators=[Length(max=300)])
    # data-code: the clause editor's script highlights the field (template code or YAML).
    text_sv = TextAreaField(_l("Text (svenska)"), validators=[TEXT_LIMIT], render_kw={"rows": 14, "data-code": "template"})
    text_en = TextAreaField(_l("Text (engelska)"), validators=[TEXT_LIMIT], render_kw={"rows": 14, "data-code": "template"})
    include_when = TextAreaField(_l("Villkor för att ta med klausulen (YAML)"), validators=[TEXT_LIMIT],
                                 render_kw={"rows": 6, "data-code": "yaml"})
    addresses = StringField(_l("Kontrollpunkter som klausulen hanterar (kommaseparerade id)"),
                            validators=[Length(max=2000)])
    asserts = TextAreaField(_l("Påståenden som texten gör (YAML)"), validators=[TEXT_LIMIT],
                            render_kw={"rows": 4, "data-code": "yaml"})
    notes = TextAreaField(_l("Anteckningar för granskare"), validators=[TEXT_LIMIT], render_kw={"rows": 4})
    reason = TextAreaField(_l("Skäl till ändringen"), render_kw={"rows": 3},
                           validators=[InputRequired(_l("Ange skälet till ändringen.")), Length(max=2000)])
    example = SelectField(_l("Exempel att förhandsgranska med"), validators=[Optional()], validate_choice=False)
    language = SelectField(_l("Språk"), choices=[SelectChoice("sv", _l("Svenska")), SelectChoice("en", _l("Engelska"))],
                           validators=[Optional()], validate_choice=False)
    save = SubmitField(_l("Spara som utkast"))
    preview = SubmitField(_l("Förhandsgranska"))
    # The condition builder: a question, whether it holds, a number where the question asks for one.
    cond_fact = SelectField(_l("Fråga"), validators=[Optional()], validate_choice=False)
    cond_holds = SelectField(_l("Villkor"), choices=[SelectChoice("yes", _l("gäller (ja, valt, minst)")),
                                                     SelectChoice("no", _l("gäller inte (nej, inte valt, under)"))],
                             validators=[Optional()], validate_choice=False)
    cond_number = StringField(_l("Tal (för frågor om belopp och antal)"), validators=[Optional(), Length(max=20)])
    add_condition = SubmitField(_l("Lägg till villkoret"))


class PreviewForm(FlaskForm):
    """The fields the preview needs (the editor form posts them)."""

    title_sv = StringField(validators=[Length(max=300)])
    title_en = StringField(validators=[Length(max=300)])
    title_plural_sv = StringField(validators=[Length(max=300)])
    title_plural_en = StringField(validators=[Length(max=300)])
    text_sv = TextAreaField(validators=[TEXT_LIMIT])
    text_en = TextAreaField(validators=[TEXT_LIMIT])
    example = StringField(validators=[Optional(), Length(max=100)])
    language = StringField(validators=[Optional(), Length(max=2)])


class DecisionForm(FlaskForm):
    """Approve or send back a version in review, with a comment."""

    comment = TextAreaField(_l("Kommentar"), validators=[Length(max=2000)], render_kw={"rows": 3})
    approve = SubmitField(_l("Godkänn"))
    send_back = SubmitField(_l("Skicka tillbaka"))


class WithdrawalForm(FlaskForm):
    """Ask for an approved clause to be withdrawn, with the reason a second reviewer will read."""

    reason = TextAreaField(_l("Skäl till avvecklingen"), validators=[Length(max=2000)], render_kw={"rows": 2})


class WithdrawalDecisionForm(FlaskForm):
    """Confirm or turn down a request to withdraw a clause."""

    comment = TextAreaField(_l("Kommentar"), validators=[Length(max=2000)], render_kw={"rows": 2})
    confirm = SubmitField(_l("Bekräfta avvecklingen"))
    reject = SubmitField(_l("Avslå"))


class ActionForm(FlaskForm):
    """A workflow button without fields (submit for review, retire): carries the CSRF token."""
