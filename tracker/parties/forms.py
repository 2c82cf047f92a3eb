"""Forms for third parties and agencies."""

from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from tracker.agreements.forms import TextField
from tracker.core.forms import FlaskForm
from tracker.core.inputs import EmailAddress
from tracker.i18n import lazy_gettext as _l


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter."))


class PartyForm(FlaskForm):
    """A third party's name and address (a region's name is official and stays)."""

    name = TextField(_l("Nama"), validators=[DataRequired(_l("Nama wajib diisi.")), _max(200)])
    address = TextField(_l("Alamat"), validators=[Optional(), _max(300)])
    submit = SubmitField(_l("Simpan"))


class AgencyForm(FlaskForm):
    """A perangkat daerah with its office email (where reminders go)."""

    name = TextField(_l("Nama perangkat daerah"), validators=[DataRequired(_l("Nama wajib diisi.")), _max(200)])
    short_name = TextField(_l("Singkatan"), validators=[Optional(), _max(40)])
    email = EmailField(
        _l("Email kantor"),
        validators=[Optional(), EmailAddress(), _max(254)],
        description=_l("Pengingat untuk perangkat daerah ini dikirim ke alamat ini."),
    )
    submit = SubmitField(_l("Simpan"))
