"""``flask bench`` measurement: the Arsip page of a coordinator of the busiest Pemda."""

from __future__ import annotations

from tracker.bench.measure import BenchContext, median_ms, register


@register("archive_ms")
def archive_page(ctx: BenchContext) -> float:
    """Median ms of GET /archive/ (every archived record the coordinator may restore, first page)."""
    from tracker.bench.command import BENCH_PASSWORD
    from tracker.extensions import db
    from tracker.users.services import create_user

    admin = create_user(email="koordinator@bench.example", name="Koordinator (bench)", role="admin",
                        party=ctx.leader.party, password=BENCH_PASSWORD)
    db.session.commit()
    client = ctx.app.test_client()
    client.post("/login", data={"email": admin.email, "password": BENCH_PASSWORD})

    def fetch():
        response = client.get("/archive/")
        if response.status_code != 200:
            raise RuntimeError(f"GET /archive/ answered {response.status_code}")

    return median_ms(fetch, ctx.repeat)
