"""Fault proof: database restart under load, SMTP down, scheduler SIGKILLed, upload disk full, backup restore.

    sudo-less root: .venv/bin/python scripts/prove/faults.py

PostgreSQL is restarted in a private throwaway cluster (initdb on a free 127.0.0.1 port), so the
restart never disturbs other users of the machine's main cluster; PROVE_PG_RESTART=main restarts
the main cluster instead (pg_ctlcluster ... main restart) and makes sure it runs at the end.
Exit status 1 when a check fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess  # noqa: S404 - fixed commands: pg_ctl, mount, flask
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import pg  # noqa: E402

SCALE = float(os.environ.get("PROVE_FAULT_SCALE", "0.01"))
RESULTS: dict = {}


def check(name: str, ok: bool, figures: dict) -> None:
    RESULTS[name] = {"ok": ok, **figures}
    common.say(f"{'OK    ' if ok else 'FAILED'} {name}: {json.dumps(figures, default=str)}")


def database_restart(cluster, url: str, data: dict) -> None:
    """20 clients for 30 s; PostgreSQL restarted at 10 s; errors only while it is down."""
    window = {}

    def restart():
        time.sleep(10)
        window["down"] = time.time()
        cluster.restart()
        window["up"] = time.time()

    thread = threading.Thread(target=restart)
    run_id = f"F{int(time.time())}"
    before = common.progress_rows(url)
    with common.gunicorn(url, workers=2, log_path=Path(tempfile.gettempdir()) / "sinergi-faults-gunicorn.log") as (
            host, port):
        thread.start()
        records = common.load(host, port, data["users"][:20], data["agreements"], 30, run_id, processes=4)
        thread.join()
    failed = [r for r in records if not isinstance(r[1], int) or r[1] >= 500]
    grace = 1.0  # a request that began just before the restart may end just after it
    after = [r for r in failed if r[2] > window["up"] + grace]
    outside = [r for r in failed if r[3] < window["down"]]
    progress = common.progress_check(records, url, run_id)
    figures = {"requests": len(records), "down_s": round(window["up"] - window["down"], 1),
               "errors_while_down": len(failed) - len(after) - len(outside), "errors_before": len(outside),
               "errors_after": len(after), "error_kinds": dict(Counter(str(r[1]) for r in failed)), **progress,
               "rows_added": common.progress_rows(url) - before}
    check("postgresql_restart", not after and not outside and progress["lost"] == 0
          and progress["stored_twice"] == 0 and progress["refused_but_stored"] == 0, figures)


def _queue(app, count: int, tag: str) -> None:
    from tracker.extensions import db
    from tracker.reminders.models import OutboxMail

    with app.app_context():
        db.session.add_all(OutboxMail(recipient=f"{tag}{n}@opd.example", subject=f"Pengingat {tag} {n}", text="Isi")
                           for n in range(count))
        db.session.commit()


def smtp_down(url: str) -> None:
    """A reminder run while SMTP is down: everything waits; the next run with SMTP up delivers once."""
    from tests.smtp import SMTPServer
    from tracker.reminders.jobs import outbox_job

    server = SMTPServer()  # created, not started: its port refuses connections
    app = common.proof_app(url, **server.config())
    _queue(app, 30, "smtp")
    with app.app_context():
        down = outbox_job()
        server.start()
        try:
            up = outbox_job()
            again = outbox_job()
        finally:
            server.stop()
    ids = Counter(m["Message-ID"] for m in server.messages)
    figures = {"run_while_down": down, "run_after_start": up, "next_run": again, "arrived": len(server.messages),
               "distinct": len(ids)}
    check("smtp_down", down["waiting"] == 30 and up["sent"] == 30 and again["sent"] == 0 and len(ids) == 30
          and set(ids.values()) == {1}, figures)


def _scheduler(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "FLASK_APP": "app.py", "DATABASE_URL": url, "SECRET_KEY": "prove-secret",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port), "SCHEDULER_POLL_SECONDS": "0.5",
           "SCHEDULER_BEAT_SECONDS": "1", "SCHEDULER_OUTBOX_SECONDS": "1", "RUN_SCHEDULER_IN_WEB": "0"}
    return subprocess.Popen([sys.executable, "-m", "flask", "scheduler"], cwd=common.ROOT, env=env,  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def scheduler_sigkill(url: str) -> None:
    """SIGKILL the scheduler while it sends 200 mails; a new one finishes: none twice, none lost."""
    from sqlalchemy import func, select, text, update

    from tests.smtp import SMTPServer
    from tracker.extensions import db
    from tracker.reminders.models import OutboxMail
    from tracker.reminders.outbox import STALE_CLAIM

    class Slow(type(SMTPServer().handler)):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            import asyncio

            await asyncio.sleep(0.03)  # slow before DATA, so the kill lands mid-run
            envelope.rcpt_tos.append(address)
            return "250 OK"

    server = SMTPServer()
    server.handler.__class__ = Slow
    server.start()
    app = common.proof_app(url)
    with app.app_context():
        db.session.execute(update(OutboxMail).values(status="sent"))  # earlier checks' mails are done
        db.session.commit()
    _queue(app, 200, "kill")
    first = _scheduler(url, server.port)
    try:
        deadline = time.monotonic() + 120
        while len(server.messages) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        at_kill = len(server.messages)
        with app.app_context():
            states = dict(db.session.execute(select(OutboxMail.status, func.count()).where(
                OutboxMail.recipient.like("kill%")).group_by(OutboxMail.status)).all())
            # Rows the dead scheduler had claimed go back after STALE_CLAIM (15 min); move the clock on.
            db.session.execute(text("UPDATE outbox_mails SET claimed_at = claimed_at - make_interval(secs => :s) "
                                    "WHERE status = 'sending'"), {"s": 2 * STALE_CLAIM.total_seconds()})
            db.session.commit()
        second = _scheduler(url, server.port)
        try:
            while len({m["Message-ID"] for m in server.messages}) < 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(3)  # a few more outbox runs: nothing more may arrive
        finally:
            second.terminate()
            second.wait(timeout=15)
    finally:
        if first.poll() is None:
            first.kill()
        server.stop()
    ids = Counter(m["Message-ID"] for m in server.messages)
    figures = {"arrived_before_kill": at_kill, "states_at_kill": states, "arrived": len(server.messages),
               "distinct": len(ids), "twice": sum(1 for n in ids.values() if n > 1)}
    check("scheduler_sigkill", len(ids) == 200 and figures["twice"] == 0, figures)


def upload_disk_full(url: str, data: dict) -> None:
    """UPLOAD_FOLDER on a 256 KB tmpfs that is nearly full: a clear message, no entry, no file left."""
    from sqlalchemy import func, select

    from tracker.attachments.models import Attachment
    from tracker.extensions import db
    from tracker.progress.models import ProgressEntry

    mount = Path(tempfile.mkdtemp(prefix="sinergi-prove-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], check=True)  # noqa: S603, S607
    try:
        (mount / "filler").write_bytes(b"\0" * 200 * 1024)
        app = common.proof_app(url, UPLOAD_FOLDER=str(mount), WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
        officer = next(u for u in data["users"] if u["role"] == "officer")
        client = app.test_client()
        client.post("/login", data={"email": officer["email"], "password": common.PASSWORD})
        with app.app_context():
            attachments_before = db.session.scalar(select(func.count(Attachment.id)))
        from io import BytesIO

        pdf = b"%PDF-1.4\n" + b"0" * 100_000 + b"\n%%EOF\n"
        response = client.post(f"/programmes/{officer['programme']}/progress/add", data={
            "reported_on": "2025-01-02", "description": "PROVE-diskfull", "quantity": "1",
            "files": (BytesIO(pdf), "bukti.pdf")}, content_type="multipart/form-data")
        page = response.get_data(as_text=True)
        with app.app_context():
            entries = db.session.scalar(select(func.count(ProgressEntry.id)).where(
                ProgressEntry.description == "PROVE-diskfull"))
            attachments_after = db.session.scalar(select(func.count(Attachment.id)))
        left = sorted(p.name for p in mount.iterdir())
        figures = {"status": response.status_code, "message_shown": "tidak dapat disimpan" in page,
                   "entries_stored": entries, "attachments_added": attachments_after - attachments_before,
                   "files_in_folder": left}
        check("upload_disk_full", response.status_code == 200 and figures["message_shown"] and entries == 0
              and attachments_after == attachments_before and left == ["filler"], figures)
    finally:
        subprocess.run(["umount", str(mount)], check=False)  # noqa: S603, S607
        mount.rmdir()


def _flask(args: list[str], url: str, uploads: Path) -> None:
    env = {**os.environ, "FLASK_APP": "app.py", "DATABASE_URL": url, "UPLOAD_FOLDER": str(uploads),
           "SECRET_KEY": "prove-secret", "RUN_SCHEDULER_IN_WEB": "0"}
    subprocess.run([sys.executable, "-m", "flask", *args], cwd=common.ROOT, env=env, check=True,  # noqa: S603
                   capture_output=True)


def _facts(url: str, uploads: Path) -> dict:
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as conn:
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
                  for table in ("agreements", "progress_entries", "attachments")}
        counts["progress_sum"] = str(conn.execute("SELECT sum(quantity) FROM progress_entries").fetchone()[0])
    counts["files"] = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in uploads.rglob("*") if p.is_file())
    return counts


def backup_restore(url: str, data: dict, workdir: Path) -> None:
    """flask backup, then flask restore into a fresh database and upload folder: the same facts."""
    uploads, restored_uploads = workdir / "uploads", workdir / "restored-uploads"
    app = common.proof_app(url, UPLOAD_FOLDER=str(uploads), WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    officer = next(u for u in data["users"] if u["role"] == "officer")
    client = app.test_client()
    client.post("/login", data={"email": officer["email"], "password": common.PASSWORD})
    from io import BytesIO

    for n in range(3):
        client.post(f"/programmes/{officer['programme']}/progress/add", data={
            "reported_on": "2025-01-02", "description": f"PROVE-backup-{n}", "quantity": "2",
            "files": (BytesIO(b"%PDF-1.4\n" + os.urandom(2000) + b"\n%%EOF\n"), f"bukti{n}.pdf")},
            content_type="multipart/form-data")
    archive = workdir / "backup.tar.gz"
    _flask(["backup", "--output", str(archive)], url, uploads)
    target = url.rsplit("/", 1)[0] + "/sinergi_prove_restore"
    common.recreate_database(target)
    _flask(["restore", str(archive)], target, restored_uploads)
    original, restored = _facts(url, uploads), _facts(target, restored_uploads)
    common.drop_database(target)
    figures = {**{k: v for k, v in original.items() if k != "files"}, "files": len(original["files"]),
               "archive_mb": round(archive.stat().st_size / 1e6, 1), "same_after_restore": original == restored}
    check("backup_restore", original == restored and len(original["files"]) >= 3, figures)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="sinergi-prove-"))
    cluster = pg.cluster()
    try:
        url = cluster.url("sinergi_prove_faults")
        common.say(f"== faults: scale {SCALE}, database {url} ({cluster.kind})")
        common.recreate_database(url)
        data = common.fill(url, SCALE, officers=16, leaders=4)
        steps = [("postgresql_restart", lambda: database_restart(cluster, url, data)),
                 ("smtp_down", lambda: smtp_down(url)), ("scheduler_sigkill", lambda: scheduler_sigkill(url)),
                 ("upload_disk_full", lambda: upload_disk_full(url, data)),
                 ("backup_restore", lambda: backup_restore(url, data, workdir))]
        for name, step in steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - report and go on with the other faults
                check(name, False, {"error": repr(error)})
        common.drop_database(url)
    finally:
        cluster.close()
        pg.ensure_main_running()
        shutil.rmtree(workdir, ignore_errors=True)
    ok = all(result["ok"] for result in RESULTS.values())
    common.say("FIGURES " + json.dumps(RESULTS, default=str))
    common.say("faults: OK" if ok else "faults: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
