"""Account forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from tracker.i18n import lazy_gettext as _l


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Ingat saya"))
    submit = SubmitField(_l("Masuk"))
