"""Monev workflow (draft → submitted → reviewed, or returned) and renewal decisions."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from flask import current_app, has_app_context
from sqlalchemy import select

from tracker.agreements.models import Agreement
from tracker.audit.services import apply_changes, record, snapshot
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import format_number, format_percent
from tracker.i18n import lazy_gettext as _l
from tracker.monev.models import ASPECTS, RENEWAL_DECISIONS, Monev, MonevFieldInput, RenewalDecision
from tracker.parties.models import Party

MONEV_FIELDS = ("period_label", "period_start", "period_end", *ASPECTS, "recommendation")


class MonevError(Exception):
    """A workflow step that is not allowed in the record's state (message in Indonesian)."""


class EmptyInputsError(MonevError):
    """Submitting while responsible agencies have not filled their rows: asks for a confirmation."""

    def __init__(self, names: list[str]):
        super().__init__(str(_l("Isian perangkat daerah berikut masih kosong: %(names)s. Ajukan juga tanpa isian "
                                "mereka?", names="; ".join(names))))
        self.names = names


def _setting(name: str, default: int) -> int:
    if has_app_context():
        return int(current_app.config.get(name, default))
    return default


def interval_months() -> int:
    """The monev rhythm in months (setting MONEV_INTERVAL_MONTHS, default six)."""
    return max(1, _setting("MONEV_INTERVAL_MONTHS", 6))


def renewal_notice_days() -> int:
    """How long before the end of validity a renewal decision is asked for (default 180)."""
    return _setting("RENEWAL_NOTICE_DAYS", 180)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def semester_of(day: date) -> tuple[str, date, date]:
    """The half-year containing ``day``: ('Semester I 2026', 1 January, 30 June)."""
    if day.month <= 6:
        return str(_l("Semester I %(year)s", year=day.year)), date(day.year, 1, 1), date(day.year, 6, 30)
    return str(_l("Semester II %(year)s", year=day.year)), date(day.year, 7, 1), date(day.year, 12, 31)


def _last_evaluated_end(agreement: Agreement, party: Party | None) -> date | None:
    query = select(Monev.period_end).where(
        Monev.agreement_id == agreement.id,
        Monev.status.in_(("submitted", "reviewed")),
        Monev.period_end.is_not(None),
    )
    if party is not None:
        query = query.where(Monev.party_id == party.id)
    return db.session.scalar(query.order_by(Monev.period_end.desc()).limit(1))


def next_monev_due(agreement: Agreement, today: date, party: Party | None = None) -> date | None:
    """When the next monev of ``agreement`` is due (may be past: overdue); None when none is needed.

    The rhythm (MONEV_INTERVAL_MONTHS, default 6) runs from the end of the last submitted or
    reviewed period, or from the start of validity; the last one falls due at the end of validity.
    """
    if agreement.signed_on is None or agreement.archived_at is not None:
        return None
    return due_after(agreement, _last_evaluated_end(agreement, party), today)


def due_after(agreement, last: date | None, today: date) -> date | None:
    """The next monev due date given the end of the last evaluated period (no query)."""
    if agreement.signed_on is None:
        return None
    if agreement.terminated_on is not None and agreement.terminated_on <= today:
        return None
    end = agreement.valid_until
    if last is not None and end is not None and last >= end:
        return None
    due = add_months(last or agreement.valid_from or agreement.signed_on, interval_months())
    return min(due, end) if end is not None else due


def last_evaluated_ends(agreement_ids: list[int]) -> dict[tuple[int, int], date]:
    """``{(agreement_id, party_id): end of the last submitted or reviewed period}`` in one query."""
    from sqlalchemy import func

    if not agreement_ids:
        return {}
    rows = db.session.execute(
        select(Monev.agreement_id, Monev.party_id, func.max(Monev.period_end))
        .where(Monev.agreement_id.in_(agreement_ids), Monev.status.in_(("submitted", "reviewed")),
               Monev.period_end.is_not(None))
        .group_by(Monev.agreement_id, Monev.party_id)
    )
    return {(aid, pid): last for aid, pid, last in rows}


def achievement_summary(agreement: Agreement, today: date) -> str:
    """Plain-text indicator achievement per field, pre-filled from programme realisation."""
    from tracker.monev.queries import implementation_by_field

    lines = []
    for block in implementation_by_field(agreement, today):
        lines.append(f"{block.field.position}. {block.field.title}")
        if not block.rows:
            lines.append("   - " + str(_l("Belum ada tindak lanjut")))
        for row in block.rows:
            p = row.programme
            share = f" ({format_percent(row.percent)})" if row.percent is not None else ""
            lines.append(
                "   - "
                + str(_l("%(name)s: %(done)s dari %(target)s %(unit)s", name=p.name,
                         done=format_number(row.realised), target=format_number(p.target), unit=p.unit))
                + share
            )
    return "\n".join(lines)


def create_monev(agreement: Agreement, party: Party, data: dict, user, today: date, notify: bool = True) -> Monev:
    """Start a draft monev with one input row per field and responsible agency of ``party``.

    ``notify``: mail each responsible agency that its rows wait (the demo loader does not)."""
    monev = Monev(agreement=agreement, party=party, status="draft", created_by_id=getattr(user, "id", None))
    for name in MONEV_FIELDS:
        if name in data:
            setattr(monev, name, data[name])
    if not (monev.indicator_achievement or "").strip():
        monev.indicator_achievement = achievement_summary(agreement, today)
    for field in agreement.active_fields:
        for resp in field.responsibilities:
            if resp.archived_at is None and resp.agency.party_id == party.id:
                monev.inputs.append(MonevFieldInput(field=field, agency=resp.agency))
    db.session.add(monev)
    record("create", monev, snapshot(monev, ("period_label", "period_start", "period_end", "status")),
           summary=f"Monev {monev.period_label}", user=user)  # the action reads in the reader's language
    db.session.flush()
    if notify:
        from tracker.monev.followup import notify_agencies

        notify_agencies(monev)
    return monev


def _require(monev: Monev, status: str) -> None:
    if monev.status != status:
        messages = {
            "draft": _l("Monev ini sudah diajukan; hanya draf yang dapat diubah."),
            "submitted": _l("Monev ini belum diajukan atau sudah ditelaah."),
        }
        raise MonevError(str(messages[status]))


def update_monev(monev: Monev, data: dict, user) -> dict:
    """Change a draft's period, aspects or recommendation; returns what changed."""
    _require(monev, "draft")
    changes = apply_changes(monev, {k: data[k] for k in MONEV_FIELDS if k in data})
    if changes:
        record("update", monev, changes, user=user)
    db.session.flush()
    return changes


def _transition(monev: Monev, action: str, new_status: str, user, note: str | None = None) -> None:
    old = monev.status
    monev.status = new_status
    record(action, monev, {"status": (old, new_status)}, summary=note, user=user)
    db.session.flush()


def empty_inputs(monev: Monev) -> list[str]:
    """'Bidang · Perangkat daerah' of the agency rows nobody filled in yet."""
    return [f"{i.field.title} · {i.agency.name}" for i in monev.inputs if not i.is_filled]


def submit_monev(monev: Monev, user, confirm_empty: bool = False) -> None:
    """Draft → submitted, for a leader to review, keeping a snapshot of the figures it reports."""
    from tracker.core.clock import today
    from tracker.monev import snapshot

    _require(monev, "draft")
    if not monev.recommendation:
        raise MonevError(str(_l("Pilih rekomendasi sebelum mengajukan monev.")))
    empty = empty_inputs(monev)
    if empty and not confirm_empty:
        raise EmptyInputsError(empty)
    monev.submitted_at, monev.submitted_by_id, monev.return_note = utcnow(), user.id, None
    monev.snapshot = snapshot.take(monev, today())
    _transition(monev, "submit", "submitted", user, "; ".join(empty) if empty else None)


def return_monev(monev: Monev, note: str, user) -> None:
    """Submitted → draft with the leader's note on what to fix."""
    _require(monev, "submitted")
    note = (note or "").strip()
    if not note:
        raise MonevError(str(_l("Tuliskan catatan apa yang perlu diperbaiki.")))
    monev.return_note = note
    _transition(monev, "return", "draft", user, note)
    from tracker.monev.followup import notify_agencies

    notify_agencies(monev, returned=True)


def review_monev(monev: Monev, user, note: str | None = None) -> None:
    """Submitted → reviewed by a leader."""
    _require(monev, "submitted")
    monev.reviewed_at, monev.reviewed_by_id = utcnow(), user.id
    monev.review_note = (note or "").strip() or None
    _transition(monev, "review", "reviewed", user, monev.review_note)


def update_field_input(item: MonevFieldInput, data: dict, user) -> dict:
    """An agency's achievement and obstacles for one field of a draft monev."""
    _require(item.monev, "draft")
    changes = apply_changes(item, {k: data.get(k) for k in ("achievement", "obstacles")})
    if changes:
        item.updated_by_id = user.id
        record("update", item, changes, user=user,
               summary=f"{item.field.title} · {item.agency.name}")
    db.session.flush()
    return changes


def renewal_window_open(agreement: Agreement, today: date) -> bool:
    """True from RENEWAL_NOTICE_DAYS before the end of validity until it ends."""
    if agreement.valid_until is None or agreement.signed_on is None:
        return False
    if agreement.terminated_on is not None and agreement.terminated_on <= today:
        return False
    return 0 <= (agreement.valid_until - today).days <= renewal_notice_days()


def renewal_decision_for(agreement: Agreement, party_id: int) -> RenewalDecision | None:
    """The party's decision about the agreement's current end of validity, if any."""
    return db.session.scalar(
        select(RenewalDecision)
        .where(
            RenewalDecision.agreement_id == agreement.id,
            RenewalDecision.party_id == party_id,
            RenewalDecision.valid_until == agreement.valid_until,
        )
        .order_by(RenewalDecision.id.desc())
        .limit(1)
    )


def renewal_due(agreement: Agreement, today: date, party_id: int) -> bool:
    """Should the agreement's page ask this party for a renewal decision now?"""
    return renewal_window_open(agreement, today) and renewal_decision_for(agreement, party_id) is None


def record_renewal_decision(
    agreement: Agreement, party: Party, decision: str, reason: str, user, today: date
) -> RenewalDecision:
    """Record extend / amend / let expire / terminate, with who decided and when."""
    reason = (reason or "").strip()
    if decision not in RENEWAL_DECISIONS:
        raise MonevError(str(_l("Pilih salah satu keputusan.")))
    if not reason:
        raise MonevError(str(_l("Tuliskan alasan keputusan.")))
    item = RenewalDecision(
        agreement=agreement, party=party, decision=decision, reason=reason,
        decided_on=today, decided_by_id=user.id, valid_until=agreement.valid_until,
    )
    db.session.add(item)
    db.session.flush()
    record("decide", agreement, {"renewal_decision": (None, decision)}, summary=reason, user=user)
    db.session.flush()
    return item


def as_percent(value: Decimal | None) -> float | None:
    """A percentage (40.5) as the fraction spreadsheets format (0.405)."""
    return None if value is None else float(value) / 100


def agreement_panel(agreement: Agreement, today: date, user) -> dict:
    """What the monev panel of an agreement's page shows to ``user``, gathered by the view."""
    return {"next_due": next_monev_due(agreement, today, user.party),
            "renewal_due": renewal_due(agreement, today, user.party_id)}
