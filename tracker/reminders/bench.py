"""``flask bench`` measurement: one full reminder pass over the benchmark data, writing nothing."""

from __future__ import annotations

import time

from tracker.bench.measure import BenchContext, register


@register("reminders_s")
def reminders_pass(ctx: BenchContext) -> float:
    """Seconds for every rule over the whole data set (dry-run semantics)."""
    from tracker.reminders.services import plan

    started = time.perf_counter()
    plan(ctx.today)
    return round(time.perf_counter() - started, 2)
