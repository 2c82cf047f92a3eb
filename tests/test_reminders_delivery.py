"""Reminder mails over real SMTP: grouping, links, outages, concurrent runners, answers, pages, CLI."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from tests import dbsetup
from tests.smtp import body_html, body_text
from tracker.extensions import db as _db
from tracker.reminders.models import Acknowledgement, OutboxMail, ReminderLog
from tracker.reminders.outbox import deliver_outbox
from tracker.reminders.services import run_reminders

D = date
OVERDUE = ("overdue",)


@pytest.fixture
def smtp(app, smtp_server):
    """Send the ``app`` fixture's mail to the real SMTP test server."""
    state = app.extensions["mailman"]
    state.backend, state.server, state.port = "smtp", "127.0.0.1", smtp_server.port
    state.use_tls = state.use_ssl = False
    state.timeout = 5
    return smtp_server


@pytest.fixture
def office(make):
    party = make.party()
    agency = make.agency(party)
    officer = make.user("officer", agency=agency, email="petugas@uji.example")
    leader = make.user("leader", party=party, email="pimpinan@uji.example")
    admin = make.user("admin", party=party, email="admin@uji.example")
    agreement = make.agreement([party, make.party()], signed_on=D(2026, 1, 1))
    field = make.field(agreement, lead=agency)
    programmes = [
        make.programme(field, agency, name=f"Program terlambat {n}", start_on=D(2026, 1, 1), due_on=D(2026, 6, 30))
        for n in range(3)
    ]
    return {"officer": officer, "leader": leader, "admin": admin, "programmes": programmes, "party": party}


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", body_text(message))


def test_many_items_give_one_mail_listing_them_all(app, smtp, office):
    run_reminders(D(2026, 7, 1), OVERDUE)
    deliver_outbox()
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "petugas@uji.example"
    text, html = body_text(message), body_html(message)
    for n in range(3):
        assert f"Program terlambat {n}" in text and f"Program terlambat {n}" in html
    assert "Terlambat 1 hari" in text


def test_links_point_to_the_place_to_act(app, smtp, office, client, login):
    run_reminders(D(2026, 7, 1), OVERDUE)
    deliver_outbox()
    links = _links(smtp.messages[0])
    ids = {p.id for p in office["programmes"]}
    act_paths = [link for link in links if "/progress/add" in link]
    assert {int(re.search(r"/programmes/(\d+)/", link).group(1)) for link in act_paths} == ids
    assert all(link.startswith("http://sinergi.test/") for link in links)
    if "progress.add" in app.view_functions:
        login(office["officer"])
        assert client.get(act_paths[0].removeprefix("http://sinergi.test")).status_code == 200


def test_smtp_down_for_a_run_then_up_delivers_everything_once(app, smtp, office):
    state = app.extensions["mailman"]
    state.port = 9  # nothing listens there
    run_reminders(D(2026, 7, 14), OVERDUE)
    counts = deliver_outbox()
    assert counts["sent"] == 0 and counts["waiting"] == 2
    assert smtp.messages == []
    assert set(_db.session.scalars(select(OutboxMail.status))) == {"queued"}
    state.port = smtp.port
    deliver_outbox()
    deliver_outbox()
    assert sorted(m["To"] for m in smtp.messages) == ["petugas@uji.example", "pimpinan@uji.example"]


def test_refused_message_is_retried_with_backoff_then_failed(app, office, monkeypatch):
    import smtplib
    from datetime import timedelta

    from tracker.core.clock import utcnow

    def refuse(self):
        raise smtplib.SMTPRecipientsRefused({"x": (550, b"no")})

    monkeypatch.setattr("flask_mailman.EmailMultiAlternatives.send", refuse)
    app.config["REMINDER_MAIL_MAX_ATTEMPTS"] = 3
    run_reminders(D(2026, 7, 1), OVERDUE)
    now = utcnow()
    deliver_outbox(now)
    row = _db.session.scalar(select(OutboxMail))
    assert (row.status, row.attempts) == ("queued", 1)
    assert deliver_outbox(now + timedelta(seconds=30))["retry"] == 0  # backing off
    deliver_outbox(now + timedelta(minutes=2))
    deliver_outbox(now + timedelta(minutes=10))
    _db.session.refresh(row)
    assert (row.status, row.attempts) == ("failed", 3)


@pytest.mark.skipif(dbsetup.backend() != "postgresql", reason="row locks need PostgreSQL")
def test_two_runners_at_once_send_each_mail_once(app, smtp, make, office):
    for n in range(12):
        agency = make.agency(office["party"])
        make.user("officer", agency=agency, email=f"petugas{n}@uji.example")
        field = make.field(make.agreement([office["party"]], signed_on=D(2026, 1, 1)), lead=agency)
        make.programme(field, agency, start_on=D(2026, 1, 1), due_on=D(2026, 6, 30))
    barrier = threading.Barrier(2)
    errors = []

    def runner():
        with app.app_context():
            try:
                barrier.wait()
                run_reminders(D(2026, 7, 14), OVERDUE)
                deliver_outbox()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    deliver_outbox()
    recipients = [m["To"] for m in smtp.messages]
    assert len(recipients) == len(set(recipients)) == 14  # 13 officers and the leader


def _answer_link(app, smtp) -> str:
    from datetime import datetime, time

    from tracker.core.clock import local_zone

    run_reminders(D(2026, 7, 1), OVERDUE)
    deliver_outbox(datetime.combine(D(2026, 7, 1), time(7), local_zone()))
    return next(link for link in _links(smtp.messages[-1]) if "/r/" in link).removeprefix("http://sinergi.test")


def test_acknowledging_stops_repeats_and_shows_to_leaders(app, smtp, office, client, login):
    path = _answer_link(app, smtp)
    page = client.get(path)
    assert page.status_code == 200 and "Tanggapi pengingat" in page.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Acknowledgement.id))) == 0  # opening (a scanner) records nothing
    response = client.post(path, data={"kind": "ack", "reason": "Anggaran baru cair bulan depan"})
    assert response.status_code == 200
    run_reminders(D(2026, 7, 8), OVERDUE)
    assert _db.session.scalar(
        select(func.count(ReminderLog.id)).where(ReminderLog.fired_on == D(2026, 7, 8),
                                                 ReminderLog.recipient == "petugas@uji.example")) == 2
    login(office["leader"])
    assert "Anggaran baru cair bulan depan" in client.get("/reminders/").get_data(as_text=True)


def test_snooze_stops_repeats_until_its_date(app, smtp, office, client, monkeypatch):
    import tracker.reminders.views as views

    monkeypatch.setattr(views, "today", lambda: D(2026, 7, 2))
    path = _answer_link(app, smtp)
    client.post(path, data={"kind": "snooze", "days": "14"})
    programme_id = int(re.search(r"/programmes/(\d+)/", body_text(smtp.messages[-1])).group(1))

    def fired(day):
        run_reminders(day, OVERDUE)
        return _db.session.scalars(select(ReminderLog.record_id).where(
            ReminderLog.fired_on == day, ReminderLog.recipient == "petugas@uji.example")).all()

    assert programme_id not in fired(D(2026, 7, 8))
    assert programme_id in fired(D(2026, 7, 16))


def test_answer_needs_a_reason_and_a_valid_signature(app, smtp, office, client):
    path = _answer_link(app, smtp)
    response = client.post(path, data={"kind": "ack", "reason": ""})
    assert response.status_code == 400 and "Tuliskan alasannya" in response.get_data(as_text=True)
    assert client.get(path[:-3] + "xyz").status_code == 404


def test_expired_answer_link_is_refused(app, smtp, office, client, monkeypatch):
    import time

    path = _answer_link(app, smtp)
    later = time.time() + 31 * 86400
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.post(path, data={"kind": "ack", "reason": "terlambat"})
    assert response.status_code == 410 and "kedaluwarsa" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Acknowledgement.id))) == 0


def test_answer_post_needs_the_form_token(make_app, office):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        run_reminders(D(2026, 7, 1), OVERDUE)
        text = _db.session.scalar(select(OutboxMail.text))
    path = re.search(r"http://sinergi.test(/r/\S+)", text).group(1)
    client = app.test_client()
    assert client.post(path, data={"kind": "ack", "reason": "x"}).status_code == 400
    with app.app_context():
        assert _db.session.scalar(select(func.count(Acknowledgement.id))) == 0


def test_digest_carries_list_unsubscribe_and_unsubscribing_stops_it(app, smtp, office, client):
    run_reminders(D(2026, 1, 5), ("weekly_digest",))
    deliver_outbox()
    message = smtp.messages[-1]
    link = re.search(r"<(\S+)>", str(message["List-Unsubscribe"]).replace("\n", "").replace(" ", "")).group(1)
    assert "/r/" in link and "Ringkasan mingguan" in message["Subject"]
    client.post(link.removeprefix("http://sinergi.test"), data={})
    run_reminders(D(2026, 1, 12), ("weekly_digest",))
    assert _db.session.scalar(select(func.count(ReminderLog.id)).where(ReminderLog.fired_on == D(2026, 1, 12))) == 0


def test_reminder_page_is_for_admins_and_leaders_of_the_pemda(app, office, client, login, make):
    run_reminders(D(2026, 7, 1), OVERDUE)
    login(office["admin"])
    page = client.get("/reminders/").get_data(as_text=True)
    assert "petugas@uji.example" in page and "Menunggu dikirim" in page
    client.post("/logout")
    login(make.user("admin"))
    assert "petugas@uji.example" not in client.get("/reminders/").get_data(as_text=True)
    client.post("/logout")
    login(office["officer"])
    assert client.get("/reminders/").status_code == 403


def test_admin_edits_thresholds(app, office, client, login):
    login(office["admin"])
    assert client.get("/reminders/settings").status_code == 200
    data = {"field_first_days": 30, "field_repeat_days": 30, "field_leader_days": 60, "kb_followup_days": 90,
            "due_soon_days": "7, 21", "overdue_first_days": 3, "overdue_repeat_days": 7,
            "overdue_leader_days": 14, "stalled_days": 30, "stalled_leader_days": 60,
            "expiring_days": "180,90,30,7,0", "weekly_digest": "y",
            "monev_overdue_first_days": 1, "monev_overdue_repeat_days": 7, "monev_overdue_leader_days": 14,
            "proposal_repeat_days": 7, "proposal_leader_days": 14}
    assert client.post("/reminders/settings", data=data).status_code == 302
    bad = client.post("/reminders/settings", data={**data, "due_soon_days": "besok"})
    assert "dipisah koma" in bad.get_data(as_text=True)
    run_reminders(D(2026, 7, 2), OVERDUE)
    assert _db.session.scalar(select(func.count(ReminderLog.id))) == 0
    run_reminders(D(2026, 7, 3), OVERDUE)
    assert _db.session.scalar(select(func.count(ReminderLog.id))) == 3


def test_dry_run_on_the_demo_prints_a_list_and_writes_nothing(app, runner):
    from tracker.demo import load_demo

    load_demo()
    _db.session.commit()
    result = runner.invoke(args=["reminders", "run", "--dry-run", "--today", "2026-01-05"])
    assert result.exit_code == 0, result.output
    assert "Kepada: koordinator@kotim.example" in result.output
    assert "Bidang belum punya program tindak lanjut" in result.output
    assert "Ringkasan mingguan" in result.output
    assert _db.session.scalar(select(func.count(ReminderLog.id))) == 0
    assert _db.session.scalar(select(func.count(OutboxMail.id))) == 0


def test_scheduler_starts_in_the_web_process_only_once(app, monkeypatch):
    from tracker.reminders.scheduler import should_run_in_web

    app.config.update(RUN_SCHEDULER_IN_WEB=True, TESTING=False)
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    assert should_run_in_web(app)
    monkeypatch.delenv("WERKZEUG_RUN_MAIN")
    app.config["RUN_SCHEDULER_IN_WEB"] = False
    assert not should_run_in_web(app)


def test_an_answer_link_records_one_answer_and_later_visits_show_it(app, smtp, office, client):
    path = _answer_link(app, smtp)
    for reason in ("Anggaran baru cair bulan depan", "jawaban kedua", "jawaban ketiga"):
        assert client.post(path, data={"kind": "ack", "reason": reason}).status_code == 200
    assert _db.session.scalar(select(func.count(Acknowledgement.id))) == 1
    page = client.get(path).get_data(as_text=True)
    assert "sudah tercatat" in page and "Anggaran baru cair bulan depan" in page
    assert "jawaban kedua" not in page and 'name="reason"' not in page


def test_an_answer_link_of_a_deactivated_recipient_records_nothing(app, smtp, office, client):
    path = _answer_link(app, smtp)
    office["officer"].active = False
    _db.session.commit()
    response = client.post(path, data={"kind": "ack", "reason": "sudah pindah tugas"})
    assert response.status_code == 410 and "tidak aktif" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Acknowledgement.id))) == 0
