"""Outgoing mail: a text and an HTML part rendered from templates/mail/<name>.txt/.html."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, render_template, url_for
from flask_mailman import EmailMultiAlternatives


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, built on BASE_URL (mails leave the request behind)."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def send_mail(to: Iterable[str] | str, subject: str, template: str, **context) -> None:
    """Render ``mail/<template>.txt`` and ``.html`` and send both parts through Flask-Mailman."""
    recipients = [to] if isinstance(to, str) else list(to)
    context.setdefault("base_url", current_app.config["BASE_URL"])
    text = render_template(f"mail/{template}.txt", **context)
    html = render_template(f"mail/{template}.html", **context)
    message = EmailMultiAlternatives(subject=str(subject), body=text, to=recipients)
    message.attach_alternative(html, "text/html")
    message.send()
    current_app.logger.info("Mail %s sent to %s", template, ", ".join(recipients))
