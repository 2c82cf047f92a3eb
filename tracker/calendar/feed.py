"""What a user's calendar shows, built as an RFC 5545 document of all-day events (WIB dates)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from icalendar import Calendar, Event
from sqlalchemy import select

from tracker import permissions
from tracker.agreements.models import Agreement, Field, Responsibility
from tracker.core.clock import utcnow
from tracker.core.inputs import date_in_range
from tracker.extensions import db
from tracker.i18n import format_number
from tracker.i18n import gettext as _
from tracker.parties.models import Agency
from tracker.programs.models import Programme


def _programmes(user: Any) -> list[Programme]:
    """Programmes the user answers for: its agency's (officer) or its Pemda's (admin, leader)."""
    query = (
        select(Programme)
        .join(Field, Programme.field_id == Field.id)
        .join(Agreement, Field.agreement_id == Agreement.id)
        .where(Programme.archived_at.is_(None), Programme.due_on.is_not(None),
               Programme.status.in_(("planned", "running")), Agreement.archived_at.is_(None),
               permissions.agreement_scope(user))
    )
    if user.role == "officer":
        query = query.where(Programme.agency_id == user.agency_id)
    else:
        query = query.join(Agency, Programme.agency_id == Agency.id).where(Agency.party_id == user.party_id)
    return list(db.session.scalars(query.order_by(Programme.due_on, Programme.id)))


def _agreements(user: Any) -> list[Agreement]:
    """Agreements whose end of validity concerns the user."""
    query = select(Agreement).where(
        Agreement.archived_at.is_(None), Agreement.valid_until.is_not(None),
        Agreement.terminated_on.is_(None), permissions.agreement_scope(user))
    if user.role == "officer":
        responsible = (select(Field.agreement_id).join(Responsibility, Responsibility.field_id == Field.id)
                       .where(Responsibility.agency_id == user.agency_id, Responsibility.archived_at.is_(None)))
        query = query.where(Agreement.id.in_(responsible))
    return list(db.session.scalars(query.order_by(Agreement.valid_until, Agreement.id)))


def _monevs(user: Any) -> list:
    """Evaluation periods (monev) of the user's Pemda still to be reviewed; none for officers."""
    from tracker.monev.models import Monev

    if user.role == "officer":
        return []
    return list(db.session.scalars(
        select(Monev).join(Agreement, Monev.agreement_id == Agreement.id)
        .where(Monev.party_id == user.party_id, Monev.period_end.is_not(None),
               Monev.status != "reviewed", permissions.agreement_scope(user))
        .order_by(Monev.period_end)))


def _add(cal: Calendar, uid: str, day: date, summary: str, description: str, url: str) -> None:
    """Add one all-day event; a date outside 1900-2200 (stored before input was checked) is left out."""
    if date_in_range(day):
        cal.add_component(_event(uid, day, summary, description, url))


def _event(uid: str, day: date, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", utcnow())
    event.add("dtstart", day)  # a date, so an all-day event on the WIB day
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(user: Any) -> bytes:
    """The user's feed in the user's own language: calendar apps send no cookie to choose it by."""
    with force_locale(user.locale or "id"):
        return _build(user)


def _build(user: Any) -> bytes:
    """Programme due dates, agreement end dates, monev period ends."""
    base, host = current_app.config["BASE_URL"], current_app.config["BASE_URL"].split("://")[-1]
    cal = Calendar()
    cal.add("prodid", "-//Sinergi//Kerja sama daerah//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Sinergi: tenggat %(name)s", name=user.name))
    cal.add("x-wr-timezone", current_app.config.get("TRACKER_TIMEZONE", "Asia/Jakarta"))
    for p in _programmes(user):
        _add(
            cal, f"programme-{p.id}-due@{host}", p.due_on, _("Tenggat program: %(name)s", name=p.name),
            _("Target %(target)s %(unit)s · %(agency)s", target=format_number(p.target), unit=p.unit,
              agency=p.agency.name),
            f"{base}/programmes/{p.id}")
    for a in _agreements(user):
        _add(
            cal, f"agreement-{a.id}-expiry@{host}", a.valid_until, _("Naskah berakhir: %(title)s", title=a.title),
            _("Akhir jangka waktu %(kind)s.", kind=a.kind), f"{base}/agreements/{a.id}")
    for m in _monevs(user):
        _add(
            cal, f"monev-{m.id}-period-end@{host}", m.period_end,
            _("Monev %(period)s: %(title)s", period=m.period_label, title=m.agreement.title),
            _("Akhir periode monitoring dan evaluasi."), f"{base}/agreements/{m.agreement_id}")
    return cal.to_ical()
