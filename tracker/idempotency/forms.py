"""The hidden one-time key every creating form carries."""

from __future__ import annotations

from wtforms import HiddenField

from tracker.idempotency.services import new_key


class OnceMixin:
    """Mix into a FlaskForm that creates a record; ``form.hidden_tag()`` renders the key."""

    submission_key = HiddenField(default=new_key)
