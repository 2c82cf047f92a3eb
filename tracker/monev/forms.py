"""Monev and renewal forms."""

from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker import labels
from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency.forms import OnceMixin
from tracker.monev.models import RECOMMENDATIONS, RENEWAL_DECISIONS
from tracker.programs.fields import LocalDateField

TEXT = [Optional(), Length(max=10000)]


class MonevForm(OnceMixin, FlaskForm):
    version = HiddenField()
    period_label = StringField(
        _l("Periode"), validators=[DataRequired(), Length(max=100)],
        description=_l("Contoh: Semester I 2026"),
    )
    period_start = LocalDateField(_l("Awal periode"), validators=[Optional()])
    period_end = LocalDateField(_l("Akhir periode"), validators=[Optional()])
    purpose_fit = TextAreaField(_l("Kesesuaian dengan maksud dan tujuan kerja sama"), validators=TEXT)
    timeliness = TextAreaField(_l("Ketepatan waktu pelaksanaan"), validators=TEXT)
    partner_contribution = TextAreaField(_l("Kontribusi mitra"), validators=TEXT)
    coordination = TextAreaField(_l("Koordinasi"), validators=TEXT)
    indicator_achievement = TextAreaField(
        _l("Capaian indikator"), validators=TEXT,
        description=_l("Diisi otomatis dari realisasi program; boleh dilengkapi."),
    )
    impact = TextAreaField(_l("Dampak / manfaat"), validators=TEXT)
    obstacles = TextAreaField(_l("Kendala"), validators=TEXT)
    recommendation = SelectField(
        _l("Rekomendasi"),
        choices=[SelectChoice("", _l("– belum dipilih –")), *labels.choices(labels.RECOMMENDATION, RECOMMENDATIONS)],
        validators=[Optional()],
    )
    submit = SubmitField(_l("Simpan draf"))

    def validate_period_end(self, field):
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_l("Akhir periode tidak boleh sebelum awal periode."))


class FieldInputForm(FlaskForm):
    version = HiddenField()
    achievement = TextAreaField(_l("Capaian"), validators=TEXT)
    obstacles = TextAreaField(_l("Kendala"), validators=TEXT)
    submit = SubmitField(_l("Simpan isian"))


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Catatan telaah"), validators=TEXT)
    submit = SubmitField(_l("Tandai sudah ditelaah"))


class ReturnForm(FlaskForm):
    note = TextAreaField(
        _l("Catatan perbaikan"),
        validators=[DataRequired(_l("Tuliskan catatan apa yang perlu diperbaiki.")), Length(max=10000)],
    )
    submit = SubmitField(_l("Kembalikan ke draf"))


class RenewalForm(FlaskForm):
    decision = RadioField(
        _l("Keputusan"),
        choices=labels.choices(labels.RENEWAL_DECISION, RENEWAL_DECISIONS),
        validators=[DataRequired(_l("Pilih salah satu keputusan."))],
    )
    reason = TextAreaField(
        _l("Alasan"),
        validators=[DataRequired(_l("Tuliskan alasan keputusan.")), Length(max=10000)],
        description=_l("Dasarkan pada riwayat monev dan hasil program."),
    )
    submit = SubmitField(_l("Catat keputusan"))
