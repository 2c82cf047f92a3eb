"""Geometry for server-rendered SVG charts; templates/dashboards/_charts.html draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass
class Bar:
    label: str
    value: float
    css: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    href: str | None = None
    lines: list[str] | None = None


def wrap(label: str, room: float, font_size: int = 11) -> list[str]:
    """``label`` broken at spaces into lines that fit ``room`` units (cut with … only past 3 lines)."""
    per_line = max(int(room / (font_size * 0.58)), 4)
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = lines[:2] + [(lines[2] + "…")]
    return lines or [""]


def bar_chart(bars: list[Bar], width: int = 600, height: int = 220, gutter: int = 28) -> dict:
    """Vertical bars scaled to the largest value, with room for whole labels under them."""
    top = max([b.value for b in bars if b.value] or [1])
    slot = width / max(len(bars), 1)
    for bar in bars:
        bar.lines = wrap(bar.label, slot * 0.95)
    extra = 13 * (max([len(bar.lines) for bar in bars] or [1]) - 1)  # one more line, 13 units
    plot = height - 2 * gutter
    for index, bar in enumerate(bars):
        bar.width = slot * 0.7
        bar.x = index * slot + slot * 0.15
        bar.height = plot * (bar.value or 0) / top
        bar.y = gutter + plot - bar.height
    return {"bars": bars, "width": width, "height": height + extra, "base": height - gutter, "slot": slot}


LABEL_FONT = 11
_DIGIT_WIDTH = 0.62  # of the font size: a generous width for a digit, so estimates never undershoot
_YEAR_STEPS = (1, 2, 5, 10, 20, 50)


def label_width(text: str, font_size: int = LABEL_FONT) -> float:
    """Estimated width of a short label in the SVG (digits), in user units."""
    return len(text) * font_size * _DIGIT_WIDTH


def _year_labels(start: date, end: date, x) -> list[dict]:
    """1 January every 1, 2, 5, … years (the first step where no two labels touch), and the
    start year unless it would crowd the first of them: a tick names the year after it."""
    first = {"label": str(start.year), "x": x(start), "anchor": "start", "tick": False}
    years = range(start.year + 1, end.year + 1)
    for step in _YEAR_STEPS:
        ticks = [{"label": str(year), "x": x(date(year, 1, 1)), "anchor": "middle", "tick": True}
                 for year in years if year % step == 0]
        if ticks and _left(ticks[0]) - _right(first) < LABEL_FONT:
            labels = ticks
        else:
            labels = [first, *ticks]
        if all(_left(b) - _right(a) >= LABEL_FONT for a, b in zip(labels, labels[1:], strict=False)):
            return labels
    return [first]


def _left(label: dict) -> float:
    width = label_width(label["label"])
    return label["x"] - (width / 2 if label["anchor"] == "middle" else 0)


def _right(label: dict) -> float:
    return _left(label) + label_width(label["label"])


def timeline(start: date, end: date, today: date, months: list[tuple[str, int]], width: int = 700) -> dict:
    """Positions along an agreement's validity: year labels, entries per month, today's mark."""
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return 20 + (width - 40) * min(max((day - start).days, 0), span) / span

    top = max([count for _month, count in months] or [1])
    today_x = x(today) if start <= today <= end else None
    marks = []
    for month, count in months:
        first = date(int(month[:4]), int(month[5:7]), 1)
        last = _month_end(first)
        # A bar sits in the middle of the part of its month already lived: the running month
        # is never drawn past "Hari ini".
        lived_from = max(first, start)
        middle = lived_from + (min(last, today, end) - lived_from) / 2 if first <= today else first
        left = x(max(middle, start)) - 2
        if today_x is not None:
            left = min(left, today_x - 4)
        marks.append({"month": month, "count": count, "x": left + 2, "left": left,
                      "height": 60 * count / top})
    return {
        "width": width,
        "start_x": x(start),
        "end_x": x(end),
        "today_x": today_x,
        # "Hari ini" stays inside the chart near either end.
        "today_anchor": "middle" if today_x is None or 40 < today_x < width - 40
        else ("start" if today_x <= 40 else "end"),
        "marks": marks,
        "labels": _year_labels(start, end, x),
    }


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)
