"""The PostgreSQL the fault proof restarts: a private throwaway cluster (default) or the main one."""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 - fixed commands: initdb, pg_ctl, pg_ctlcluster, pg_isready
import tempfile
import time
from pathlib import Path

import common


def _version() -> str:
    return sorted(os.listdir("/etc/postgresql") or os.listdir("/usr/lib/postgresql"))[-1]


def _ready(port: int, host: str = "127.0.0.1") -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", host, "-p", str(port)], check=False).returncode == 0  # noqa: S603, S607


def _wait_ready(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not _ready(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL on port {port} did not come back")
        time.sleep(0.1)


class PrivateCluster:
    """initdb in a temporary folder, listening on a free 127.0.0.1 port only; removed at the end."""

    kind = "private cluster"

    def __init__(self) -> None:
        self.bindir = Path("/usr/lib/postgresql") / _version() / "bin"
        self.data = Path(tempfile.mkdtemp(prefix="sinergi-prove-pg-"))
        self.port = common.free_port()
        shutil.chown(self.data, "postgres", "postgres")
        self._as_postgres(str(self.bindir / "initdb"), "-D", str(self.data / "db"), "-A", "trust", "-U", "postgres")
        self._pg_ctl("start")

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True,  # noqa: S603, S607
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        self._as_postgres(str(self.bindir / "pg_ctl"), "-D", str(self.data / "db"), "-l", str(self.data / "log"),
                          "-o", options, "-w", action, *extra)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")
        _wait_ready(self.port)

    def close(self) -> None:
        try:
            self._pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.data, ignore_errors=True)


class MainCluster:
    """The machine's own cluster (PROVE_PG_RESTART=main): restarted, and always left running."""

    kind = "main cluster"
    port = 5432

    def _ctl(self, action: str) -> None:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", _version(), "main", action],  # noqa: S603, S607
                       check=False)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def restart(self) -> None:
        self._ctl("restart")
        _wait_ready(self.port)

    def close(self) -> None:
        if not _ready(self.port):
            self._ctl("start")
            _wait_ready(self.port)


def cluster():
    return MainCluster() if os.environ.get("PROVE_PG_RESTART") == "main" else PrivateCluster()


def ensure_main_running() -> None:
    """Whatever happened, leave the machine's PostgreSQL running."""
    MainCluster().close()
