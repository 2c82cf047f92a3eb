"""Which database the suite runs on: SQLite by default, PostgreSQL with TEST_DB=postgresql."""

from __future__ import annotations

import os

import psycopg
from sqlalchemy.engine import make_url

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sinergi_test"


def backend() -> str:
    return os.environ.get("TEST_DB", "sqlite").lower()


def postgres_url(name: str | None = None) -> str:
    """The test database URL; a per-process name unless TEST_DATABASE_URL is set.

    Parallel runs on one machine (two developers, or a run beside CI) then never
    truncate each other's tables.
    """
    explicit = os.environ.get("TEST_DATABASE_URL")
    url = make_url(explicit or DEFAULT_PG_URL)
    if not explicit:
        url = url.set(database=f"{url.database}_{os.getpid()}")
    if name:
        url = url.set(database=f"{name}_{os.getpid()}")
    return url.render_as_string(hide_password=False)


def ensure_postgres_database(url: str) -> None:
    """Create the test database when it is missing."""
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{parsed.database}"')


def drop_postgres_database(url: str) -> None:
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
