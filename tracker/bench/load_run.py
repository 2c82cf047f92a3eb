"""Preparing the kept bench database for ``flask bench --load`` and running the interleaved rounds."""

from __future__ import annotations

import secrets
import statistics
import tempfile
import time
from pathlib import Path

import click

from tracker.bench import load

PAGES = ("login", "agreement", "list", "programme", "dashboard")


def prepare(app) -> dict:
    """Kept totals recounted, a leader of the busiest Pemda with a fresh password, the pages' paths."""
    from sqlalchemy import func, select, text

    from tracker.agreements.models import AgreementParty, Field
    from tracker.bench.generate import busiest_party
    from tracker.extensions import db
    from tracker.parties.models import Party
    from tracker.programs.models import Programme
    from tracker.progress import totals
    from tracker.users.models import User
    from tracker.users.services import create_user, set_password

    password = secrets.token_urlsafe(16)
    with app.app_context():
        db.create_all()  # a bench database made before a schema change gains the new tables
        with db.engine.begin() as conn:
            totals.rebuild(conn)
            party_id = busiest_party(conn)
        with db.engine.begin() as conn:  # fresh statistics now, rather than autovacuum during a round
            conn.execute(text("ANALYZE programme_totals"))
        user = db.session.scalar(select(User).where(User.email == load.LOAD_EMAIL))
        if user is None:
            create_user(email=load.LOAD_EMAIL, name="Pimpinan (beban)", role="leader",
                        party=db.session.get(Party, party_id), agency=None, password=password)
        else:
            user.party_id, user.role, user.agency_id = party_id, "leader", None
            set_password(user, password)
        db.session.commit()
        agreement_id = db.session.scalar(
            select(Field.agreement_id).join(Programme)
            .join(AgreementParty, AgreementParty.agreement_id == Field.agreement_id)
            .where(AgreementParty.party_id == party_id)
            .group_by(Field.agreement_id).order_by(func.count(Programme.id).desc()).limit(1))
        programme_id = db.session.scalar(
            select(Programme.id).join(Field).where(Field.agreement_id == agreement_id).order_by(Programme.id).limit(1))
        db.session.remove()
        db.engine.dispose()
    paths = {"login": "/login", "agreement": f"/agreements/{agreement_id}", "list": "/agreements/",
             "programme": f"/programmes/{programme_id}", "dashboard": "/dashboard"}
    return {"password": password, "paths": paths}


def measure(root: Path, database_url: str, prepared: dict, *, rounds: int, seconds: float, connections: int,
            env: dict) -> dict:
    """Interleaved rounds over the pages; per page the medians of req/s, CPU ms per request and ratio."""
    import psycopg
    from sqlalchemy.engine import make_url

    wrk = load.ensure_wrk()
    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    log = Path(tempfile.gettempdir()) / f"sinergi-load-{url.database}.log"
    rows: dict[str, list[dict]] = {page: [] for page in PAGES}
    memory: list[float] = []
    with load.gunicorn(root, database_url, env, log) as (port, pid), psycopg.connect(admin, autocommit=True) as pg:
        cookie = load.login(port, load.LOAD_EMAIL, prepared["password"])
        for page in PAGES:  # warm every worker's caches and connections once, untimed
            load.run_wrk(wrk, port, prepared["paths"][page], "" if page == "login" else cookie, connections, 2)
        for number in range(rounds):
            for page in PAGES:
                rows[page].append(_one(wrk, port, pg, url.database, pid, prepared["paths"][page],
                                       "" if page == "login" else cookie, connections, seconds))
            workers = [p for p in load.process_tree(pid) if p != pid]
            memory.append(max(load.rss_mb(workers).values(), default=0.0))
            click.echo(f"round {number + 1}/{rounds}: " + ", ".join(
                f"{page} {rows[page][-1]['rps']:.0f}" for page in PAGES), err=True)
    return summarise(rows, memory)


def _drain(pid: int, limit_s: float = 30) -> None:
    """Wait until the requests wrk left queued are answered (gunicorn idle), so the next page is timed alone."""
    deadline = time.monotonic() + limit_s
    before = sum(load.cpu_seconds(load.process_tree(pid)).values())
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = sum(load.cpu_seconds(load.process_tree(pid)).values())
        if now - before < 0.02:
            return
        before = now


def _one(wrk, port, pg, database, pid, path, cookie, connections, seconds) -> dict:
    _drain(pid)
    app_pids = load.process_tree(pid)
    app_before, pg_before = load.cpu_seconds(app_pids), load.cpu_seconds(load.backend_pids(pg, database))
    started = time.monotonic()
    result = load.run_wrk(wrk, port, path, cookie, connections, seconds)
    elapsed = time.monotonic() - started
    app_after = load.cpu_seconds(load.process_tree(pid))
    pg_after = load.cpu_seconds(load.backend_pids(pg, database))
    requests = max(result["requests"], 1)
    result["app_ms"] = load.delta(app_before, app_after) * 1000 / requests
    result["pg_ms"] = load.delta(pg_before, pg_after) * 1000 / requests
    result["elapsed_s"] = elapsed
    return result


def summarise(rows: dict[str, list[dict]], memory: list[float]) -> dict:
    """Medians per page, the ratio to the login page, the largest worker's memory."""
    floor = statistics.median(r["rps"] for r in rows["login"])
    pages = {}
    for page, results in rows.items():
        rps = statistics.median(r["rps"] for r in results)
        app_ms = statistics.median(r["app_ms"] for r in results)
        pg_ms = statistics.median(r["pg_ms"] for r in results)
        pages[page] = {"rps": round(rps, 1), "ratio": round(rps / floor, 2) if floor else None,
                       "app_ms": round(app_ms, 1), "pg_ms": round(pg_ms, 1), "cpu_ms": round(app_ms + pg_ms, 1),
                       "rounds": [round(r["rps"], 1) for r in results],
                       "bad": sum(r["bad"] for r in results)}
    return {"pages": pages, "worker_rss_mb": round(max(memory, default=0.0), 1)}


def print_table(figures: dict) -> None:
    click.echo(f"{'page':<10} {'req/s':>7} {'ratio':>6} {'app ms':>7} {'pg ms':>6} {'cpu ms':>7}  rounds (req/s)   non-2xx/3xx")
    for page, row in figures["pages"].items():
        click.echo(f"{page:<10} {row['rps']:>7} {row['ratio']!s:>6} {row['app_ms']:>7} {row['pg_ms']:>6} "
                   f"{row['cpu_ms']:>7}  {' '.join(str(v) for v in row['rounds'])}   {row['bad']}")
    click.echo(f"largest worker: {figures['worker_rss_mb']} MB resident")
