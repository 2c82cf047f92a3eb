"""What one party may not change alone in a shared agreement: the consent kinds of agreements.

Each kind is proposed through :mod:`tracker.consent` and applied here once every other party's
coordinator accepted (or at once while no other party has a coordinator on this deployment).
"""

from __future__ import annotations

from datetime import date

from tracker.agreements import services
from tracker.agreements.models import Agreement, AgreementParty
from tracker.consent import services as consent
from tracker.consent.models import ChangeRequest
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import format_day
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.parties.models import Party
from tracker.users.models import User


def _agreement(request: ChangeRequest) -> Agreement:
    return db.session.get(Agreement, request.agreement_id)


def _day(iso: str | None) -> str:
    return format_day(date.fromisoformat(iso)) if iso else _("tanpa batas")


def _actor(request: ChangeRequest) -> User | None:
    return request.proposed_by


def _apply_add_party(request: ChangeRequest) -> None:
    agreement = _agreement(request)
    party_id = request.payload["party_id"]
    if any(link.party_id == party_id for link in agreement.parties):
        return
    before = services.party_label(agreement.parties)
    position = max((link.position for link in agreement.parties), default=0) + 1
    agreement.parties.append(AgreementParty(party_id=party_id, position=position, joined_at=utcnow()))
    db.session.flush()
    db.session.refresh(agreement, ["parties"])
    services.record_update(agreement, {"parties": (before, services.party_label(agreement.parties))},
                           _actor(request))


def _apply_validity(request: ChangeRequest) -> None:
    agreement = _agreement(request)
    values = {name: date.fromisoformat(v) if v else None
              for name, v in request.payload.items() if name in ("valid_from", "valid_until")}
    services.set_validity(agreement, values, _actor(request))


def _apply_extend(request: ChangeRequest) -> None:
    p = request.payload
    services.extend(_agreement(request), date.fromisoformat(p["valid_until"]), p["reason"], _actor(request),
                    decided_on=date.fromisoformat(p["decided_on"]))


def _apply_terminate(request: ChangeRequest) -> None:
    p = request.payload
    services.terminate(_agreement(request), date.fromisoformat(p["terminated_on"]), p["reason"], _actor(request))


def _apply_archive(request: ChangeRequest) -> None:
    services.archive(_agreement(request), _actor(request))


def _apply_withdraw(request: ChangeRequest) -> None:
    services.withdraw_party(_agreement(request), request.payload["party_id"], _actor(request))


def _party_name(party_id: int) -> str:
    party = db.session.get(Party, party_id)
    return party.name if party else str(party_id)


def _describe_add_party(r: ChangeRequest) -> str:
    return _("Menambah %(party)s sebagai pihak", party=_party_name(r.payload["party_id"]))


def _describe_validity(r: ChangeRequest) -> str:
    return _("Mengubah masa berlaku menjadi %(start)s – %(end)s",
             start=_day(r.payload.get("valid_from")), end=_day(r.payload.get("valid_until")))


def _describe_extend(r: ChangeRequest) -> str:
    return _("Memperpanjang sampai %(date)s", date=_day(r.payload["valid_until"]))


def _describe_terminate(r: ChangeRequest) -> str:
    return _("Mengakhiri kerja sama per %(date)s", date=_day(r.payload["terminated_on"]))


def _describe_withdraw(r: ChangeRequest) -> str:
    return _("%(party)s mengundurkan diri dari kerja sama", party=_party_name(r.payload["party_id"]))


consent.register("agreement_add_party", label=_l("Penambahan pihak"), apply=_apply_add_party,
                 describe=_describe_add_party)
consent.register("agreement_validity", label=_l("Perubahan masa berlaku"), apply=_apply_validity,
                 describe=_describe_validity)
consent.register("agreement_extend", label=_l("Perpanjangan"), apply=_apply_extend, describe=_describe_extend)
consent.register("agreement_terminate", label=_l("Pengakhiran"), apply=_apply_terminate,
                 describe=_describe_terminate)
consent.register("agreement_archive", label=_l("Pengarsipan naskah"), apply=_apply_archive,
                 describe=lambda r: _("Mengarsipkan naskah kerja sama"))
consent.register("agreement_withdraw", label=_l("Pengunduran diri pihak"), apply=_apply_withdraw,
                 describe=_describe_withdraw)


def partners_without_coordinator(agreement: Agreement, party_id: int) -> bool:
    """True while no other party of the agreement has an active coordinator: changes apply directly."""
    return not consent.coordinators_among([link.party_id for link in agreement.parties if link.party_id != party_id])


def propose(kind: str, agreement: Agreement, user: User, payload: dict, reason: str | None = None) -> ChangeRequest:
    """Propose ``kind`` on ``agreement``; applied at once when nobody else has to agree."""
    return consent.propose(f"agreement_{kind}", subject=agreement, agreement=agreement, by=user,
                           payload=payload, reason=reason)
