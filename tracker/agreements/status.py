"""Derived agreement status: a function of the record and today, never a stale column."""

from __future__ import annotations

from datetime import date

from flask import current_app, has_app_context

from tracker.agreements.models import Agreement

STATUSES = ("draft", "signed", "active", "expiring", "expired", "terminated", "extended")


def expiring_days() -> int:
    if has_app_context():
        return int(current_app.config.get("AGREEMENT_EXPIRING_DAYS", 180))
    return 180


def agreement_status(agreement: Agreement, today: date, notice_days: int | None = None) -> str:
    """draft / signed / active / expiring / expired / terminated / extended."""
    notice = expiring_days() if notice_days is None else notice_days
    if agreement.terminated_on is not None and agreement.terminated_on <= today:
        return "terminated"
    if agreement.signed_on is None:
        return "draft"
    start = agreement.valid_from or agreement.signed_on
    if today < start:
        return "signed"
    end = agreement.valid_until
    if end is not None:
        if today > end:
            return "expired"
        if (end - today).days <= notice:
            return "expiring"
    if agreement.extensions:
        return "extended"
    return "active"


def days_remaining(agreement: Agreement, today: date) -> int | None:
    """Days until the end of validity (negative once expired), None when open-ended."""
    if agreement.valid_until is None:
        return None
    return (agreement.valid_until - today).days


def validity_warnings(agreement: Agreement, max_pks_years: int = 5) -> list[str]:
    """Rules the data may break that the user should see, not be refused for."""
    from tracker.i18n import lazy_gettext as _l

    warnings = []
    if (
        agreement.kind == "PKS"
        and agreement.valid_from
        and agreement.valid_until
        and (agreement.valid_until - agreement.valid_from).days > 366 * max_pks_years
    ):
        warnings.append(str(_l("Jangka waktu PKS lebih dari %(years)s tahun.", years=max_pks_years)))
    if agreement.dprd_approval_required and agreement.dprd_approved_on is None:
        warnings.append(str(_l("Persetujuan DPRD diperlukan tetapi belum tercatat.")))
    from tracker.agreements.chain import chain_warnings

    return warnings + chain_warnings(agreement)
