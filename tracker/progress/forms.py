"""The "Laporkan kemajuan" form, built for a phone in the field."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, MultipleFileField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from tracker.attachments.services import UploadError, check_upload
from tracker.core.clock import today
from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency.forms import OnceMixin
from tracker.programs.fields import LocalDateField, QuantityField
from tracker.programs.forms import REQUIRED, most

MAX_FILES = 10
ACCEPT = (
    "image/jpeg,image/png,image/webp,image/heic,.heic,application/pdf,"
    ".doc,.docx,.xls,.xlsx,.ppt,.pptx"
)


def chosen_files(field) -> list:
    """The files actually chosen (browsers send an empty part when none is)."""
    return [f for f in (field.data or []) if getattr(f, "filename", None)]


class ProgressForm(OnceMixin, FlaskForm):
    """Date, what was done, quantity, place and evidence files."""

    reported_on = LocalDateField(_l("Tanggal kegiatan"), validators=[InputRequired(REQUIRED)],
                                 default=today)
    description = TextAreaField(_l("Apa yang dikerjakan"),
                                validators=[DataRequired(REQUIRED), most(5000)])
    quantity = QuantityField(_l("Jumlah yang ditambahkan"), validators=[InputRequired(REQUIRED)])
    # Shown only after the server said the entry goes past the target.
    confirm_over_target = BooleanField(_l("Ya, jumlah ini memang ditambahkan dan realisasi melebihi target"))
    location = StringField(_l("Tempat"), validators=[Optional(), most(300)])
    files = MultipleFileField(_l("Bukti (foto, PDF, dokumen)"))
    public_photo = BooleanField(_l("Foto laporan ini boleh tampil di halaman publik (tanpa data pribadi)"))
    version = HiddenField()
    # Filled by the phone's GPS only when the officer presses "Sertakan lokasi GPS".
    latitude = HiddenField()
    longitude = HiddenField()
    accuracy = HiddenField()
    submit = SubmitField(_l("Kirim laporan"))

    def validate_reported_on(self, field):
        if field.data and field.data > today():
            raise ValidationError(str(_l("Tanggal kegiatan tidak boleh di masa depan.")))

    def validate_files(self, field):
        files = chosen_files(field)
        if len(files) > MAX_FILES:
            raise ValidationError(str(_l("Paling banyak %(count)d berkas per laporan.", count=MAX_FILES)))
        problems = []
        for upload in files:
            try:
                check_upload(upload)
            except UploadError as error:
                problems.append(error.message)
        if problems:
            field.errors = [*field.errors, *problems[:-1]]
            raise ValidationError(problems[-1])
