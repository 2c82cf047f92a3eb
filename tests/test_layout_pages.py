"""Layout seen in the HTML: whole chart labels, folded filters, dates typed as dd/mm/yyyy."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tracker.core.dayinput import parse_day


@pytest.fixture
def leader(make, login):
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    make.agreement([kotim, seruyan], title="KB Kotim Seruyan", fields=1)
    return login(make.user("leader", party=kotim))


def _svg_labels(html: str, chart_id: str) -> list[str]:
    svg = re.search(rf'aria-labelledby="{chart_id}".*?</svg>', html, re.S).group(0)
    return [" ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text)) or re.sub(r"<[^>]+>", "", text)
            for text in re.findall(r'<text class="chart-label"[^>]*>(.*?)</text>', svg, re.S)]


def test_expiry_chart_labels_are_whole(leader):
    html = leader.get("/dashboard/expiry").get_data(as_text=True)
    labels = _svg_labels(html, "expiry-chart")
    assert labels[0] == "Lewat masa berlaku, belum diputuskan"  # was "Lewat masa berlak…"
    assert not any("…" in label for label in labels)


@pytest.mark.parametrize("typed", ["01/06/2026", "1/6/2026", "2026-06-01"])
def test_dashboard_period_typed_as_dd_mm_yyyy_or_iso(leader, typed):
    html = leader.get(f"/dashboard?start={typed}&end=30/06/2026").get_data(as_text=True)
    assert "Laporan kemajuan 1 Juni 2026 – 30 Juni 2026" in html
    start = re.search(r'<input[^>]*id="f-start"[^>]*>', html).group(0)
    assert 'type="text"' in start and 'value="01/06/2026"' in start and 'placeholder="hh/bb/tttt"' in start


def test_filters_fold_on_a_phone_and_stay_open_when_used(leader):
    plain = leader.get("/dashboard").get_data(as_text=True)
    assert re.search(r'<details class="filters-fold[^"]*">\s*<summary[^>]*>Filter</summary>', plain)
    used = leader.get("/dashboard?start=01/06/2026").get_data(as_text=True)
    assert re.search(r'<details class="filters-fold[^"]*" open>\s*<summary[^>]*>Filter \(1 aktif\)</summary>', used)
    # The figures come before the filters on a phone (CSS order), after them from 576 px.
    assert 'class="order-2 order-sm-1"' in plain and "kpis order-1 order-sm-2" in plain


def test_report_period_accepts_dd_mm_yyyy(leader):
    html = leader.get("/reports/").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="start"[^>]*value="\d{2}/\d{2}/\d{4}"', html)
    response = leader.get("/reports/monev-period.xlsx?start=01/01/2026&end=30/06/2026")
    assert response.status_code == 200 and "2026-01-01-2026-06-30" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("text, expected", [
    ("31/12/2026", date(2026, 12, 31)), ("2026-12-31", date(2026, 12, 31)), ("1.2.2026", date(2026, 2, 1)),
    ("31/02/2026", None), ("12/31/2026", None), ("", None), ("besok", None), ("01/01/0001", None),
])
def test_parse_day(text, expected):
    assert parse_day(text) == expected
