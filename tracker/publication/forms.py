"""Forms of the publication page: what to publish (proposed to every party), and unpublishing."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from tracker.i18n import lazy_gettext as _l


class PublicationForm(FlaskForm):
    """The publication choices; names, contacts, notes, monev and the audit trail are never public."""

    show_programmes = BooleanField(_l("Program tindak lanjut dan capaiannya"))
    show_progress = BooleanField(_l("Uraian laporan kemajuan"))
    show_photos = BooleanField(_l("Foto yang ditandai petugas sebagai foto publik"))
    show_budgets = BooleanField(_l("Anggaran dan sumber dana program"))
    reason = TextAreaField(_l("Catatan untuk pihak lain (tidak dipublikasikan)"),
                           validators=[Optional(), Length(max=2000, message=_l("Paling banyak 2000 karakter."))])
    submit = SubmitField(_l("Usulkan publikasi"))


class UnpublishForm(FlaskForm):
    """Taking an agreement off the public pages: at once, no other party's consent needed."""

    submit = SubmitField(_l("Hentikan publikasi sekarang"))
