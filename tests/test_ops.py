"""/healthz, structured logs and the scheduler's single leadership."""

import json
import logging
import threading

from tracker.ops.leader import Leadership, beat
from tracker.ops.logs import JSONFormatter


def test_healthz_reports_database_and_heartbeat(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["scheduler_heartbeat_age_s"] is None
    beat()
    response = client.get("/healthz")
    assert 0 <= response.json["scheduler_heartbeat_age_s"] < 5


def test_every_response_has_a_request_id_and_a_json_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="tracker.request"):
        response = client.get("/login", headers={"X-Request-ID": "abc123"})
    assert response.headers["X-Request-ID"] == "abc123"
    record = next(r for r in caplog.records if r.name == "tracker.request")
    line = json.loads(JSONFormatter().format(record))
    assert line["request_id"] == "abc123" and line["status"] == 200 and line["path"] == "/login"
    assert "duration_ms" in line and "user_id" in line


def test_only_one_scheduler_leads_and_the_standby_takes_over(app):
    first, second = Leadership(), Leadership()
    assert first.try_acquire()
    assert not second.try_acquire()
    taken = threading.Event()

    def standby():
        with app.app_context():
            if second.wait(poll_seconds=0.05, give_up_after=10):
                taken.set()

    thread = threading.Thread(target=standby)
    thread.start()
    assert not taken.wait(0.3)  # still waiting while the first leads
    first.release()  # the leader dies or stops
    thread.join(timeout=10)
    assert taken.is_set() and second.held
    second.release()


def test_standby_takes_over_when_the_leaders_connection_dies(app, db):
    import pytest
    from sqlalchemy import text

    if db.engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite uses a file lock on one host")
    first, second = Leadership(), Leadership()
    assert first.try_acquire()
    pid = first._connection.execute(text("SELECT pg_backend_pid()")).scalar()
    with db.engine.connect() as killer:  # what a SIGKILLed scheduler host looks like to PostgreSQL
        killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    assert second.wait(poll_seconds=0.05, give_up_after=10)
    assert not first.still_held()
    second.release()
