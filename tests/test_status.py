"""Derived statuses on the day before, on and after each boundary."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tracker.agreements.models import Agreement, AgreementExtension
from tracker.agreements.status import agreement_status, days_remaining, validity_warnings
from tracker.core.clock import today
from tracker.programs.models import Programme
from tracker.programs.status import field_has_follow_up, percent, programme_health

SIGNED = date(2025, 11, 3)
END = date(2030, 11, 2)
D = timedelta(days=1)


def kb(**kw) -> Agreement:
    values = dict(kind="KB", title="KB", signed_on=SIGNED, valid_from=SIGNED, valid_until=END)
    values.update(kw)
    return Agreement(**values)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (SIGNED - D, "signed"),
        (SIGNED, "active"),
        (END - timedelta(days=181), "active"),
        (END - timedelta(days=180), "expiring"),
        (END, "expiring"),
        (END + D, "expired"),
    ],
)
def test_agreement_status_boundaries(app, day, expected):
    assert agreement_status(kb(), day) == expected


def test_unsigned_agreement_is_draft(app):
    assert agreement_status(kb(signed_on=None, valid_from=None), SIGNED) == "draft"


def test_signed_before_validity_starts(app):
    agreement = kb(valid_from=date(2026, 1, 1))
    assert agreement_status(agreement, date(2025, 12, 31)) == "signed"
    assert agreement_status(agreement, date(2026, 1, 1)) == "active"


def test_terminated_from_its_date(app):
    agreement = kb(terminated_on=date(2026, 6, 1), termination_reason="Tidak efektif")
    assert agreement_status(agreement, date(2026, 5, 31)) == "active"
    assert agreement_status(agreement, date(2026, 6, 1)) == "terminated"
    assert agreement_status(agreement, date(2026, 6, 2)) == "terminated"


def test_extended_while_inside_the_new_term(app):
    agreement = kb(valid_until=date(2035, 11, 2))
    agreement.extensions = [
        AgreementExtension(decided_on=date(2030, 6, 1), previous_valid_until=END, new_valid_until=date(2035, 11, 2), reason="Lanjut")
    ]
    assert agreement_status(agreement, date(2031, 1, 1)) == "extended"
    assert agreement_status(agreement, date(2035, 11, 3)) == "expired"


def test_days_remaining(app):
    assert days_remaining(kb(), END) == 0
    assert days_remaining(kb(), END + D) == -1
    assert days_remaining(kb(valid_until=None), END) is None


def test_pks_over_five_years_is_a_warning(app):
    pks = kb(kind="PKS", valid_from=date(2025, 1, 1), valid_until=date(2031, 1, 1))
    assert any("5" in w for w in validity_warnings(pks))
    assert validity_warnings(kb(kind="PKS", valid_from=date(2025, 1, 1), valid_until=date(2029, 12, 31))) == []


def programme(**kw) -> Programme:
    values = dict(status="running", target=Decimal(100), start_on=date(2026, 1, 1), due_on=date(2026, 12, 31))
    values.update(kw)
    return Programme(**values)


@pytest.mark.parametrize(
    ("day", "realised", "expected"),
    [
        (date(2026, 12, 31), 100, "on_track"),
        (date(2026, 12, 31), 99, "at_risk"),  # due today, target not reached: not yet overdue
        (date(2027, 1, 1), 99, "overdue"),
        (date(2027, 1, 1), 100, "on_track"),  # reached: never overdue
    ],
)
def test_programme_due_date_boundary(app, day, realised, expected):
    assert programme_health(programme(), day, realised, last_progress_on=day) == expected


@pytest.mark.parametrize(("days_since", "expected"), [(29, "on_track"), (30, "stalled"), (31, "stalled")])
def test_programme_stalled_after_thirty_days_without_progress(app, days_since, expected):
    last = date(2026, 3, 1)
    health = programme_health(programme(), last + timedelta(days=days_since), 50, last_progress_on=last)
    assert health == expected


def test_planned_programme_is_not_stalled(app):
    assert programme_health(programme(status="planned"), date(2026, 6, 1), 50, None) == "on_track"


def test_trailing_realisation_is_at_risk(app):
    # Half the year gone, 20% done: more than 25 points behind.
    assert programme_health(programme(), date(2026, 7, 2), 20, date(2026, 7, 1)) == "at_risk"
    assert programme_health(programme(), date(2026, 7, 2), 30, date(2026, 7, 1)) == "on_track"


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_closed_programmes_have_no_health(app, status):
    assert programme_health(programme(status=status), date(2027, 6, 1), 0, None) is None


def test_field_without_live_programme_has_no_follow_up(app):
    assert not field_has_follow_up([])
    assert not field_has_follow_up([programme(status="cancelled")])
    from tracker.core.clock import utcnow

    assert not field_has_follow_up([programme(archived_at=utcnow())])
    assert field_has_follow_up([programme(status="planned")])


def test_percent(app):
    assert percent(80, 150) == Decimal("53.3")
    assert percent(5, 0) is None


def test_today_is_the_jakarta_date_not_utc(app):
    # 18:30 UTC on 2 Nov is already 3 Nov, 01:30 WIB.
    assert today(datetime(2025, 11, 2, 18, 30, tzinfo=UTC)) == date(2025, 11, 3)
    app.config["TRACKER_TIMEZONE"] = "UTC"
    assert today(datetime(2025, 11, 2, 18, 30, tzinfo=UTC)) == date(2025, 11, 2)
