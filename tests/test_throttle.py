"""The login and token throttles hold in production: across gunicorn workers, behind nginx, after a reset.

These tests use the real Redis on 127.0.0.1:6379, database 1 (keys of their own, never flushed).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from tests.factories import Factories
from tracker.extensions import db as _db
from tracker.users import tokens

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/1"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":  # scripts/ensure-redis.sh starts it there
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379 (scripts/ensure-redis.sh)")
    return client


def _forget(client: redis.Redis, marker: str) -> None:
    """Drop the keys this test made (never FLUSHDB: the database is shared)."""
    for key in client.scan_iter(match=f"*{marker}*"):
        client.delete(key)


def _login(client, email, password, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def test_a_successful_password_reset_lifts_the_email_lockout(make_app):
    store = _redis_or_skip()
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL)
    with app.app_context():
        run = uuid.uuid4()
        user = Factories(_db).user("leader", email=f"kunci-{run.hex[:8]}@uji.example")
        client = app.test_client()
        address = f"10.{run.bytes[0]}.{run.bytes[1]}.{run.bytes[2]}"
        client.environ_base["REMOTE_ADDR"] = address
        try:
            for _ in range(5):
                assert _login(client, user.email, "salah-terus").status_code == 200
            assert _login(client, user.email, Factories.PASSWORD).status_code == 429
            link = "/password/reset/" + tokens.make_token(user, tokens.RESET)
            new = "kalimat sandi yang baru"
            assert client.post(link, data={"new_password": new, "confirm": new}).status_code == 302
            # The lockout message says "or ask for a reset link": that advice now works at once.
            assert _login(client, user.email, new).status_code == 302
        finally:
            _forget(store, user.email)
            _forget(store, address)


def test_behind_one_proxy_each_visitor_has_its_own_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_IP="3 per 15 minutes", PROXY_HOPS=1)
    with app.app_context():
        user = Factories(_db).user("leader")
        client = app.test_client()
        guesser = {"X-Forwarded-For": "203.0.113.7"}
        for n in range(3):
            assert _login(client, f"tebak{n}@uji.example", "x", headers=guesser).status_code == 200
        assert _login(client, user.email, Factories.PASSWORD, headers=guesser).status_code == 429
        # Another visitor behind the same nginx (REMOTE_ADDR 127.0.0.1 for both) still signs in.
        response = _login(client, user.email, Factories.PASSWORD, headers={"X-Forwarded-For": "198.51.100.2"})
        assert response.status_code == 302


def test_without_a_configured_proxy_a_forged_forwarded_for_changes_nothing(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_IP="3 per 15 minutes")
    with app.app_context():
        user = Factories(_db).user("leader")
        client = app.test_client()
        for n in range(3):
            forged = {"X-Forwarded-For": f"10.0.0.{n}"}
            assert _login(client, f"tebak{n}@uji.example", "x", headers=forged).status_code == 200
        forged = {"X-Forwarded-For": "10.9.9.9"}
        assert _login(client, user.email, Factories.PASSWORD, headers=forged).status_code == 429


def test_guessing_bearer_tokens_is_throttled_per_address(make_app):
    from tracker.api.services import create_token

    app = make_app(RATELIMIT_ENABLED=True, API_GUESS_LIMIT="5 per 15 minutes")
    with app.app_context():
        user = Factories(_db).user("admin")
        _token, secret = create_token(user, "uji", 30)
        _db.session.commit()
        client = app.test_client()
        guesser = {"REMOTE_ADDR": "192.0.2.50"}
        codes = [client.get("/api/v1/parties", headers={"Authorization": f"Bearer tebakan-{n}"},
                            environ_base=guesser).status_code for n in range(7)]
        assert codes == [401] * 5 + [429] * 2
        refused = client.get("/api/v1/parties", headers={"Authorization": "Bearer tebakan-lagi"},
                             environ_base=guesser)
        assert refused.json["error"]["code"] == "rate_limited"
        # A client elsewhere with its real token is not locked out by the guesser.
        ok = client.get("/api/v1/parties", headers={"Authorization": f"Bearer {secret}"},
                        environ_base={"REMOTE_ADDR": "192.0.2.51"})
        assert ok.status_code == 200


def test_several_workers_with_the_in_memory_throttle_refuse_to_start(make_app):
    with pytest.raises(SystemExit, match="RATELIMIT_STORAGE_URI"):
        make_app(WEB_WORKERS=4, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    env = {**os.environ, "GUNICORN_WORKERS": "3", "GUNICORN_BIND": "127.0.0.1:0",
           "RATELIMIT_STORAGE_URI": "memory://"}
    done = subprocess.run([str(GUNICORN), "-c", "gunicorn.conf.py", "app:app"], cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "RATELIMIT_STORAGE_URI=memory://" in done.stderr + done.stdout


class Gunicorn:
    """gunicorn -c gunicorn.conf.py on 127.0.0.1, port chosen by the system; access log with worker pids."""

    def __init__(self, env: dict) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "app:app"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        self.lines: list[str] = []
        self.port = self._wait_for("Listening at: http://127.0.0.1:(\\d+)")
        for _ in range(4):
            self._wait_for("Booting worker")

    def _wait_for(self, pattern: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            match = re.search(pattern, line)
            if match:
                return match.group(1) if match.groups() else line
        raise AssertionError("gunicorn did not start:\n" + "".join(self.lines[-30:]))

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        """One request on a fresh connection, so any worker may take it."""
        conn = http.client.HTTPConnection("127.0.0.1", int(self.port), timeout=30)
        conn.request(method, path, body=body or None, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        data = response.read().decode()
        conn.close()
        return response, data

    def stop(self) -> list[str]:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            rest, _ = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            rest, _ = self.process.communicate()
        return self.lines + rest.splitlines(keepends=True)


def _attempt(server: Gunicorn, email: str, password: str, address: str) -> int:
    """GET the login page for a CSRF token and cookie, then POST the form; the status of the POST."""
    from urllib.parse import urlencode

    page, html = server.request("GET", "/login", headers={"X-Forwarded-For": address})
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    body = urlencode({"csrf_token": token, "email": email, "password": password})
    response, _ = server.request("POST", "/login", body, {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address})
    return response.status


def test_the_sixth_wrong_password_is_refused_whatever_gunicorn_worker_answers(app, make, database_url):
    store = _redis_or_skip()
    run = uuid.uuid4()
    user = make.user("leader", email=f"gunicorn-{run.hex[:8]}@uji.example")
    # As nginx would send it (PROXY_HOPS=1): an address of this run's own, so no earlier run counts.
    address = f"10.{run.bytes[0]}.{run.bytes[1]}.{run.bytes[2]}"
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "throttle-test-secret",
           "GUNICORN_BIND": "127.0.0.1:0", "GUNICORN_WORKERS": "4", "GUNICORN_THREADS": "1",
           "RATELIMIT_STORAGE_URI": REDIS_URL, "PROXY_HOPS": "1", "MAIL_SERVER": "", "BASE_URL": "http://127.0.0.1"}
    server = Gunicorn(env)
    try:
        codes = [_attempt(server, user.email, f"salah-{n}", address) for n in range(5)]
        sixth = _attempt(server, user.email, Factories.PASSWORD, address)
        more = [_attempt(server, user.email, Factories.PASSWORD, address) for _ in range(3)]
    finally:
        log = server.stop()
        _forget(store, user.email)
        _forget(store, address)
    assert codes == [200] * 5, log[-20:]
    assert sixth == 429 and more == [429] * 3
    answering = {line.split()[0] for line in log if re.match(r"^<\d+> POST /login ", line)}
    assert len(answering) >= 2, f"one worker answered every attempt: {answering}"
