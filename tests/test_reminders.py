"""Reminder rules: each fires once when its window is reached, repeats on its day, escalates on time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.reminders.models import ReminderLog, ReminderSettings
from tracker.reminders.services import run_reminders

D = date


@pytest.fixture
def world(make):
    """A Pemda with an admin, a leader and an agency with one officer, in an agreement signed 1 Jan 2026."""
    party, other = make.party(), make.party()
    agency = make.agency(party, name="Dinas Pendidikan")
    people = {
        "officer": make.user("officer", agency=agency, email="petugas@uji.example"),
        "admin": make.user("admin", party=party, email="admin@uji.example"),
        "leader": make.user("leader", party=party, email="pimpinan@uji.example"),
    }
    agreement = make.agreement([party, other], signed_on=D(2026, 1, 1), valid_until=D(2030, 12, 31))
    return {"party": party, "agency": agency, "agreement": agreement, **people}


def fire(db, day: date, rule: str) -> set[tuple[str, str]]:
    """Run one pass for ``rule`` on ``day``; the (recipient, occurrence) pairs it logged."""
    run_reminders(day, (rule,))
    rows = db.session.execute(
        select(ReminderLog.recipient, ReminderLog.occurrence).where(
            ReminderLog.fired_on == day, ReminderLog.rule == rule)
    )
    return set(rows)


def who(pairs) -> set[str]:
    return {email.split("@")[0] for email, _ in pairs}


def test_field_without_programme_fires_then_repeats_and_escalates(db, make, world):
    make.field(world["agreement"], title="Bidang ATS", lead=world["agency"])
    assert fire(db, D(2026, 1, 30), "field_no_programme") == set()
    assert who(fire(db, D(2026, 1, 31), "field_no_programme")) == {"admin", "petugas"}
    assert fire(db, D(2026, 2, 1), "field_no_programme") == set()
    assert fire(db, D(2026, 3, 1), "field_no_programme") == set()  # leaders not before 60 days
    repeat = fire(db, D(2026, 3, 2), "field_no_programme")
    assert who(repeat) == {"admin", "petugas", "pimpinan"}
    assert fire(db, D(2026, 3, 3), "field_no_programme") == set()


def test_field_with_a_programme_of_the_party_is_quiet(db, make, world):
    field = make.field(world["agreement"], lead=world["agency"])
    make.programme(field, world["agency"])
    assert fire(db, D(2026, 2, 15), "field_no_programme") == set()


def test_kb_without_pks_or_programme_fires_once_to_admin_and_leaders(db, world):
    assert fire(db, D(2026, 3, 31), "kb_no_followup") == set()
    assert who(fire(db, D(2026, 4, 1), "kb_no_followup")) == {"admin", "pimpinan"}
    assert fire(db, D(2026, 4, 2), "kb_no_followup") == set()
    assert fire(db, D(2026, 7, 1), "kb_no_followup") == set()


def _programme(make, world, **extra):
    field = make.field(world["agreement"], lead=world["agency"])
    return make.programme(field, world["agency"], start_on=D(2026, 1, 1), due_on=D(2026, 6, 30), **extra)


def test_due_soon_fires_at_14_7_and_1_days(db, make, world):
    _programme(make, world)
    assert fire(db, D(2026, 6, 15), "due_soon") == set()
    assert who(fire(db, D(2026, 6, 16), "due_soon")) == {"petugas"}
    assert fire(db, D(2026, 6, 17), "due_soon") == set()
    assert fire(db, D(2026, 6, 22), "due_soon") == set()
    assert {o.split("@")[1] for _, o in fire(db, D(2026, 6, 23), "due_soon")} == {"7"}
    assert {o.split("@")[1] for _, o in fire(db, D(2026, 6, 29), "due_soon")} == {"1"}
    assert fire(db, D(2026, 6, 30), "due_soon") == set()


def test_due_soon_after_downtime_sends_only_the_latest_threshold(db, make, world):
    _programme(make, world)
    pairs = fire(db, D(2026, 6, 25), "due_soon")  # 14 and 7 both reached while the server was down
    assert {o.split("@")[1] for _, o in pairs} == {"7"}


def test_overdue_repeats_weekly_and_reaches_leaders_from_14_days(db, make, world):
    _programme(make, world)
    assert fire(db, D(2026, 6, 30), "overdue") == set()
    assert who(fire(db, D(2026, 7, 1), "overdue")) == {"petugas"}
    assert fire(db, D(2026, 7, 2), "overdue") == set()
    assert fire(db, D(2026, 7, 7), "overdue") == set()
    assert who(fire(db, D(2026, 7, 8), "overdue")) == {"petugas"}
    assert fire(db, D(2026, 7, 13), "overdue") == set()
    assert who(fire(db, D(2026, 7, 14), "overdue")) == {"pimpinan"}
    assert who(fire(db, D(2026, 7, 15), "overdue")) == {"petugas"}
    assert who(fire(db, D(2026, 7, 21), "overdue")) == {"pimpinan"}


def test_overdue_repeat_counts_from_when_the_mail_actually_left(app, db, make, world):
    from datetime import datetime, time

    from tracker.core.clock import local_zone
    from tracker.reminders.outbox import deliver_outbox

    _programme(make, world)
    app.extensions["mailman"].port = 9  # SMTP away on the first day
    app.config["MAIL_BACKEND"] = "locmem"
    fire(db, D(2026, 7, 1), "overdue")
    deliver_outbox(datetime.combine(D(2026, 7, 3), time(7), local_zone()))  # sent two days late
    assert fire(db, D(2026, 7, 8), "overdue") == set()
    assert who(fire(db, D(2026, 7, 10), "overdue")) == {"petugas"}


def test_stalled_programme_reminds_officers_then_leaders(db, make, world):
    programme = _programme(make, world)
    make.progress(programme, reported_on=D(2026, 3, 1), quantity=1)
    assert fire(db, D(2026, 3, 30), "stalled") == set()
    assert who(fire(db, D(2026, 3, 31), "stalled")) == {"petugas"}
    assert fire(db, D(2026, 4, 1), "stalled") == set()
    assert fire(db, D(2026, 4, 29), "stalled") == set()
    assert who(fire(db, D(2026, 4, 30), "stalled")) == {"petugas", "pimpinan"}


def test_new_progress_ends_the_stall(db, make, world):
    programme = _programme(make, world)
    make.progress(programme, reported_on=D(2026, 3, 1), quantity=1)
    fire(db, D(2026, 3, 31), "stalled")
    make.progress(programme, reported_on=D(2026, 4, 2), quantity=1)
    assert fire(db, D(2026, 4, 30), "stalled") == set()


@pytest.mark.parametrize("before", [180, 90, 30, 7, 0])
def test_agreement_expiring_fires_on_each_threshold(db, make, world, before):
    make.field(world["agreement"], lead=world["agency"])
    end = D(2030, 12, 31)
    settings = ReminderSettings.defaults(world["party"].id)
    settings.expiring_days = str(before)
    db.session.add(settings)
    db.session.commit()
    day = end - timedelta(days=before)
    assert fire(db, day - timedelta(days=1), "expiring") == set()
    assert who(fire(db, day, "expiring")) == {"admin", "pimpinan", "petugas"}
    assert fire(db, day + timedelta(days=1), "expiring") == set()


def test_agreement_expiring_series_repeats_on_the_next_threshold(db, world):
    end = D(2030, 12, 31)
    assert len(fire(db, end - timedelta(days=180), "expiring")) == 2
    assert fire(db, end - timedelta(days=91), "expiring") == set()
    assert len(fire(db, end - timedelta(days=90), "expiring")) == 2


def test_weekly_digest_on_monday_once_a_week(db, make, world):
    _programme(make, world)
    assert who(fire(db, D(2026, 1, 5), "weekly_digest")) == {"petugas"}
    assert fire(db, D(2026, 1, 6), "weekly_digest") == set()
    assert fire(db, D(2026, 1, 11), "weekly_digest") == set()
    assert who(fire(db, D(2026, 1, 12), "weekly_digest")) == {"petugas"}


def test_monthly_summary_on_the_first(db, world):
    assert who(fire(db, D(2026, 2, 1), "monthly_summary")) == {"pimpinan"}
    assert fire(db, D(2026, 2, 2), "monthly_summary") == set()
    assert fire(db, D(2026, 2, 28), "monthly_summary") == set()
    assert who(fire(db, D(2026, 3, 1), "monthly_summary")) == {"pimpinan"}


def test_agency_without_officer_gets_its_office_email(db, make, world):
    lone = make.agency(world["party"], email="kantor@dinas.example")
    field = make.field(world["agreement"], lead=lone)
    make.programme(field, lone, start_on=D(2026, 1, 1), due_on=D(2026, 6, 30))
    assert {e for e, _ in fire(db, D(2026, 7, 1), "overdue")} == {"kantor@dinas.example"}


def test_admin_thresholds_change_the_window(db, make, world):
    _programme(make, world)
    settings = ReminderSettings.defaults(world["party"].id)
    settings.overdue_first_days = 3
    db.session.add(settings)
    db.session.commit()
    assert fire(db, D(2026, 7, 2), "overdue") == set()
    assert who(fire(db, D(2026, 7, 3), "overdue")) == {"petugas"}


def test_catch_up_after_five_days_down_sends_each_reminder_once(db, make, world):
    _programme(make, world)
    make.field(world["agreement"], lead=world["agency"])
    run_reminders(D(2026, 6, 12))
    before = db.session.scalar(select(ReminderLog.id).order_by(ReminderLog.id.desc()).limit(1)) or 0
    run_reminders(D(2026, 6, 18))  # 13 to 17 June missed
    logs = db.session.scalars(select(ReminderLog).where(ReminderLog.id > before)).all()
    keys = [(log.rule, log.record_id, log.recipient) for log in logs]
    assert ("due_soon", logs[0].record_id, "petugas@uji.example") in keys or any(k[0] == "due_soon" for k in keys)
    assert len(keys) == len(set(keys))
    run_reminders(D(2026, 6, 19))
    assert db.session.scalars(select(ReminderLog).where(ReminderLog.fired_on == D(2026, 6, 19))).all() == []
