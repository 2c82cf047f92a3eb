"""Answering and withdrawing a proposed change."""

from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l


class RespondForm(FlaskForm):
    decision = RadioField(
        _l("Keputusan pihak Anda"),
        choices=[SelectChoice("accept", _l("Setuju")), SelectChoice("reject", _l("Tolak"))],
        validators=[DataRequired(message=_l("Pilih setuju atau tolak."))],
    )
    reason = TextAreaField(_l("Alasan"), validators=[Length(max=2000)],
                           description=_l("Wajib bila menolak; dibaca pihak pengusul."))
    submit = SubmitField(_l("Kirim keputusan"))

    def validate_reason(self, field):
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError(_l("Tuliskan alasan penolakan."))


class CancelForm(FlaskForm):
    submit = SubmitField(_l("Tarik usulan"))
