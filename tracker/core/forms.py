"""The base of every form: Flask-WTF's, plus the input discipline of tracker.core.inputs."""

from __future__ import annotations

from flask_wtf import FlaskForm as _FlaskForm
from wtforms import Field, FieldList, FormField, PasswordField

from tracker.core.inputs import control_error


def _text_fields(fields) -> list[Field]:
    """Every field holding typed text, inside row lists and sub-forms too."""
    found = []
    for field in fields:
        if isinstance(field, FieldList):
            found += _text_fields(field.entries)
        elif isinstance(field, FormField):
            found += _text_fields(field.form)
        elif not isinstance(field, PasswordField) and field.name != "csrf_token":
            found.append(field)
    return found


class FlaskForm(_FlaskForm):
    """A form that refuses control characters (other than tab and newline) in what was typed."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in _text_fields(self):
            raw = getattr(field, "raw_data", None) or []
            message = next((control_error(v) for v in raw if control_error(v)), None)
            if message and message not in field.errors:
                field.errors = [*field.errors, message]  # what was typed stays in the field
                valid = False
        return valid
