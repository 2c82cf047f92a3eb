"""``flask bench --load``: gunicorn on loopback, wrk, and the figures it promises."""

from __future__ import annotations

import json
import shutil

import pytest

from tests import dbsetup
from tracker.bench import load


def test_load_needs_a_postgresql_bench_database(runner):
    result = runner.invoke(args=["bench", "--load"])
    assert result.exit_code != 0 and "--database-url" in result.output
    result = runner.invoke(args=["bench", "--load", "--database-url", "sqlite:///x.sqlite3"])
    assert result.exit_code != 0 and "PostgreSQL" in result.output


def test_a_missing_wrk_is_named_with_the_way_to_install_it(monkeypatch):
    import click

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(load.os, "geteuid", lambda: 1000)  # not root: nothing is installed
    with pytest.raises(click.ClickException, match="apt-get install -y wrk"):
        load.ensure_wrk()


@pytest.mark.skipif(dbsetup.backend() != "postgresql", reason="--load serves a PostgreSQL bench database")
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install -y wrk)")
def test_load_end_to_end_on_a_tiny_bench_database(runner):
    url = dbsetup.postgres_url("sinergi_test_load")
    dbsetup.drop_postgres_database(url)
    try:
        kept = runner.invoke(args=["bench", "--scale", "0.002", "--repeat", "1", "--keep", "--json",
                                   "--database-url", url])
        assert kept.exit_code == 0, kept.output
        result = runner.invoke(args=["bench", "--load", "--database-url", url, "--rounds", "1", "--seconds", "1",
                                     "--connections", "4", "--json"])
        assert result.exit_code == 0, result.output
        figures = json.loads([line for line in result.output.splitlines() if line.startswith("{")][-1])
    finally:
        dbsetup.drop_postgres_database(url)
    assert set(figures["pages"]) == {"login", "agreement", "list", "programme", "dashboard"}
    for page, row in figures["pages"].items():
        assert row["rps"] > 0 and row["bad"] == 0, page
        assert row["app_ms"] > 0, page
    assert figures["pages"]["login"]["ratio"] == 1.0
    assert 0 < figures["worker_rss_mb"] < 1000
