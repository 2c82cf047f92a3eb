"""Timed measurements of a generated data set; other features register their own."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

# key -> function(context) returning a number (ms or s, as the key says) or None when not applicable
MEASUREMENTS: dict[str, Callable[[BenchContext], float | None]] = {}


@dataclass
class BenchContext:
    """What a measurement needs: the app (context pushed), a logged-in leader's client, ids."""

    app: object
    client: object
    leader: object
    agreement_id: int
    today: object
    repeat: int
    results: dict


def register(key: str):
    """Decorator: add a measurement under ``key`` to every ``flask bench`` run."""

    def wrap(function):
        MEASUREMENTS[key] = function
        return function

    return wrap


def load_feature_measurements() -> None:
    """Import ``tracker.<feature>.bench`` modules, whose @register calls add their figures."""
    import importlib
    import importlib.util
    import pkgutil

    import tracker

    for info in pkgutil.iter_modules(tracker.__path__):
        name = f"tracker.{info.name}.bench"
        if info.ispkg and info.name != "bench" and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``action`` in ms after one warm-up run."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def _get(ctx: BenchContext, url: str) -> Callable[[], object]:
    def fetch():
        response = ctx.client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    return fetch


@register("dashboard_ms")
def dashboard(ctx: BenchContext) -> float:
    return median_ms(_get(ctx, "/dashboard"), ctx.repeat)


@register("dashboard_sql_ms")
def dashboard_sql(ctx: BenchContext) -> float:
    from tracker.dashboards import queries
    from tracker.dashboards.filters import Filters
    from tracker.extensions import db

    def run():
        queries.run(queries.leader_statements(ctx.leader, Filters(), ctx.today))
        db.session.rollback()

    return median_ms(run, ctx.repeat)


@register("dashboard_ratio")
def dashboard_ratio(ctx: BenchContext) -> float | None:
    page, sql = ctx.results.get("dashboard_ms"), ctx.results.get("dashboard_sql_ms")
    return round(page / sql, 2) if page and sql else None


@register("list_ms")
def agreement_list(ctx: BenchContext) -> float:
    return median_ms(_get(ctx, "/agreements/"), ctx.repeat)


@register("detail_ms")
def agreement_detail(ctx: BenchContext) -> float | None:
    from flask import url_for

    if "agreements.detail" not in ctx.app.view_functions:
        return None
    with ctx.app.test_request_context():
        url = url_for("agreements.detail", agreement_id=ctx.agreement_id)
    return median_ms(_get(ctx, url), ctx.repeat)
