"""Migrations go up from empty and back down, and match the models, on both databases."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tests import dbsetup
from tracker import create_app


@pytest.fixture
def empty_database_url(tmp_path):
    if dbsetup.backend() == "postgresql":
        url = dbsetup.postgres_url("sinergi_test_migrations")
        dbsetup.drop_postgres_database(url)
        dbsetup.ensure_postgres_database(url)
        yield url
        dbsetup.drop_postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"


def test_upgrade_check_and_downgrade(empty_database_url, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
        from tracker.extensions import db

        tables = set(inspect(db.engine).get_table_names())
        assert {"agreements", "programmes", "progress_entries", "audit_events", "users"} <= tables
        result = runner.invoke(args=["db", "check"])
        assert result.exit_code == 0, result.output
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
