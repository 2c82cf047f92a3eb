"""Account forms: login, passwords, language, and user management for admins."""

from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from tracker import labels
from tracker.core.forms import FlaskForm
from tracker.core.inputs import EmailAddress
from tracker.i18n import lazy_gettext as _l
from tracker.users.services import check_password_strength

REQUIRED = _l("Wajib diisi.")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), EmailAddress(), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(REQUIRED), Length(max=200)])
    remember = BooleanField(_l("Ingat saya"))
    submit = SubmitField(_l("Masuk"))


def _strong(form, field) -> None:
    reason = check_password_strength(field.data or "", getattr(form, "user", None))
    if reason:
        raise ValidationError(reason)


def _new_password():
    return PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(REQUIRED), Length(max=200), _strong],
        description=_l("Minimal 10 karakter. Sebuah kalimat pendek mudah diingat dan sulit ditebak."),
    )


def _confirm():
    return PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[DataRequired(REQUIRED), EqualTo("new_password", _l("Kedua kata sandi tidak sama."))],
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Kata sandi saat ini"), validators=[DataRequired(REQUIRED), Length(max=200)])
    new_password = _new_password()
    confirm = _confirm()
    submit = SubmitField(_l("Simpan kata sandi"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class PasswordSetForm(FlaskForm):
    new_password = _new_password()
    confirm = _confirm()
    submit = SubmitField(_l("Simpan kata sandi"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), EmailAddress(), Length(max=254)])
    submit = SubmitField(_l("Kirim tautan"))


class LocaleForm(FlaskForm):
    locale = SelectField(_l("Bahasa"), choices=[SelectChoice("id", "Bahasa Indonesia"), SelectChoice("en", "English")])
    submit = SubmitField(_l("Simpan bahasa"))


def _role_choices():
    return [SelectChoice(code, str(label)) for code, label in labels.ROLE.items()]


class UserForm(FlaskForm):
    """Add or edit an account; ``agency_id`` choices are the admin's own Pemda's agencies."""

    name = StringField(_l("Nama"), validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(REQUIRED), EmailAddress(), Length(max=254)])
    # A new account is most often an agency officer; the admin role is given deliberately.
    role = SelectField(_l("Peran"), validators=[DataRequired(REQUIRED)], validate_choice=False, default="officer")
    agency_id = SelectField(
        _l("Perangkat daerah"),
        coerce=lambda v: int(v) if str(v).isdigit() else None,
        validate_choice=False,
        description=_l("Wajib untuk petugas OPD."),
    )
    submit = SubmitField(_l("Simpan"))

    def __init__(self, agencies, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()
        self.agency_id.choices = [SelectChoice(None, _l("— tidak ada —"))] + [SelectChoice(a.id, a.name) for a in agencies]
        if editing:
            # The email is the login name; changing it is not part of this form.
            del self.email

    def validate_role(self, field) -> None:
        if field.data not in labels.ROLE:
            raise ValidationError(_l("Pilih salah satu peran."))

    def validate_agency_id(self, field) -> None:
        if field.data is not None and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Pilih perangkat daerah dari Pemda Anda."))
        if self.role.data == "officer" and field.data is None:
            raise ValidationError(_l("Petugas OPD harus terhubung ke satu perangkat daerah."))
