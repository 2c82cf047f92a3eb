"""APScheduler 3 set-up: a dedicated ``flask scheduler`` process, or the demo web process."""

from __future__ import annotations

import atexit
import logging
import os

import click
from flask import Flask

from tracker.reminders import jobs

log = logging.getLogger("tracker.reminders")


def _in_app(app: Flask, job):
    def run():
        with app.app_context():
            try:
                job()
            except Exception:  # a failed run must not kill the scheduler
                log.exception("Scheduled job %s failed", job.__name__)
                from tracker.extensions import db

                db.session.rollback()
            finally:
                from tracker.extensions import db

                db.session.remove()

    run.__name__ = job.__name__
    return run


def configure(scheduler, app: Flask):
    """Rules daily at 07:00, digests Monday and the 1st at 07:00, outbox every minute."""
    options = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600, "replace_existing": True}
    scheduler.add_job(_in_app(app, jobs.rules_job), "cron", hour=7, minute=0, id="reminder-rules", **options)
    scheduler.add_job(_in_app(app, jobs.digests_job), "cron", day_of_week="mon", hour=7, minute=0,
                      id="weekly-digest", **options)
    scheduler.add_job(_in_app(app, jobs.digests_job), "cron", day=1, hour=7, minute=0,
                      id="monthly-summary", **options)
    scheduler.add_job(_in_app(app, jobs.outbox_job), "interval", minutes=1, id="outbox", **options)
    return scheduler


def blocking_scheduler(app: Flask):
    from apscheduler.schedulers.blocking import BlockingScheduler

    return configure(BlockingScheduler(timezone=app.config["TRACKER_TIMEZONE"]), app)


def should_run_in_web(app: Flask) -> bool:
    """Only in the process that serves ``flask run`` (the reloader's child), never in other commands."""
    if not app.config.get("RUN_SCHEDULER_IN_WEB") or app.testing:
        return False
    if os.environ.get("WERKZEUG_RUN_MAIN") == "true":
        return True
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return True  # a WSGI server imported the app
    if ctx.info_name != "run" or ctx.parent is None or ctx.parent.parent is not None:
        return False  # another flask command (db upgrade, reminders run, …)
    reload = ctx.params.get("reload")
    if reload is None:
        reload = bool(ctx.params.get("debug")) or app.debug
    return not reload  # with the reloader, only its child (WERKZEUG_RUN_MAIN) runs jobs


def register_scheduler(app: Flask) -> None:
    """``make run``: run the jobs in the web process when RUN_SCHEDULER_IN_WEB is set."""
    if not should_run_in_web(app):
        return
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = configure(BackgroundScheduler(timezone=app.config["TRACKER_TIMEZONE"], daemon=True), app)
    scheduler.start()
    app.extensions["reminder_scheduler"] = scheduler
    atexit.register(lambda: scheduler.shutdown(wait=False))
    log.info("Reminder jobs run in this web process (pid %s)", os.getpid())
