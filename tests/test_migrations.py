"""Migrations go up from empty and back down, and match the models, on both databases."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tracker import create_app


def test_upgrade_check_and_downgrade(empty_database_url):
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
