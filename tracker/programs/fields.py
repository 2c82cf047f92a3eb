"""Form fields for Indonesian input: money as '1.250.000', quantities as '1,5'."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import DateField, StringField

from tracker.core.inputs import date_in_range
from tracker.i18n import format_rupiah
from tracker.i18n import lazy_gettext as _l

GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
MAX_MONEY = 10**15  # a thousand trillion rupiah; far above any regional budget line
MAX_QUANTITY = Decimal("99999999999999.99")  # Numeric(16, 2)


def parse_money(text: str) -> int | None:
    """'Rp 1.250.000', '1.250.000' or '1250000' -> 1250000; None when not a whole amount."""
    cleaned = re.sub(r"\s+", "", text or "")
    cleaned = re.sub(r"^(?i:rp)\.?", "", cleaned)
    cleaned = re.sub(r",(00?|-)$", "", cleaned)  # "1.250.000,00" and "1.250.000,-"
    if GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not cleaned.isascii() or not cleaned.isdigit():
        return None
    return int(cleaned)


def parse_quantity(text: str) -> Decimal | None:
    """'1,5' or '1.5' -> 1.5; '1.250' (grouped thousands) -> 1250."""
    cleaned = re.sub(r"\s+", "", text or "")
    if GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned) or not cleaned.isascii():
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


class _ParsedField(StringField):
    """Keeps what was typed when it cannot be read, with a message next to the field."""

    message = _l("Isian tidak dapat dibaca.")

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        if self.raw.strip():
            self.data = self.parse(self.raw)
            if self.data is None:
                raise ValueError(str(self.message))

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        return "" if self.data is None else self.show(self.data)


class MoneyField(_ParsedField):
    message = _l("Tulis jumlah rupiah tanpa desimal, misalnya 1.250.000.")

    @staticmethod
    def parse(text):
        value = parse_money(text)
        return value if value is not None and value <= MAX_MONEY else None

    @staticmethod
    def show(value):
        return f"{int(value):,}".replace(",", ".")

    @staticmethod
    def readable(value):
        """Rupiah as the conflict table shows them."""
        return format_rupiah(value)


class QuantityField(_ParsedField):
    message = _l("Tulis angka tidak negatif, misalnya 25 atau 2,5 (paling banyak dua angka di belakang koma).")

    @staticmethod
    def parse(text):
        value = parse_quantity(text)
        if value is None or value > MAX_QUANTITY or value.as_tuple().exponent < -2:
            return None
        return value

    @staticmethod
    def show(value):
        value = Decimal(value)
        text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        return text.replace(".", ",")


class LocalDateField(DateField):
    """A date input whose error is ours (in the user's language), not WTForms' English."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Tanggal tidak valid; pilih tanggal dari kalender."))) from error
        if not date_in_range(self.data):
            self.data = None
            raise ValueError(str(_l("Tanggal di luar rentang yang masuk akal.")))
