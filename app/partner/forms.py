"""The forms of the partner's page and of the staff's partner page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from ..agreement.answers.model import LONG_TEXT, SHORT_TEXT
from ..wizard.fields import enum_choices

SHORT = Length(max=SHORT_TEXT, message=_l("Högst %(max)d tecken."))
LONG = Length(max=LONG_TEXT, message=_l("Högst %(max)d tecken."))

#: Form field name -> the partner field it proposes (app.agreement.partner_part).
FIELD_KEYS = {
    "name": "partner.name", "org_number": "partner.org_number", "org_form": "partner.org_form",
    "address": "partner.address", "contact_name": "partner.contact.name", "contact_role": "partner.contact.role",
    "contact_email": "partner.contact.email", "contact_phone": "partner.contact.phone",
    "signatory_name": "partner.signatory.name", "signatory_title": "partner.signatory.title",
    "own_contribution": "exchange.own_contribution_description", "activity_description": "activity.description",
    "activity_goals": "activity.goals", "indicators": "follow_up.indicators",
}


class PartnerPartForm(FlaskForm):
    name = StringField(_l("Organisationens namn"), [InputRequired(_l("Ange organisationens namn.")), SHORT])
    org_number = StringField(_l("Organisationsnummer"), [SHORT], description=_l(
        "Tio siffror, till exempel 802000-0000. Finns i föreningens registreringsbevis."))
    org_form = SelectField(_l("Organisationsform"), choices=enum_choices("org_form"))
    address = StringField(_l("Adress"), [SHORT])
    contact_name = StringField(_l("Namn"), [SHORT])
    contact_role = StringField(_l("Roll i organisationen"), [SHORT])
    contact_email = StringField(_l("E-post"), [SHORT])
    contact_phone = StringField(_l("Telefon"), [Length(max=40, message=_l("Högst %(max)d tecken."))])
    signatory_name = StringField(_l("Namn"), [SHORT], description=_l(
        "Den som enligt stadgarna eller styrelsens beslut får skriva under för organisationen."))
    signatory_title = StringField(_l("Befattning"), [SHORT], description=_l("Till exempel ordförande."))
    own_contribution = TextAreaField(_l("Er egen insats"), [LONG], description=_l(
        "Det ni själva bidrar med: ideella timmar, egna medel, kunskap, kontakter."))
    activity_description = TextAreaField(_l("Beskrivning av verksamheten"), [LONG])
    activity_goals = TextAreaField(_l("Mål för verksamheten"), [LONG])
    indicators = TextAreaField(_l("Indikatorer"), [LONG], description=_l(
        "Det som ska mätas för att följa upp målen, en per rad. Till exempel: antal deltagare per termin."))


class MessageForm(FlaskForm):
    author = StringField(_l("Ert namn"), [SHORT])
    text = TextAreaField(_l("Meddelande"), [InputRequired(_l("Skriv ett meddelande.")),
                                            Length(max=4000, message=_l("Högst %(max)d tecken."))])


class ConfirmForm(FlaskForm):
    shown = HiddenField()  # the fingerprint of the text the page showed (partners.text_hash)
    signer = StringField(_l("Ert namn"), [InputRequired(_l("Skriv ert namn.")), SHORT])
    read = BooleanField(_l("Vi har läst och godkänner utkastet"),
                        [InputRequired(_l("Kryssa i rutan för att bekräfta."))])


class ReportForm(FlaskForm):
    deadline = SelectField(_l("Avtalsår"), validate_choice=False)
    text = TextAreaField(_l("Rapport"), [InputRequired(_l("Skriv rapporten.")),
                                         Length(max=10000, message=_l("Högst %(max)d tecken."))], description=_l(
        "Vad ni har gjort under avtalsåret, hur många som deltog, hur det gick mot målen och vad ni vill ändra."))
    author = StringField(_l("Ert namn"), [InputRequired(_l("Skriv ert namn.")), SHORT])


class ValueReportForm(FlaskForm):
    period = SelectField(_l("Period"))
    value = StringField(_l("Värde"), [Length(max=40)])
    note = StringField(_l("Anteckning"), [Length(max=2000, message=_l("Högst %(max)d tecken."))])


class DocumentForm(FlaskForm):
    file_format = HiddenField(default="docx")


class InviteForm(FlaskForm):
    listed = HiddenField()  # a fingerprint of the partners the page listed (wizard.partner.partner_names)
    partner = SelectField(_l("Partner"), coerce=int, validate_choice=False)
    contact_name = StringField(_l("Kontaktpersonens namn"), [SHORT])
    email = EmailField(_l("Kontaktpersonens e-post"), [Optional(), Email(_l("Ogiltig e-postadress.")), SHORT])
    message = TextAreaField(_l("Meddelande till partnern"), [Length(max=2000, message=_l("Högst %(max)d tecken."))],
                            description=_l("Visas överst på partnerns sida och i e-postmeddelandet."))
    send = BooleanField(_l("Skicka länken med e-post"))


class DecisionForm(FlaskForm):
    version = HiddenField()
    note = TextAreaField(_l("Kommentar till partnern (frivillig)"),
                         [Length(max=2000, message=_l("Högst %(max)d tecken."))])


class ReplyForm(FlaskForm):
    text = TextAreaField(_l("Svar"), [InputRequired(_l("Skriv ett meddelande.")),
                                      Length(max=4000, message=_l("Högst %(max)d tecken."))])


class RevokeForm(FlaskForm):
    pass
