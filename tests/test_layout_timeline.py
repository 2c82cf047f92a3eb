"""The agreement timeline: year labels never collide, no month bar is drawn past "Hari ini"."""

from __future__ import annotations

import re
from datetime import date

import pytest

TODAY = date(2026, 12, 1)
DIGIT = 11 * 0.6  # a digit at font-size 11 is about 6.6 units wide


def _svg(html: str) -> str:
    return re.search(r'<svg class="chart"[^>]*aria-labelledby="timeline-title".*?</svg>', html, re.S).group(0)


def _year_boxes(svg: str) -> list[tuple[str, float, float]]:
    """(label, left, right) of every year label, from its x, anchor and text."""
    boxes = []
    for x, anchor, label in re.findall(
        r'<text class="chart-label timeline-year" x="([\d.]+)" y="110" text-anchor="(\w+)"[^>]*>(\d{4})</text>', svg
    ):
        width, x = len(label) * DIGIT, float(x)
        left = x - width / 2 if anchor == "middle" else x
        boxes.append((label, left, left + width))
    return boxes


@pytest.fixture
def timeline_page(make, login, monkeypatch):
    monkeypatch.setattr("tracker.dashboards.views.current_day", lambda: TODAY)
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    client = login(make.user("leader", party=kotim))

    def page(valid_from: date, valid_until: date) -> str:
        agreement = make.agreement([kotim, seruyan], signed_on=valid_from, valid_until=valid_until, fields=1)
        programme = make.programme(agreement.fields[0], make.agency(kotim))
        for day in (valid_from, date(2026, 11, 20), TODAY):  # the first month, last month and today
            make.progress(programme, reported_on=day)
        return _svg(client.get(f"/dashboard/agreements/{agreement.id}").get_data(as_text=True))

    return page


@pytest.mark.parametrize(
    "valid_from, valid_until, years_shown",
    [
        (date(2025, 11, 3), date(2026, 12, 31), ["2025", "2026"]),  # 1 year: 2026 is 2 months in
        (date(2025, 11, 3), date(2030, 11, 2), ["2026", "2027", "2028", "2029", "2030"]),  # 2025 gives way
        (date(2000, 1, 1), date(2029, 12, 31), None),  # 30 years: thinned, never crowded
    ],
)
def test_year_labels_never_overlap(timeline_page, valid_from, valid_until, years_shown):
    boxes = _year_boxes(timeline_page(valid_from, valid_until))
    # The start year is named, or the first year tick right after it (never both crowded together).
    assert boxes and boxes[0][1] < 70 and int(boxes[0][0]) >= valid_from.year
    for (_a, _left, right), (b, left, _right) in zip(boxes, boxes[1:], strict=False):
        assert left - right >= 4, f"{b} touches the label before it"
    assert all(0 <= left and right <= 700 for _l, left, right in boxes)
    if years_shown:
        assert [label for label, *_ in boxes] == years_shown
    else:
        years = [int(label) for label, *_ in boxes if label != str(valid_from.year)]
        steps = {b - a for a, b in zip(years, years[1:], strict=False)}
        assert len(steps) == 1 and steps != {1} and len(years) >= 5  # a regular, thinned scale


def test_running_month_is_not_drawn_past_today(timeline_page):
    svg = timeline_page(date(2025, 11, 3), date(2026, 12, 31))
    today_x = float(re.search(r'<line class="chart-today" x1="([\d.]+)"', svg).group(1))
    bars = [(float(x), float(w), month) for x, w, month in re.findall(
        r'<rect class="bar-entries" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*><title>([^:]+):', svg)]
    assert len(bars) == 3
    for x, width, month in bars:
        assert x + width <= today_x + 0.05, f"{month} drawn past Hari ini"
    assert bars[-1][0] > bars[-2][0] + 4  # December still stands apart from November
