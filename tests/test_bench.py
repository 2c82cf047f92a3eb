"""``flask bench`` runs end to end at a tiny scale and reports the promised figures."""

from __future__ import annotations

import json

from tracker.bench.generate import counts

KEYS = {"scale", "rows", "generate_s", "dashboard_ms", "dashboard_sql_ms", "dashboard_ratio",
        "list_ms", "detail_ms", "peak_rss_mb"}


def test_bench_json_line(runner):
    result = runner.invoke(args=["bench", "--scale", "0.001", "--repeat", "2", "--json"])
    assert result.exit_code == 0, result.output
    line = [text for text in result.output.splitlines() if text.startswith("{")][-1]
    figures = json.loads(line)
    assert KEYS <= set(figures)
    assert figures["scale"] == 0.001
    assert figures["rows"] > 552 + 10 + 40 + 100 + 1000
    assert figures["dashboard_ms"] > 0 and figures["dashboard_sql_ms"] > 0
    assert figures["archive_ms"] > 0  # a feature's own measurement (tracker/archive/bench.py)


def test_bench_prints_a_table(runner):
    result = runner.invoke(args=["bench", "--scale", "0.001", "--repeat", "1"])
    assert result.exit_code == 0, result.output
    assert "dashboard_ms" in result.output and "generate_s" in result.output


def test_national_counts_scale_down():
    assert counts(1) == {"agreements": 10_000, "fields": 40_000, "programmes": 100_000, "entries": 1_000_000}
    assert counts(0.01) == {"agreements": 100, "fields": 400, "programmes": 1000, "entries": 10_000}
