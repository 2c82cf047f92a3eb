"""Two schedulers: only the leader sends the outbox; the standby takes over; no mail goes twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tracker.ops.models import Heartbeat
from tracker.reminders.models import OutboxMail
from tracker.reminders.scheduler import LeaderLoop

ROOT = Path(__file__).resolve().parent.parent
FAST = {"SCHEDULER_POLL_SECONDS": "0.2", "SCHEDULER_BEAT_SECONDS": "0.3", "SCHEDULER_OUTBOX_SECONDS": "0.5"}


def _postgres_only(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("two hosts share leadership through a PostgreSQL advisory lock")


def _until(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def _queue(db, count: int, tag: str) -> list[int]:
    rows = [OutboxMail(recipient=f"{tag}{n}@opd.example", subject=f"Pengingat {tag} {n}", text="Isi") for n in range(count)]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def _holder(db) -> str | None:
    db.session.expire_all()
    row = db.session.get(Heartbeat, "scheduler")
    db.session.commit()
    return None if row is None else row.holder


def test_healthz_reports_the_outbox_backlog_and_oldest_failed_mail(client, db):
    _queue(db, 3, "antre")
    failed = OutboxMail(recipient="x@opd.example", subject="Gagal", text="Isi", status="failed")
    db.session.add(failed)
    db.session.commit()
    answer = client.get("/healthz").json
    assert answer["outbox_backlog"] == 3 and answer["outbox_failed"] == 1
    assert 0 <= answer["outbox_oldest_failed_age_s"] < 60
    assert 0 <= answer["outbox_oldest_waiting_age_s"] < 60


def test_healthz_outbox_figures_when_all_is_sent(client):
    answer = client.get("/healthz").json
    assert answer["outbox_backlog"] == 0 and answer["outbox_oldest_failed_age_s"] is None


def test_a_leader_whose_lock_connection_dies_stops_and_the_standby_leads(make_app, db):
    app = make_app(**{**{key: float(value) for key, value in FAST.items()}, "SCHEDULER_OUTBOX_SECONDS": 3600})
    with app.app_context():
        _postgres_only(db)
    loops = [LeaderLoop(app), LeaderLoop(app)]
    both_led = []
    threads = [threading.Thread(target=loop.run, daemon=True) for loop in loops]
    for thread in threads:
        thread.start()
    try:
        assert _until(lambda: any(loop.leading.is_set() for loop in loops))
        time.sleep(1)
        assert sum(loop.leading.is_set() for loop in loops) == 1
        leader, standby = loops if loops[0].leading.is_set() else loops[::-1]
        with app.app_context():
            pid = leader.leadership._connection.execute(text("SELECT pg_backend_pid()")).scalar()
            with db.engine.connect() as killer:
                killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        watcher_stop = threading.Event()

        def watch():
            while not watcher_stop.is_set():
                if all(loop.leading.is_set() for loop in loops):
                    both_led.append(time.monotonic())
                time.sleep(0.01)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        assert _until(lambda: standby.leading.is_set())
        assert standby.terms == 1 and leader.terms == 1  # the old leader went back to waiting
        time.sleep(1)
        watcher_stop.set()
        watcher.join()
        assert not leader.leading.is_set()
        # The old leader notices within one lock check (0.2 s here) and its jobs check the lock first.
        assert not both_led or both_led[-1] - both_led[0] < 0.6
    finally:
        for loop in loops:
            loop.stop()
        for thread in threads:
            thread.join(timeout=10)


def _start_scheduler(database_url: str, smtp_port: int, tmp_path: Path, name: str) -> subprocess.Popen:
    env = {**os.environ, **FAST, "FLASK_APP": "app.py", "DATABASE_URL": database_url,
           "SECRET_KEY": "test-secret-key", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port),
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "BASE_URL": "http://sinergi.test",
           "RUN_SCHEDULER_IN_WEB": "0"}
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen([sys.executable, "-m", "flask", "scheduler"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def test_two_scheduler_processes_one_sends_and_the_standby_takes_over_after_sigkill(
        make_app, database_url, smtp_server, tmp_path):
    from tracker.extensions import db

    app = make_app()
    with app.app_context():
        _postgres_only(db)
        first_ids = _queue(db, 20, "awal")
        first = _start_scheduler(database_url, smtp_server.port, tmp_path, "first")
        second = None
        try:
            assert _until(lambda: _holder(db) == f"{os.uname().nodename}:{first.pid}", 60), \
                (tmp_path / "first.log").read_text()
            second = _start_scheduler(database_url, smtp_server.port, tmp_path, "second")
            assert _until(lambda: len(smtp_server.messages) == 20)
            time.sleep(2)  # the standby has started and polled by now
            assert second.poll() is None and _holder(db).endswith(f":{first.pid}")

            first.send_signal(signal.SIGKILL)
            first.wait()
            later_ids = _queue(db, 15, "susulan")
            assert _until(lambda: (_holder(db) or "").endswith(f":{second.pid}"), 30), \
                (tmp_path / "second.log").read_text()
            assert _until(lambda: len(smtp_server.messages) == 35)
            time.sleep(1.5)  # a few more outbox runs: nothing more may arrive
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.terminate()
                    process.wait(timeout=15)
        sent = Counter(message["Message-ID"] for message in smtp_server.messages)
        assert len(sent) == 35 and set(sent.values()) == {1}
        db.session.expire_all()
        statuses = db.session.scalars(select(OutboxMail.status).where(OutboxMail.id.in_(first_ids + later_ids)))
        assert set(statuses) == {"sent"}
