"""Monev follow-up: agencies asked to fill their rows (work items, mail) and overdue monev."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import Select, select

from tracker.agreements.models import Agreement
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.monev.models import Monev, MonevFieldInput
from tracker.parties.models import Agency
from tracker.reminders.links import external_url
from tracker.reminders.models import OutboxMail
from tracker.users.models import User


def open_inputs(agency_id: int | None) -> Select:
    """The agency's unfilled rows of draft monevs ("Pekerjaan saya"), oldest monev first."""
    return (
        select(MonevFieldInput)
        .join(Monev, Monev.id == MonevFieldInput.monev_id)
        .join(Agreement, Agreement.id == Monev.agreement_id)
        .where(MonevFieldInput.agency_id == agency_id, Monev.status == "draft", Agreement.archived_at.is_(None),
               (MonevFieldInput.achievement.is_(None) | (MonevFieldInput.achievement == ""))
               & (MonevFieldInput.obstacles.is_(None) | (MonevFieldInput.obstacles == "")))
        .order_by(Monev.id, MonevFieldInput.id)
    )


def _recipients(agency: Agency) -> list[tuple[str, str]]:
    """(email, locale): the agency's office address and its active officers, once each."""
    people = {agency.email.lower(): (agency.email, "id")} if agency.email else {}
    for user in db.session.scalars(select(User).where(User.agency_id == agency.id, User.active.is_(True))):
        people.setdefault(user.email.lower(), (user.email, user.locale or "id"))
    return list(people.values())


def notify_agencies(monev: Monev, returned: bool = False) -> int:
    """Mail each responsible agency of a drafted or returned monev: its rows wait for it."""
    agencies = {item.agency_id: item.agency for item in monev.inputs}
    sent = 0
    for agency in agencies.values():
        fields = [i.field.title for i in monev.inputs if i.agency_id == agency.id]
        for email, locale in _recipients(agency):
            with force_locale(locale):
                subject = (_("Monev %(label)s dikembalikan: lengkapi isian %(agency)s", label=monev.period_label,
                             agency=agency.name) if returned else
                           _("Monev %(label)s: isian %(agency)s ditunggu", label=monev.period_label,
                             agency=agency.name))
                text = "\n".join([
                    _("Monev %(label)s untuk %(agreement)s menunggu isian perangkat daerah Anda untuk bidang:",
                      label=monev.period_label, agreement=monev.agreement.title),
                    *[f"- {title}" for title in fields],
                    *([_("Catatan pimpinan: %(note)s", note=monev.return_note)] if returned and monev.return_note
                      else []),
                    "", external_url("monev.detail", monev_id=monev.id),
                ])
            db.session.add(OutboxMail(recipient=email, subject=str(subject)[:300], text=text,
                                      html=_html(text, locale)))
            sent += 1
    db.session.flush()
    return sent


def _html(text: str, locale: str) -> str:
    """The plain mail as a small HTML page: lines as paragraphs, the last one a link."""
    lines = [line for line in text.split("\n") if line.strip()]
    *body, link = lines
    items = "".join(f"<p>{escape(line)}</p>" for line in body)
    return (f'<!doctype html><html lang="{escape(locale)}"><body>{items}'
            f'<p><a href="{escape(link)}">{escape(link)}</a></p></body></html>')


def overdue_for(user, clauses: list, today: date) -> list[tuple[Agreement, date]]:
    """(agreement, due date) where the user's own party owes a monev, longest overdue first.

    ``clauses`` narrow the agreements (the dashboard's scope and filters); two queries in all."""
    from tracker.agreements.models import AgreementParty
    from tracker.monev.services import due_after, last_evaluated_ends

    agreements = list(db.session.scalars(
        select(Agreement).where(
            *clauses, Agreement.signed_on.is_not(None),
            Agreement.id.in_(select(AgreementParty.agreement_id).where(AgreementParty.party_id == user.party_id)),
            (Agreement.terminated_on.is_(None)) | (Agreement.terminated_on > today))
    ))
    lasts = last_evaluated_ends([a.id for a in agreements])
    result = []
    for agreement in agreements:
        due = due_after(agreement, lasts.get((agreement.id, user.party_id)), today)
        if due is not None and due < today:
            result.append((agreement, due))
    return sorted(result, key=lambda pair: (pair[1], pair[0].id))

