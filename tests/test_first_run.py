"""A fresh `make run`: the demo has a sent reminder history, mails are .eml files, the heartbeat beats."""

from __future__ import annotations

import email
import time
from datetime import timedelta
from email import policy

import pytest
from sqlalchemy import func, select

from tracker.core.clock import today, utcnow
from tracker.extensions import db
from tracker.i18n import format_day
from tracker.reminders.history import FIRST_PASS, pass_days
from tracker.reminders.models import OutboxMail, ReminderLog
from tracker.users.models import User


@pytest.fixture
def file_app(make_app, tmp_path):
    """The app as `make run` configures it: no mail server, so mails go to files."""
    app = make_app(MAIL_BACKEND="", MAIL_SERVER="", MAIL_FILE_PATH=str(tmp_path / "mail"))
    with app.app_context():
        yield app


def test_demo_leaves_a_sent_reminder_history_as_of_its_dates(file_app, tmp_path):
    started = utcnow()
    result = file_app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    mails = db.session.scalars(select(OutboxMail)).all()
    assert len(mails) >= 10 and {m.status for m in mails} == {"sent"}
    # The real send time, and the simulated day beside it.
    assert all(m.sent_at >= started - timedelta(seconds=5) for m in mails)
    simulated = sorted({m.simulated_on for m in mails if m.simulated_on})
    assert simulated and simulated[0].isoformat() == "2025-12-01"
    fired = {log.fired_on for log in db.session.scalars(select(ReminderLog))}
    assert set(simulated) <= fired and len(fired) > 3

    # Each message is its own .eml file that a mail client opens: one multipart message with To and Subject.
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == len(mails)
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message.is_multipart() and message["To"] and message["Subject"], path.name
        assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert not list((tmp_path / "mail").glob("*.log"))


def test_a_simulated_pass_records_the_real_send_time_and_the_simulated_day(file_app):
    from tracker.demo import load_demo

    load_demo()
    db.session.commit()
    started = utcnow()
    result = file_app.test_cli_runner().invoke(args=["reminders", "run", "--today", "2026-01-05"])
    assert result.exit_code == 0, result.output
    assert "simulasi untuk 5 Januari 2026" in result.output
    # The pass's own mails (the demo's monev already mailed its agencies when it was drafted).
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.created_at >= started)).all()
    assert mails and all(m.status == "sent" and m.sent_at >= started - timedelta(seconds=5) for m in mails)
    assert {m.simulated_on.isoformat() for m in mails} == {"2026-01-05"}
    assert {log.fired_on.isoformat() for log in db.session.scalars(select(ReminderLog))} == {"2026-01-05"}


def test_pengingat_shows_the_history_with_the_simulated_day(file_app, login):
    file_app.test_cli_runner().invoke(args=["demo"])
    client = file_app.test_client()
    admin = db.session.scalar(select(User).where(User.email == "koordinator@kotim.example"))
    response = client.post("/login", data={"email": admin.email, "password": "sinergi-demo"})
    assert response.status_code == 302
    page = client.get("/reminders/").get_data(as_text=True)
    latest_simulated = pass_days(FIRST_PASS, today())[-1]
    assert "Terkirim" in page and f"Simulasi untuk {format_day(latest_simulated)}" in page


def test_web_scheduler_beats_at_once_and_catches_up_today(file_app):
    from apscheduler.schedulers.background import BackgroundScheduler

    from tracker.demo import load_demo
    from tracker.reminders.scheduler import _beat_and_catch_up, configure

    load_demo()
    db.session.commit()
    scheduler = configure(BackgroundScheduler(timezone="Asia/Jakarta", daemon=True), file_app)
    _beat_and_catch_up(scheduler, file_app)
    client, health, logged = file_app.test_client(), {}, 0
    scheduler.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (health.get("scheduler_heartbeat_age_s") is not None and logged):
            time.sleep(0.3)
            db.session.remove()
            health = client.get("/healthz").get_json()
            logged = db.session.scalar(select(func.count()).select_from(ReminderLog))
    finally:
        scheduler.shutdown(wait=True)
    assert health["scheduler_heartbeat_age_s"] is not None and health["scheduler_heartbeat_age_s"] < 30
    assert logged > 0  # today's reminders went out at start, not at 07:00
