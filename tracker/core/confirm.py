"""A second look before a weighty step (archive, deactivate): a required checkbox, no script needed."""

from __future__ import annotations

from wtforms import BooleanField
from wtforms.validators import DataRequired

from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l


class ConfirmForm(FlaskForm):
    """The tick that says "yes, I mean it"; the browser and the server both refuse without it."""

    confirm = BooleanField(_l("Ya, saya yakin"), validators=[DataRequired(_l("Centang kotak konfirmasi dahulu."))])


def confirmed() -> bool:
    """Whether the posted form carries its CSRF token and the ticked confirmation."""
    return ConfirmForm().validate_on_submit()
