"""The register form: where the signed original is kept."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import Optional

from tracker.agreements.forms import LongTextField, TextField, _max
from tracker.i18n import lazy_gettext as _l


class RegisterForm(FlaskForm):
    """Number an agreement in the Pemda's register, or change where its original is kept."""

    original_location = TextField(_l("Tempat penyimpanan naskah asli"), validators=[Optional(), _max(300)],
                                  description=_l("Misalnya: Lemari arsip Bagian Kerja Sama, rak 2, map KB-2025."))
    notes = LongTextField(_l("Catatan"), validators=[Optional(), _max(2000)])
    submit = SubmitField(_l("Simpan di register"))
