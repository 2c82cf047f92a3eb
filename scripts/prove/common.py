"""Shared pieces of the proof scripts: databases, data, gunicorn on 127.0.0.1, a load client."""

from __future__ import annotations

import http.client
import multiprocessing
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PASSWORD = "Prove-" + os.urandom(6).hex()  # per run: a kept proof database never has a known login
PG_URL = os.environ.get("PROVE_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/sinergi_prove")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def say(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin(url: str) -> tuple[str, str]:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False), parsed.database


def recreate_database(url: str) -> None:
    """Drop and create a throwaway database (its name must start with sinergi_prove)."""
    admin, name = _admin(url)
    assert name.startswith("sinergi_prove"), name  # never drop anything else
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    admin, name = _admin(url)
    assert name.startswith("sinergi_prove"), name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def proof_app(url: str, **config):
    from tracker import create_app

    settings = {"SQLALCHEMY_DATABASE_URI": url, "MAIL_BACKEND": "locmem", "SECRET_KEY": "prove-secret"}
    settings.update(config)
    return create_app(settings)


def fill(url: str, scale: float, officers: int = 40, leaders: int = 10) -> dict:
    """Bench data at ``scale`` plus officer and leader accounts of the busiest Pemda."""
    from sqlalchemy import select, text

    from tracker.agreements.models import Agreement, AgreementParty, Field
    from tracker.bench.generate import Generator, busiest_party, reset_sequences
    from tracker.core.clock import today
    from tracker.extensions import db
    from tracker.parties.models import Agency, Party
    from tracker.programs.models import Programme
    from tracker.users.services import create_user

    app = proof_app(url)
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        with db.engine.begin() as conn:
            rows = Generator(conn, scale, today()).run()
            reset_sequences(conn)
            party_id = busiest_party(conn)
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        party = db.session.get(Party, party_id)
        agreements = db.session.scalars(
            select(AgreementParty.agreement_id).where(AgreementParty.party_id == party_id)).all()
        # Programmes of this Pemda's own agencies, in its agreements: what its officers report on.
        pairs = db.session.execute(
            select(Programme.id, Programme.agency_id).join(Field).join(Agency, Agency.id == Programme.agency_id)
            .join(Agreement, Agreement.id == Field.agreement_id)
            .where(Agency.party_id == party_id, Field.agreement_id.in_(agreements), Programme.archived_at.is_(None),
                   Field.archived_at.is_(None), Agreement.archived_at.is_(None)).order_by(Programme.id)
        ).all()
        seen, programmes = set(), []
        for programme_id, agency_id in pairs:  # one programme per agency, round-robin over agencies
            if agency_id not in seen:
                seen.add(agency_id)
                programmes.append((programme_id, agency_id))
        users = []
        for n in range(officers):
            programme_id, agency_id = programmes[n % len(programmes)]
            create_user(email=f"petugas{n}@prove.example", name=f"Petugas {n}", role="officer", party=party,
                        agency=db.session.get(Agency, agency_id), password=PASSWORD)
            users.append({"email": f"petugas{n}@prove.example", "role": "officer", "programme": programme_id})
        for n in range(leaders):
            create_user(email=f"pimpinan{n}@prove.example", name=f"Pimpinan {n}", role="leader", party=party,
                        password=PASSWORD)
            users.append({"email": f"pimpinan{n}@prove.example", "role": "leader", "programme": None})
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return {"rows": rows, "generate_s": round(time.perf_counter() - started, 1), "users": users,
            "agreements": list(agreements)}


@contextmanager
def gunicorn(url: str, workers: int = 2, log_path: Path | None = None, **env):
    """gunicorn -c gunicorn.conf.py app:app on a free 127.0.0.1 port; yields (host, port)."""
    port = free_port()
    environ = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "prove-secret", "GUNICORN_BIND": f"127.0.0.1:{port}",
               "GUNICORN_WORKERS": str(workers), "MAIL_SERVER": "", "RUN_SCHEDULER_IN_WEB": "0",
               "LOG_FORMAT": "json",
               # Several workers must share the login throttle (the app refuses memory:// then).
               "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/1"), **env}
    log = (log_path or Path(os.devnull)).open("w")
    process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"], cwd=ROOT, env=environ,  # noqa: S603 - fixed argv
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Session("127.0.0.1", port).get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        yield "127.0.0.1", port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


class Session:
    """One browser: a keep-alive connection and the session cookie."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port, self.cookies, self.conn, self.logged_in = host, port, {}, None, False
        self.location = ""

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2 or method == "POST":  # a POST is never retried: it might be stored
                    raise
        self.location = response.getheader("Location") or ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, text

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict) -> tuple[int, str]:
        """GET the form, take its CSRF token, POST the fields."""
        status, page = self.get(path)
        match = CSRF.search(page)
        if status != 200 or not match:
            return f"form:{status}", page  # no form shown (e.g. sent to the login page): nothing submitted
        return self.request("POST", path, {"csrf_token": match.group(1), **fields})

    def login(self, email: str) -> int:
        self.cookies, self.logged_in = {}, False
        status = self.post_form("/login", {"email": email, "password": PASSWORD})[0]
        self.logged_in = status == 302
        return status


MIXES = {
    "officer": [("agreement", 30), ("list", 15), ("mywork", 10), ("progress", 15), ("trivial", 20), ("login", 5)],
    "leader": [("dashboard", 35), ("agreement", 30), ("list", 15), ("trivial", 15), ("login", 5)],
    "agreement": [("agreement", 1)],
    "trivial": [("trivial", 1)],
}


def _one(session: Session, kind: str, user: dict, agreements: list, rng, marker: str) -> tuple[int, str | None]:
    from tracker.core.clock import today

    if kind == "agreement":
        return session.get(f"/agreements/{rng.choice(agreements)}")[0], None
    if kind == "list":
        return session.get(f"/agreements/?page={rng.randint(1, 5)}")[0], None
    if kind == "dashboard":  # the leader dashboard
        return session.get("/dashboard")[0], None
    if kind == "mywork":  # the officer's own list
        return session.get("/my-work")[0], None
    if kind == "trivial":
        return Session(session.host, session.port).get("/login")[0], None  # anonymous: no database
    if kind == "login":
        return session.login(user["email"]), None
    fields = {"reported_on": today().isoformat(), "description": marker, "quantity": "1", "location": "Uji beban"}
    status = session.post_form(f"/programmes/{user['programme']}/progress/add", fields)[0]
    if status == 302 and "#entry-" not in session.location:
        status = f"302:{session.location.split('?')[0]}"  # redirected elsewhere (login): not accepted
    return status, marker


def _client(args) -> list[tuple]:
    host, port, user, agreements, mix, seconds, run_id, seed = args
    rng, records, n = random.Random(seed), [], 0
    kinds, weights = zip(*MIXES[mix or user["role"]], strict=True)
    session = Session(host, port)
    if mix != "trivial":
        session.login(user["email"])  # before the clock starts: argon2 on purpose costs time
    until = time.time() + seconds
    while time.time() < until:
        try:
            if not session.logged_in and mix != "trivial":
                session.login(user["email"])
            kind = rng.choices(kinds, weights)[0]
            if kind == "progress" and user["programme"] is None:
                kind = "agreement"
            marker = f"PROVE-{run_id}-{seed}-{n}"
            n += 1
            started = time.time()
            try:
                status, stored = _one(session, kind, user, agreements, rng, marker)
            except OSError as error:
                status, stored = f"conn:{type(error).__name__}", marker if kind == "progress" else None
                session.conn = None
                time.sleep(0.1)
            records.append((kind, status, started, time.time(), stored))
        except OSError:
            session.conn = None
            time.sleep(0.1)
    return records


def _group(args) -> list[tuple]:
    jobs = args
    out: list[tuple] = []
    lock = threading.Lock()

    def work(job):
        result = _client(job)
        with lock:
            out.extend(result)

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def load(host: str, port: int, users: list, agreements: list, seconds: float, run_id: str,
         mix: str | None = None, processes: int = 5) -> list[tuple]:
    """``len(users)`` clients for ``seconds``, spread over processes (the client must not be the limit)."""
    jobs = [(host, port, user, agreements, mix, seconds, run_id, seed) for seed, user in enumerate(users)]
    groups = [jobs[i::processes] for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return [record for part in pool.map(_group, groups) for record in part]


def summary(records: list[tuple], seconds: float) -> dict:
    """Requests, statuses and rates per kind."""
    by_kind: dict[str, dict] = {}
    for kind, status, started, ended, _ in records:
        row = by_kind.setdefault(kind, {"n": 0, "status": Counter(), "ms": []})
        row["n"] += 1
        row["status"][status] += 1
        row["ms"].append((ended - started) * 1000)
    for row in by_kind.values():
        ms = sorted(row.pop("ms"))
        row["rps"] = round(row["n"] / seconds, 1)
        row["p50_ms"], row["p95_ms"] = round(ms[len(ms) // 2]), round(ms[int(len(ms) * 0.95)])
        row["status"] = dict(row["status"])
    return by_kind


def is_5xx(status) -> bool:
    return isinstance(status, int) and status >= 500


def stored_markers(url: str, run_id: str) -> Counter:
    """How many progress entries hold each marker of this run."""
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as conn:
        rows = conn.execute("SELECT description FROM progress_entries WHERE description LIKE %s",
                            (f"PROVE-{run_id}-%",)).fetchall()
    return Counter(row[0] for row in rows)


def progress_rows(url: str) -> int:
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as conn:
        return conn.execute("SELECT count(*) FROM progress_entries").fetchone()[0]


def progress_check(records: list[tuple], url: str, run_id: str) -> dict:
    """Accepted (302) submissions stored exactly once; none stored twice; refused ones not stored."""
    stored = stored_markers(url, run_id)
    accepted = {marker for kind, status, _, _, marker in records if kind == "progress" and status == 302}
    others = {marker for kind, status, _, _, marker in records if kind == "progress" and status != 302 and marker}
    return {
        "submitted": len(accepted) + len(others),
        "accepted": len(accepted),
        "accepted_stored_once": sum(1 for m in accepted if stored[m] == 1),
        "lost": sum(1 for m in accepted if stored[m] == 0),
        "stored_twice": sum(1 for count in stored.values() if count > 1),
        "refused_but_stored": sum(1 for m in others if stored[m] > 0),
    }
