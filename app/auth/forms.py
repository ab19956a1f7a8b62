"""Login form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import InputRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-postadress"), validators=[InputRequired(_l("Ange din e-postadress.")), Length(max=254)])
    password = PasswordField(_l("Lösenord"), validators=[InputRequired(_l("Ange ditt lösenord.")), Length(max=200)])
    submit = SubmitField(_l("Logga in"))
