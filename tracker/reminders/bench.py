"""``flask bench`` measurements: one full reminder pass over the benchmark data, writing nothing."""

from __future__ import annotations

import time

from tracker.bench.measure import BenchContext, register

STAFF_DOMAIN = "staff.bench.example"


def _timed_pass(ctx: BenchContext) -> float:
    from tracker.reminders.services import plan

    started = time.perf_counter()
    plan(ctx.today)
    return round(time.perf_counter() - started, 2)


@register("reminders_s")
def reminders_pass(ctx: BenchContext) -> float:
    """Seconds for every rule over the whole data set (dry-run semantics)."""
    return _timed_pass(ctx)


@register("reminders_staffed_s")
def reminders_staffed_pass(ctx: BenchContext) -> float:
    """The same pass once every Pemda has an admin and a leader and every OPD an officer.

    The generated data has no such accounts, so without them the digests and the
    officer and leader recipients are never exercised. They are deactivated afterwards
    (deleting would make SQLite scan every table that references users, row by row).
    """
    from sqlalchemy import insert, select, update

    from tracker.core.clock import utcnow
    from tracker.extensions import db
    from tracker.parties.models import Agency, Party
    from tracker.users.models import User

    now, rows = utcnow(), []
    for party_id in db.session.scalars(select(Party.id)):
        rows += [_user(f"{role}{party_id}", role, party_id, None, now) for role in ("admin", "leader")]
    for agency_id, party_id in db.session.execute(select(Agency.id, Agency.party_id)):
        rows.append(_user(f"officer{agency_id}", "officer", party_id, agency_id, now))
    db.session.execute(insert(User), rows)
    db.session.commit()
    try:
        return _timed_pass(ctx)
    finally:
        db.session.execute(update(User).where(User.email.like(f"%@{STAFF_DOMAIN}")).values(active=False))
        db.session.commit()


def _user(local: str, role: str, party_id: int, agency_id: int | None, now) -> dict:
    return {"email": f"{local}@{STAFF_DOMAIN}", "name": local, "role": role, "party_id": party_id,
            "agency_id": agency_id, "active": True, "locale": "id", "session_token": local[:32].ljust(32, "0"),
            "created_at": now, "updated_at": now}
