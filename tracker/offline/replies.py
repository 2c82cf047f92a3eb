"""JSON answers for the offline sender: what the server refused, in the words the form would show."""

from __future__ import annotations

from flask import get_flashed_messages, jsonify

from tracker.i18n import gettext as _
from tracker.idempotency.web import wants_json


def refused(form):
    """A form that did not validate, as JSON for a script; None for a browser (render the page)."""
    if not wants_json() or not form.is_submitted():
        return None
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()
              if isinstance(messages, list)}
    first = next((f"{getattr(form, name).label.text}: {messages[0]}" for name, messages in errors.items()
                  if messages and hasattr(getattr(form, name, None), "label")), None)
    flashes = get_flashed_messages()
    message = first or (flashes[-1] if flashes else _("Laporan ditolak server."))
    return jsonify(ok=False, errors=errors, message=message), 422
