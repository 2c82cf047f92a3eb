"""/healthz for monitoring: database, scheduler heartbeat, outbox backlog."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from tracker.core.clock import utcnow
from tracker.extensions import csrf, db, limiter

bp = Blueprint("ops", __name__)
HEALTH_CHECKS: list = []  # extra checks: callables returning a dict merged into the answer


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
        return {"database": "ok"}
    except Exception as error:  # noqa: BLE001 - reported, not raised: this page must answer
        db.session.rollback()
        return {"database": "error", "database_error": type(error).__name__}


def _scheduler() -> dict:
    from tracker.ops.models import Heartbeat

    try:
        row = db.session.get(Heartbeat, "scheduler")
    except Exception:  # noqa: BLE001
        db.session.rollback()
        return {"scheduler_heartbeat_age_s": None}
    if row is None:
        return {"scheduler_heartbeat_age_s": None}
    return {"scheduler_heartbeat_age_s": round((utcnow() - row.beat_at).total_seconds()), "scheduler_holder": row.holder}


@bp.route("/healthz")
@limiter.exempt
@csrf.exempt
def healthz():
    """200 when the database answers (503 otherwise), with the other figures for monitoring."""
    answer = _database()
    if answer["database"] == "ok":
        answer.update(_scheduler())
        for check in HEALTH_CHECKS:
            try:
                answer.update(check())
            except Exception:  # noqa: BLE001
                db.session.rollback()
                current_app.logger.exception("health check %s failed", getattr(check, "__name__", check))
    status = 200 if answer["database"] == "ok" else 503
    return jsonify(answer), status
