"""Mails of a proposal's exchange, queued in the reminders outbox (delivered with retries)."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.reminders.links import external_url
from tracker.reminders.models import OutboxMail
from tracker.users.models import User


def _admins(party_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.party_id == party_id, User.role == "admin", User.active.is_(True))
        .order_by(User.id)))


def _queue(people: list[User], subject, body) -> int:
    """One mail per person in its own language; ``subject``/``body`` are called under that locale."""
    for person in people:
        with force_locale(person.locale or "id"):
            db.session.add(OutboxMail(recipient=person.email, subject=subject(), text=body(),
                                      headers={"Auto-Submitted": "auto-generated"}))
    db.session.flush()
    return len(people)


def offered(proposal) -> int:
    """The counterpart's coordinators hear of the offer and where to answer it."""
    link = external_url("proposals.detail", proposal_id=proposal.id)
    return _queue(
        _admins(proposal.counterpart_party_id),
        lambda: _("[Sinergi] Penawaran kerja sama dari %(party)s", party=proposal.proposer.name),
        lambda: _("%(party)s menawarkan kerja sama \u201c%(title)s\u201d kepada %(counterpart)s.\n\n"
                  "Alasan: %(reason)s\nManfaat yang diharapkan: %(benefit)s\n\n"
                  "Jawab (lanjut atau tolak dengan alasan): %(link)s\n\n"
                  "Pesan otomatis dari Sinergi, tidak perlu dibalas.",
                  party=proposal.proposer.name, title=proposal.title, counterpart=proposal.counterpart.name,
                  reason=proposal.reason, benefit=proposal.expected_benefit, link=link),
    )


def answered(proposal) -> int:
    """The proposing side's coordinators hear the counterpart's answer."""
    link = external_url("proposals.detail", proposal_id=proposal.id)

    def body() -> str:
        if proposal.answer == "proceed":
            return _("%(party)s bersedia melanjutkan usulan \u201c%(title)s\u201d. Tahap berikutnya: "
                     "penyusunan KB.\n\n%(link)s", party=proposal.counterpart.name, title=proposal.title, link=link)
        return _("%(party)s menolak usulan \u201c%(title)s\u201d.\nAlasan: %(reason)s\n\n%(link)s",
                 party=proposal.counterpart.name, title=proposal.title, reason=proposal.answer_reason, link=link)

    return _queue(_admins(proposal.proposer_party_id),
                  lambda: _("[Sinergi] Jawaban atas usulan kerja sama: %(title)s", title=proposal.title), body)
