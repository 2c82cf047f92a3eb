"""``flask bench`` measurements: the public pages at national scale, every agreement published."""

from __future__ import annotations

import statistics
import time

from tracker.bench.measure import BenchContext, median_ms, register


def _publish_everything(ctx: BenchContext) -> None:
    """Publish every generated agreement once (the worst case for the index and the search)."""
    if getattr(ctx, "public_ready", False):
        return
    from sqlalchemy import insert, literal, select, true

    from tracker.agreements.models import Agreement
    from tracker.core.clock import utcnow
    from tracker.extensions import db
    from tracker.publication.models import Publication

    now = utcnow()
    rows = select(Agreement.id, literal(now), true(), true(), true(), true(), literal(now), literal(now))
    db.session.execute(insert(Publication).from_select(
        ["agreement_id", "published_at", "show_programmes", "show_progress", "show_photos", "show_budgets",
         "created_at", "updated_at"], rows))
    db.session.commit()
    ctx.public_ready = True


def _fetcher(ctx: BenchContext, url: str):
    _publish_everything(ctx)
    client = ctx.app.test_client()

    def fetch():
        response = client.get(url)
        if response.status_code != 200 or "Set-Cookie" in response.headers:
            raise RuntimeError(f"GET {url} answered {response.status_code} {response.headers}")

    return fetch


def _anonymous(ctx: BenchContext, url: str) -> float:
    return median_ms(_fetcher(ctx, url), ctx.repeat)


def _cpu(ctx: BenchContext, url: str) -> float:
    """Median CPU time of this process per request: on SQLite all the work, and steady on a busy machine."""
    fetch = _fetcher(ctx, url)
    fetch()
    times = []
    for _ in range(ctx.repeat):
        started = time.process_time()
        fetch()
        times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 2)


@register("public_index_ms")
def public_index(ctx: BenchContext) -> float:
    """GET /publik/: every Pemda with published agreements, and the latest 20."""
    return _anonymous(ctx, "/publik/")


@register("public_index_uncached_ms")
def public_index_uncached(ctx: BenchContext) -> float:
    """GET /publik/ with PUBLIC_CACHE_SECONDS=0: the counts per province computed on every request."""
    seconds = ctx.app.config["PUBLIC_CACHE_SECONDS"]
    ctx.app.config["PUBLIC_CACHE_SECONDS"] = 0
    try:
        return _anonymous(ctx, "/publik/")
    finally:
        ctx.app.config["PUBLIC_CACHE_SECONDS"] = seconds


@register("public_agreement_ms")
def public_agreement(ctx: BenchContext) -> float:
    """GET /publik/kerja-sama/<id>: the busiest Pemda's agreement with most programmes."""
    return _anonymous(ctx, f"/publik/kerja-sama/{ctx.agreement_id}")


@register("public_region_ms")
def public_region(ctx: BenchContext) -> float:
    """GET /publik/daerah/<code> of the busiest Pemda."""
    return _anonymous(ctx, f"/publik/daerah/{ctx.leader.party.region_code}")


@register("public_search_ms")
def public_search(ctx: BenchContext) -> float:
    """GET /publik/cari?q=...: a word in many titles, fields and programmes."""
    return _anonymous(ctx, "/publik/cari?q=pendidikan")


@register("public_index_cpu_ms")
def public_index_cpu(ctx: BenchContext) -> float:
    """CPU ms of GET /publik/ (the wall figure above also counts waiting for a busy CPU)."""
    return _cpu(ctx, "/publik/")


@register("public_agreement_cpu_ms")
def public_agreement_cpu(ctx: BenchContext) -> float:
    """CPU ms of GET /publik/kerja-sama/<id>."""
    return _cpu(ctx, f"/publik/kerja-sama/{ctx.agreement_id}")
