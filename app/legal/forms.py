"""The forms of legal review: sending a draft, comments, judgments, approval and return."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..services.legal_review import MESSAGE_MAX

TOO_LONG = _l("Texten får vara högst %(max)d tecken.")


def _text(label: str, required: bool = False, description: str = "") -> TextAreaField:
    validators = [InputRequired(message=_l("Fältet måste fyllas i."))] if required else []
    return TextAreaField(label, validators + [Length(max=MESSAGE_MAX, message=TOO_LONG)], description=description,
                         render_kw={"maxlength": MESSAGE_MAX})


class SendForReviewForm(FlaskForm):
    reviewer = SelectField(_l("Jurist"), default="", description=_l(
        "Välj en särskild jurist, eller låt utkastet gå till alla jurister i organisationen."))
    message = _text(_l("Meddelande till juristen"), description=_l(
        "Vad ska juristen titta särskilt på? Skriv inte personuppgifter här."))


class CommentForm(FlaskForm):
    anchor = HiddenField()
    body = _text(_l("Kommentar"), required=True)


class ThreadForm(FlaskForm):
    thread = HiddenField()
    resolved = HiddenField()


class JudgmentForm(FlaskForm):
    finding = HiddenField()
    verdict = RadioField(_l("Bedömning"), choices=[
        SelectChoice("accepted", _l("Godtagen")), SelectChoice("must_change", _l("Måste ändras"))],
        validators=[InputRequired(message=_l("Välj godtagen eller måste ändras."))])
    reason = _text(_l("Motivering"), description=_l(
        "Krävs för godtagen, till exempel ”bidraget är ett genuint bidrag: ingen motprestation, återbetalning "
        "avtalad”. Motiveringen kommer med i riskbedömningen, aldrig i avtalstexten."))


class ApproveForm(FlaskForm):
    note = _text(_l("Anteckning (frivillig)"))


class ReturnForm(FlaskForm):
    message = _text(_l("Vad behöver ändras?"), required=True)
