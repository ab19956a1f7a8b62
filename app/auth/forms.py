"""Login and password forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-postadress"), validators=[InputRequired(_l("Ange din e-postadress.")), Length(max=254)])
    password = PasswordField(_l("Lösenord"), validators=[InputRequired(_l("Ange ditt lösenord.")), Length(max=200)])
    submit = SubmitField(_l("Logga in"))


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    new = PasswordField(_l("Nytt lösenord"), validators=[InputRequired(_l("Ange ett nytt lösenord.")),
                                                         Length(max=200)], render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("Nytt lösenord igen"), validators=[
        InputRequired(_l("Skriv det nya lösenordet en gång till.")),
        EqualTo("new", message=_l("De två nya lösenorden är inte lika."))], render_kw={"autocomplete": "new-password"})
    return new, repeat


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Nuvarande lösenord"), validators=[InputRequired(_l("Ange ditt nuvarande lösenord.")),
                                                                   Length(max=200)],
                            render_kw={"autocomplete": "current-password"})
    new, repeat = _new_password_fields()
    submit = SubmitField(_l("Byt lösenord"))


class ResetPasswordForm(FlaskForm):
    new, repeat = _new_password_fields()
    submit = SubmitField(_l("Spara nytt lösenord"))
