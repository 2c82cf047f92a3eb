"""Fixtures: app, client, runner, db, login and create_* factories, on SQLite or PostgreSQL."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from tests import dbsetup
from tests.factories import Factories
from tracker import create_app
from tracker.extensions import db as _db


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if dbsetup.backend() == "postgresql":
        url = dbsetup.postgres_url()
        dbsetup.ensure_postgres_database(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Create the schema once per session from the models."""
    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.create_all()
    yield
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()
    if dbsetup.backend() == "postgresql" and not os.environ.get("TEST_DATABASE_URL"):
        dbsetup.drop_postgres_database(database_url)


def _test_config(database_url: str, tmp_path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        "MAIL_SERVER": "",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "BASE_URL": "http://sinergi.test",
        "SERVER_NAME": None,
    }


@pytest.fixture
def make_app(database_url, tmp_path, _schema):
    """Build an app with extra settings (e.g. CSRF on); tables are emptied after the test."""
    apps = []

    def factory(**overrides):
        config = _test_config(database_url, tmp_path)
        config.update(overrides)
        app = create_app(config)
        apps.append(app)
        return app

    yield factory
    for app in apps[:1]:
        with app.app_context():
            _empty_tables()
    for app in apps:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()


def _empty_tables() -> None:
    _db.session.remove()
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
            conn.execute(text("PRAGMA foreign_keys=ON"))


@pytest.fixture
def empty_database_url(tmp_path):
    """A second, empty database of the backend under test (migrations, restore), dropped after."""
    if dbsetup.backend() == "postgresql":
        url = dbsetup.postgres_url("sinergi_test_empty")
        dbsetup.drop_postgres_database(url)
        dbsetup.ensure_postgres_database(url)
        yield url
        dbsetup.drop_postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app) -> Factories:
    """``make.agreement(...)``, ``make.user(...)``: records committed to the test database."""
    return Factories(_db)


@pytest.fixture
def login(client):
    """Log ``user`` in through the real login form."""

    def do_login(user, password: str = Factories.PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return do_login


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1; use ``make_app(**smtp_server.config())``."""
    from tests.smtp import SMTPServer

    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(make_app, smtp_server):
    """An app that delivers mail over SMTP to ``smtp_server``."""
    app = make_app(**smtp_server.config())
    with app.app_context():
        yield app


@pytest.fixture
def world(app):
    """The permission matrix's world (tests/route_rules/world.py): two Pemda, users of each kind."""
    from tests.route_rules.world import build_world

    return build_world(_db)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Compile translations/*/LC_MESSAGES/*.po when the .mo is missing or older (.mo are git-ignored)."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent / "translations"
    for po_path in root.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        # Write aside, then rename: several test runs may share this working tree.
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(partial, mo_path)
