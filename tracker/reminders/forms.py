"""Reminder forms: thresholds per Pemda, and the answer to a reminder."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l

_DAYS = [InputRequired(_l("Isi jumlah hari.")), NumberRange(0, 3650, _l("Antara 0 dan 3650 hari."))]


def _series(form, field) -> None:
    parts = [p.strip() for p in (field.data or "").split(",") if p.strip()]
    if not parts or not all(p.isdigit() and int(p) <= 3650 for p in parts):
        raise ValidationError(_l("Tulis jumlah hari dipisah koma, misalnya 14, 7, 1."))
    field.data = ",".join(str(n) for n in sorted({int(p) for p in parts}, reverse=True))


class DaySeriesField(StringField):
    """Days such as "14, 7, 1": stored as "14,7,1", shown with spaces so no one reads 14,7 as a decimal."""

    def _value(self) -> str:
        return ", ".join(part.strip() for part in str(self.data or "").split(",") if part.strip())


class SettingsForm(FlaskForm):
    field_first_days = IntegerField(_l("Bidang tanpa program: pengingat pertama (hari setelah penandatanganan)"), _DAYS)
    field_repeat_days = IntegerField(_l("Bidang tanpa program: ulangi setiap (hari)"), _DAYS)
    field_leader_days = IntegerField(_l("Bidang tanpa program: ke pimpinan setelah (hari)"), _DAYS)
    kb_followup_days = IntegerField(_l("KB tanpa PKS atau program: setelah (hari)"), _DAYS)
    due_soon_days = DaySeriesField(_l("Program mendekati batas waktu: hari sebelum batas waktu"), [_series, Length(max=60)])
    overdue_first_days = IntegerField(_l("Program terlambat: pengingat pertama (hari setelah batas waktu)"), _DAYS)
    overdue_repeat_days = IntegerField(_l("Program terlambat: ulangi setiap (hari)"), _DAYS)
    overdue_leader_days = IntegerField(_l("Program terlambat: ke pimpinan mulai (hari)"), _DAYS)
    stalled_days = IntegerField(_l("Program tanpa laporan kemajuan selama (hari)"), _DAYS)
    stalled_leader_days = IntegerField(_l("Program tanpa laporan kemajuan: ke pimpinan setelah (hari)"), _DAYS)
    expiring_days = DaySeriesField(_l("Naskah segera berakhir: hari sebelum akhir masa berlaku"), [_series, Length(max=60)])
    monev_overdue_first_days = IntegerField(_l("Monev terlambat: pengingat pertama (hari setelah jatuh tempo)"), _DAYS)
    monev_overdue_repeat_days = IntegerField(_l("Monev terlambat: ulangi setiap (hari)"), _DAYS)
    monev_overdue_leader_days = IntegerField(_l("Monev terlambat: ke pimpinan mulai (hari)"), _DAYS)
    proposal_repeat_days = IntegerField(_l("Usulan melewati tenggat tahap: ulangi setiap (hari)"), _DAYS)
    proposal_leader_days = IntegerField(_l("Usulan melewati tenggat tahap: ke pimpinan setelah (hari)"), _DAYS)
    weekly_digest = BooleanField(_l("Kirim ringkasan mingguan ke petugas (Senin 07.00 WIB)"))
    monthly_summary = BooleanField(_l("Kirim ringkasan bulanan ke pimpinan (tanggal 1, 07.00 WIB)"))
    submit = SubmitField(_l("Simpan pengaturan"))


class AnswerForm(FlaskForm):
    kind = RadioField(
        _l("Tanggapan"),
        choices=[SelectChoice("ack", _l("Sudah saya ketahui; berikut alasan keterlambatannya")),
                 SelectChoice("snooze", _l("Tunda pengingat ini"))],
        default="ack",
        validators=[InputRequired(_l("Pilih salah satu."))],
    )
    reason = TextAreaField(_l("Alasan atau keterangan"), [Length(max=1000)])
    days = IntegerField(_l("Tunda selama (hari)"), [Optional(), NumberRange(1, 90, _l("Antara 1 dan 90 hari."))])
    submit = SubmitField(_l("Kirim tanggapan"))

    def validate(self, extra_validators=None) -> bool:
        # Which field is required depends on the choice, so check after the field validators.
        valid = super().validate(extra_validators)
        if self.kind.data == "ack" and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, _l("Tuliskan alasannya agar pimpinan dapat membacanya.")]
            valid = False
        if self.kind.data == "snooze" and not self.days.data and not self.days.errors:
            self.days.errors = [*self.days.errors, _l("Isi berapa hari pengingat ini ditunda.")]
            valid = False
        return valid


class UnsubscribeForm(FlaskForm):
    submit = SubmitField(_l("Berhenti menerima ringkasan"))
