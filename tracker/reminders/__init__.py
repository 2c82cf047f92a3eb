"""Scheduled email reminders; registers the outbox figures with /healthz."""

from tracker.ops.health import HEALTH_CHECKS


def _outbox_health() -> dict:
    from tracker.reminders.health import outbox_health

    return outbox_health()


if _outbox_health not in HEALTH_CHECKS:
    HEALTH_CHECKS.append(_outbox_health)
