"""The ``flask bench`` command: generate, measure, report (a table, or one JSON line)."""

from __future__ import annotations

import json
import logging
import resource
import secrets
import shutil
import tempfile
import time
from pathlib import Path

import click

from tracker.config import normalise_database_url

# A fresh password per run: a kept bench database never carries a known login.
BENCH_PASSWORD = secrets.token_urlsafe(16)


@click.command("bench")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(min=0, min_open=True, max=10),
              help="1 = 10,000 agreements and 1,000,000 progress entries.")
@click.option("--database-url", help="Throwaway database (e.g. postgresql://…/sinergi_bench); it must be empty.")
@click.option("--repeat", default=15, show_default=True, type=click.IntRange(min=1), help="Timed runs per figure.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line instead of a table.")
@click.option("--keep", is_flag=True, help="Keep the generated database afterwards.")
@click.option("--load", "under_load", is_flag=True,
              help="Serve a kept PostgreSQL bench database (--database-url) under gunicorn and drive it with wrk.")
@click.option("--rounds", default=3, show_default=True, type=click.IntRange(1, 20), help="--load: interleaved rounds.")
@click.option("--seconds", default=10.0, show_default=True, type=click.FloatRange(1, 120),
              help="--load: seconds per page and round.")
@click.option("--connections", default=50, show_default=True, type=click.IntRange(1, 500), help="--load: wrk connections.")
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), hidden=True,
              help="--load: the checkout gunicorn serves (default: this one), e.g. an older one to compare.")
def bench_command(scale: float, database_url: str | None, repeat: int, as_json: bool, keep: bool,
                  under_load: bool, rounds: int, seconds: float, connections: int, root: Path | None) -> None:
    """Build a synthetic national data set in a throwaway database and time the dashboards."""
    if under_load:
        _load(database_url, root, rounds, seconds, connections, as_json)
        return
    workdir = None
    if database_url is None:
        workdir = Path(tempfile.mkdtemp(prefix="sinergi-bench-"))
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        results = _run(normalise_database_url(database_url), scale, repeat, keep)
    finally:
        if workdir is not None and not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if as_json:
        click.echo(json.dumps(results))
    else:
        _print_table(results)


def _load(database_url: str | None, root: Path | None, rounds: int, seconds: float, connections: int,
          as_json: bool) -> None:
    """req/s, CPU per request and the ratio to the login page, under gunicorn and wrk (loopback only)."""
    from tracker import PROJECT_ROOT
    from tracker.bench import load_run

    if not database_url or not normalise_database_url(database_url).startswith("postgresql"):
        raise click.UsageError("--load needs --database-url of a kept PostgreSQL bench database "
                               "(`flask bench --scale 1 --keep --database-url postgresql://…/sinergi_bench`).")
    database_url = normalise_database_url(database_url)
    prepared = load_run.prepare(_bench_app(database_url))
    env = {"SECRET_KEY": secrets.token_hex(16), "LOG_FORMAT": "text"}
    figures = load_run.measure(root or PROJECT_ROOT, database_url, prepared, rounds=rounds, seconds=seconds,
                               connections=connections, env=env)
    figures.update({"connections": connections, "rounds": rounds, "seconds": seconds, "paths": prepared["paths"]})
    if as_json:
        click.echo(json.dumps(figures))
    else:
        load_run.print_table(figures)


def _bench_app(database_url: str):
    from tracker import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        # One request at a time times the work itself, not the page cache (--load measures that).
        "CACHE_PAGES": False,
    })
    logging.getLogger("tracker").setLevel(logging.WARNING)
    app.logger.setLevel(logging.WARNING)
    return app


def _run(database_url: str, scale: float, repeat: int, keep: bool) -> dict:
    from sqlalchemy import func, select

    from tracker.agreements.models import Agreement
    from tracker.extensions import db

    app = _bench_app(database_url)
    with app.app_context():
        _ensure_database(database_url)
        db.create_all()
        if db.session.scalar(select(func.count(Agreement.id))):
            raise click.ClickException("The bench database is not empty; give an empty, throwaway database.")
        db.session.remove()
        try:
            generate_s, rows, leader, agreement_id = _generate(scale)
            results = {"scale": scale, "rows": rows, "generate_s": generate_s}
            results.update(_measure(app, leader, agreement_id, repeat, results))
        finally:
            db.session.remove()
            if not keep and database_url.startswith("postgresql"):
                db.drop_all()
            db.engine.dispose()
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["database"] = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    return results


def _ensure_database(database_url: str) -> None:
    """Create a missing PostgreSQL database (the bench never reuses a filled one)."""
    if not database_url.startswith("postgresql"):
        return
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{url.database}"')


def _generate(scale: float):
    from sqlalchemy import text

    from tracker.bench.generate import Generator, busiest_party, reset_sequences
    from tracker.core.clock import today
    from tracker.extensions import db

    started = time.perf_counter()
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # A throwaway file: no fsync, and room in the page cache for the index inserts.
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-131072")
        generator = Generator(conn, scale, today())
        rows = generator.run()
        reset_sequences(conn)
        party_id = busiest_party(conn)
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    leader, agreement_id = _leader(party_id)
    return round(time.perf_counter() - started, 2), rows, leader, agreement_id


def _leader(party_id: int):
    """A leader account of the busiest Pemda, and that Pemda's agreement with most programmes."""
    from sqlalchemy import func, select

    from tracker.agreements.models import AgreementParty, Field
    from tracker.extensions import db
    from tracker.parties.models import Party
    from tracker.programs.models import Programme
    from tracker.users.services import create_user

    leader = create_user(email="pimpinan@bench.example", name="Pimpinan (bench)", role="leader",
                         party=db.session.get(Party, party_id), agency=None, password=BENCH_PASSWORD)
    db.session.commit()
    agreement_id = db.session.scalar(
        select(Field.agreement_id).join(Programme).join(AgreementParty, AgreementParty.agreement_id == Field.agreement_id)
        .where(AgreementParty.party_id == party_id)
        .group_by(Field.agreement_id).order_by(func.count(Programme.id).desc()).limit(1)
    )
    return leader, agreement_id


def _measure(app, leader, agreement_id: int, repeat: int, results: dict) -> dict:
    from tracker.bench.measure import MEASUREMENTS, BenchContext, load_feature_measurements
    from tracker.core.clock import today

    load_feature_measurements()

    client = app.test_client()
    response = client.post("/login", data={"email": leader.email, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise click.ClickException("The bench leader could not log in.")
    measured = dict(results)
    context = BenchContext(app=app, client=client, leader=leader, agreement_id=agreement_id,
                           today=today(), repeat=repeat, results=measured)
    for key, function in MEASUREMENTS.items():
        measured[key] = function(context)
    return {key: value for key, value in measured.items() if key not in results}


TARGETS = {"dashboard_ms": 150, "list_ms": 50, "detail_ms": 50, "generate_s": 60, "peak_rss_mb": 500,
           "dashboard_ratio": 3, "public_index_ms": 50, "public_agreement_ms": 50}


def _print_table(results: dict) -> None:
    click.echo(f"{'measure':<20} {'value':>12}  target")
    for key, value in results.items():
        target = TARGETS.get(key)
        verdict = "" if target is None or value is None else ("ok" if value <= target else "MISSED")
        shown = "–" if value is None else value
        click.echo(f"{key:<20} {shown!s:>12}  {'≤ ' + str(target) if target else ''} {verdict}".rstrip())
