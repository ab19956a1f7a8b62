"""Forms of the admin pages: one per screen, labels through lazy_gettext."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from ..services.accounts import MAX_NAME, MIN_PASSWORD, AccountError, parse_org_number


def role_choices() -> list[SelectChoice]:
    return [SelectChoice("staff", _l("Handläggare")), SelectChoice("reviewer", _l("Jurist (granskare)")),
            SelectChoice("admin", _l("Administratör"))]


def valid_org_number(form: Any, field: Any) -> None:
    try:
        field.data = parse_org_number(field.data or "")
    except AccountError:
        raise ValidationError(_l("Ange ett giltigt organisationsnummer (NNNNNN-NNNN).")) from None


class OrganisationForm(FlaskForm):
    """Add an organisation."""

    name = StringField(_l("Namn"), validators=[InputRequired(_l("Ange organisationens namn.")), Length(max=MAX_NAME)])
    org_number = StringField(_l("Organisationsnummer"),
                             validators=[InputRequired(_l("Ange organisationsnumret.")), valid_org_number])
    submit = SubmitField(_l("Lägg till organisation"))


class RenameOrganisationForm(FlaskForm):
    """Give an organisation a new name."""

    name = StringField(_l("Nytt namn"), validators=[InputRequired(_l("Ange organisationens namn.")),
                                                   Length(max=MAX_NAME)])
    submit = SubmitField(_l("Spara namnet"))


class UserFilterForm(FlaskForm):
    """Filter the users list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("E-postadress innehåller"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Roll"), validators=[Optional()], validate_choice=False)
    organisation = SelectField(_l("Organisation"), validators=[Optional()], validate_choice=False)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False,
                         choices=[SelectChoice("", _l("Alla")), SelectChoice("active", _l("Aktiva")),
                                  SelectChoice("inactive", _l("Inaktiverade"))])


class NewUserForm(FlaskForm):
    """Add a user with a role, an organisation and an initial password."""

    email = EmailField(_l("E-postadress"), validators=[InputRequired(_l("Ange en e-postadress.")), Length(max=254),
                                                      Email(_l("Ange en giltig e-postadress."))])
    role = SelectField(_l("Roll"), choices=role_choices)
    organisation = SelectField(_l("Organisation"), validate_choice=True)
    password = PasswordField(_l("Första lösenord"), validators=[
        InputRequired(_l("Ange ett lösenord.")),
        Length(min=MIN_PASSWORD, max=200, message=_l("Lösenordet måste ha minst %(min)d tecken."))])
    submit = SubmitField(_l("Lägg till användare"))


class RoleForm(FlaskForm):
    """Change a user's role."""

    role = SelectField(_l("Roll"), choices=role_choices)
    submit = SubmitField(_l("Byt roll"))


class MoveForm(FlaskForm):
    """Move a user to another organisation."""

    organisation = SelectField(_l("Organisation"), validate_choice=True)
    submit = SubmitField(_l("Flytta"))


class ActionForm(FlaskForm):
    """A button without fields (deactivate, reactivate): carries the CSRF token."""


class LogFilterForm(FlaskForm):
    """Filter the audit log (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Händelse"), validators=[Optional()], validate_choice=False)
    actor = StringField(_l("Utförd av (e-postadress)"), validators=[Optional(), Length(max=254)])
    target_type = StringField(_l("Objekttyp"), validators=[Optional(), Length(max=40)])
    target_id = StringField(_l("Objekt-id"), validators=[Optional(), Length(max=64)])
    date_from = DateField(_l("Från och med datum"), validators=[Optional()])
    date_to = DateField(_l("Till och med datum"), validators=[Optional()])
