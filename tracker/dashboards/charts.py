"""Geometry for server-rendered SVG charts; templates/dashboards/_charts.html draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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


def bar_chart(bars: list[Bar], width: int = 600, height: int = 220, gutter: int = 28) -> dict:
    """Vertical bars scaled to the largest value, with room for labels under them."""
    top = max([b.value for b in bars if b.value] or [1])
    plot = height - 2 * gutter
    slot = width / max(len(bars), 1)
    for index, bar in enumerate(bars):
        bar.width = slot * 0.7
        bar.x = index * slot + slot * 0.15
        bar.height = plot * (bar.value or 0) / top
        bar.y = gutter + plot - bar.height
    return {"bars": bars, "width": width, "height": height, "base": height - gutter, "slot": slot}


def timeline(start: date, end: date, today: date, months: list[tuple[str, int]], width: int = 700) -> dict:
    """Positions along an agreement's validity: ticks per year, entries per month, today's mark."""
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return 20 + (width - 40) * min(max((day - start).days, 0), span) / span

    top = max([count for _month, count in months] or [1])
    marks = []
    for month, count in months:
        day = date(int(month[:4]), int(month[5:7]), 15)
        marks.append({"month": month, "count": count, "x": x(day), "height": 60 * count / top})
    years = [date(year, 1, 1) for year in range(start.year + 1, end.year + 1)]
    return {
        "width": width,
        "start_x": x(start),
        "end_x": x(end),
        "today_x": x(today) if start <= today <= end else None,
        "marks": marks,
        "years": [{"label": str(day.year), "x": x(day)} for day in years],
    }
