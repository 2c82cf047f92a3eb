"""Only one scheduler acts at a time, even across hosts.

On PostgreSQL a session-level advisory lock is held on a dedicated connection: a second
scheduler polls ``pg_try_advisory_lock`` as a hot standby and takes over as soon as the
first one's connection dies (crash, SIGKILL, lost host). On SQLite, which only ever runs
on one host, an exclusive ``flock`` on a file in instance/ plays the same role.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from tracker.core.clock import utcnow
from tracker.extensions import db

LOCK_KEY = 0x53494E45  # "SINE": the advisory lock id shared by every scheduler


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Leadership:
    """Acquire, keep and release the scheduler's leadership."""

    def __init__(self, name: str = "scheduler") -> None:
        self.name = name
        self._connection = None
        self._file = None

    @property
    def held(self) -> bool:
        return self._connection is not None or self._file is not None

    def try_acquire(self) -> bool:
        """Take leadership if free; never blocks."""
        if db.engine.dialect.name == "postgresql":
            connection = db.engine.connect()
            got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar()
            connection.commit()
            if got:
                self._connection = connection
                return True
            connection.close()
            return False
        path = Path(current_app.instance_path) / f"{self.name}.lock"
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def wait(self, poll_seconds: float = 5.0, give_up_after: float | None = None) -> bool:
        """Block as a hot standby until leadership is ours (or the time is up)."""
        started = time.monotonic()
        while not self.try_acquire():
            if give_up_after is not None and time.monotonic() - started >= give_up_after:
                return False
            time.sleep(poll_seconds)
        return True

    def still_held(self) -> bool:
        """False when the lock connection died (then another scheduler may lead)."""
        if self._file is not None:
            return True
        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means the session (and lock) is gone
            self.release()
            return False

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                self._connection.commit()
                self._connection.close()
            except Exception:  # noqa: BLE001, S110 - a dead connection has released the lock already
                pass
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def beat(name: str = "scheduler") -> None:
    """Record that the leader is alive (committed at once)."""
    from tracker.ops.models import Heartbeat

    row = db.session.get(Heartbeat, name) or Heartbeat(name=name)
    row.holder = holder_name()
    row.beat_at = utcnow()
    db.session.add(row)
    db.session.commit()
