"""APScheduler 3 set-up: a dedicated ``flask scheduler`` process, or the demo web process."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

import click
from flask import Flask

from tracker.reminders import jobs

log = logging.getLogger("tracker.reminders")


def _in_app(app: Flask, job, guard=None):
    def run():
        if guard is not None and not guard():
            log.warning("Scheduled job %s skipped: this scheduler no longer leads", job.__name__)
            return
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


def configure(scheduler, app: Flask, guard=None):
    """Rules daily at 07:00, digests Monday and the 1st at 07:00, outbox every minute.

    ``guard`` (the leader's lock check) runs before every job: a job never starts once the lock is lost.
    """
    options = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600, "replace_existing": True}
    scheduler.add_job(_in_app(app, jobs.rules_job, guard), "cron", hour=7, minute=0, id="reminder-rules", **options)
    scheduler.add_job(_in_app(app, jobs.digests_job, guard), "cron", day_of_week="mon", hour=7, minute=0,
                      id="weekly-digest", **options)
    scheduler.add_job(_in_app(app, jobs.digests_job, guard), "cron", day=1, hour=7, minute=0,
                      id="monthly-summary", **options)
    scheduler.add_job(_in_app(app, jobs.outbox_job, guard), "interval",
                      seconds=setting(app, "SCHEDULER_OUTBOX_SECONDS", 60), id="outbox", **options)
    scheduler.add_job(_in_app(app, jobs.consent_job, guard), "cron", minute=5, id="consent-lapse", **options)
    return scheduler


def setting(app: Flask, name: str, default: float) -> float:
    """A timing from the app config, else the environment (tests shorten them), else ``default``."""
    return float(app.config.get(name) or os.environ.get(name) or default)


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
    _beat_and_catch_up(scheduler, app)
    scheduler.start()
    app.extensions["reminder_scheduler"] = scheduler
    atexit.register(lambda: scheduler.shutdown(wait=False))
    log.info("Reminder jobs run in this web process (pid %s)", os.getpid())


def _beat_and_catch_up(scheduler, app: Flask) -> None:
    """The web process's scheduler beats the heartbeat too, and runs today's rules at start, not at 07:00."""
    from datetime import datetime

    from tracker.ops.leader import beat

    now = datetime.now(scheduler.timezone)
    scheduler.add_job(_in_app(app, beat), "interval", seconds=setting(app, "SCHEDULER_BEAT_SECONDS", 60),
                      id="heartbeat", next_run_time=now, coalesce=True, max_instances=1, replace_existing=True)
    # A rule fires once per occurrence, so running now and again at 07:00 never sends twice.
    scheduler.add_job(_in_app(app, jobs.rules_job), "date", run_date=now, id="catch-up", replace_existing=True)


class LeaderLoop:
    """``flask scheduler``: a hot standby until it holds the lock, then the only process running jobs.

    While leading it checks the lock every SCHEDULER_POLL_SECONDS and before every job, and beats
    the heartbeat every SCHEDULER_BEAT_SECONDS; when the lock's connection dies (database restart,
    pg_terminate_backend) it stops its jobs and waits again. A run already sending when the lock
    goes finishes under the outbox's row claims, so no mail goes twice.
    """

    def __init__(self, app: Flask) -> None:
        from tracker.ops.leader import Leadership

        self.app = app
        self.leadership = Leadership()
        self._lock = threading.Lock()  # the lock's connection is used by the loop and job threads
        self.stop_event = threading.Event()
        self.leading = threading.Event()
        self.terms = 0  # how many times this process became the leader
        self.poll = setting(app, "SCHEDULER_POLL_SECONDS", 5)
        self.beat_every = setting(app, "SCHEDULER_BEAT_SECONDS", 60)

    def run(self) -> None:
        """Wait, lead, and wait again after losing the lock, until :meth:`stop`."""
        while not self.stop_event.is_set():
            if self._wait():
                self._lead()

    def stop(self) -> None:
        self.stop_event.set()

    def holds_lock(self) -> bool:
        """The job guard: still the leader right now?"""
        if not self.leading.is_set():
            return False
        with self._lock, self.app.app_context():
            return self.leadership.still_held()

    def _wait(self) -> bool:
        log.info("Scheduler %s waits as a standby for leadership", os.getpid())
        while not self.stop_event.is_set():
            with self._lock, self.app.app_context():
                try:
                    if self.leadership.try_acquire():
                        return True
                except Exception:  # noqa: BLE001 - database away: keep waiting, it comes back
                    log.warning("Scheduler cannot reach the database; still waiting", exc_info=True)
            self.stop_event.wait(self.poll)
        return False

    def _lead(self) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler

        self.terms += 1
        log.info("Scheduler %s leads (term %s)", os.getpid(), self.terms)
        scheduler = configure(BackgroundScheduler(timezone=self.app.config["TRACKER_TIMEZONE"]), self.app,
                              guard=self.holds_lock)
        self.leading.set()
        scheduler.start()
        last_beat = None
        try:
            while True:
                with self._lock, self.app.app_context():
                    if not self.leadership.still_held():
                        log.warning("Scheduler %s lost the leadership lock", os.getpid())
                        break
                if last_beat is None or time.monotonic() - last_beat >= self.beat_every:
                    self._beat()
                    last_beat = time.monotonic()
                if self.stop_event.wait(min(self.poll, self.beat_every)):
                    break
        finally:
            self.leading.clear()
            # Stop taking new runs at once; a run already sending finishes under the outbox's claims.
            scheduler.shutdown(wait=False)
            with self._lock, self.app.app_context():
                self.leadership.release()
            log.info("Scheduler %s stopped leading", os.getpid())

    def _beat(self) -> None:
        from tracker.extensions import db
        from tracker.ops.leader import beat

        with self.app.app_context():
            try:
                beat()
            except Exception:  # noqa: BLE001 - a missed beat is not fatal; the lock decides
                db.session.rollback()
                log.warning("Scheduler heartbeat failed", exc_info=True)
            finally:
                db.session.remove()
