"""The form that issues a personal API token."""

from __future__ import annotations

from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from tracker.api.services import EXPIRY_CHOICES
from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l


class TokenForm(FlaskForm):
    name = StringField(_l("Nama token"), validators=[DataRequired(_l("Beri nama agar mudah dikenali.")),
                                                     Length(max=100)],
                       description=_l("Misalnya: dasbor provinsi, skrip laporan."))
    days = SelectField(_l("Berlaku selama"), coerce=int, default=90,
                       choices=[SelectChoice(d, _l("%(days)s hari", days=d)) for d in EXPIRY_CHOICES])
    submit = SubmitField(_l("Buat token"))
