"""A submitted monev keeps the figures it reported, so a reviewed document does not drift."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from tracker.monev.models import Monev
from tracker.monev.queries import FieldBlock, ProgrammeRow, implementation_by_field


def _number(value) -> str | None:
    return None if value is None else format(Decimal(str(value)).normalize(), "f")


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def take(monev: Monev, today: date) -> dict:
    """The per-field and per-programme figures of ``monev`` as of ``today``, JSON-safe."""
    fields = []
    for block in implementation_by_field(monev.agreement, today, monev):
        rows = []
        for row in block.rows:
            p = row.programme
            rows.append({
                "programme_id": p.id, "name": p.name, "agency": p.agency.name, "agency_short": p.agency.short_name,
                "indicator": p.indicator, "unit": p.unit, "target": _number(p.target), "budget": int(p.budget or 0),
                "status": p.status, "due_on": p.due_on.isoformat() if p.due_on else None,
                "realised": _number(row.realised), "percent": _number(row.percent),
                "last_progress_on": row.last_progress_on.isoformat() if row.last_progress_on else None,
                "health": row.health, "obstacles": row.obstacles,
            })
        fields.append({"field_id": block.field.id, "title": block.field.title, "position": block.field.position,
                       "rows": rows})
    return {"taken_on": today.isoformat(), "fields": fields}


def blocks_of(snapshot: dict) -> list[FieldBlock]:
    """The stored figures as the FieldBlocks pages and reports render (programme details included)."""
    blocks = []
    for item in snapshot.get("fields", []):
        block = FieldBlock(SimpleNamespace(id=item["field_id"], title=item["title"], position=item["position"]))
        for r in item["rows"]:
            programme = SimpleNamespace(
                id=r["programme_id"], name=r["name"], indicator=r["indicator"], unit=r["unit"],
                target=_decimal(r["target"]), budget=r["budget"], status=r["status"], archived_at=None,
                due_on=_day(r.get("due_on")),
                agency=SimpleNamespace(name=r["agency"], short_name=r["agency_short"]))
            block.rows.append(ProgrammeRow(
                programme=programme, realised=_decimal(r["realised"]) or Decimal(0), percent=_decimal(r["percent"]),
                last_progress_on=_day(r["last_progress_on"]), health=r["health"], obstacles=r["obstacles"]))
        blocks.append(block)
    return blocks


def as_submitted(monev: Monev | None, today: date) -> list[FieldBlock] | None:
    """The monev's figures as submitted; None for a draft or a monev submitted before snapshots."""
    if monev is None or monev.status == "draft" or not monev.snapshot:
        return None
    return blocks_of(monev.snapshot)


def live_by_programme(monev: Monev, today: date) -> dict[int, ProgrammeRow]:
    """Today's figure of each programme, for the web page's "hari ini" column."""
    return {row.programme.id: row for block in implementation_by_field(monev.agreement, today, monev)
            for row in block.rows}
