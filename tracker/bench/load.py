"""``flask bench --load``: the kept bench database under gunicorn on 127.0.0.1, driven by wrk.

Per page and round: wrk's req/s with N connections, the CPU the gunicorn processes and the
PostgreSQL backends of the bench database spent (from /proc) per request, and the ratio to the
anonymous login page (the framework's floor). Pages are interleaved round by round, so a
neighbour's burst on the shared machine spreads over all pages; the medians are printed.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import click

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TICKS = os.sysconf("SC_CLK_TCK")
LOAD_EMAIL = "beban@bench.example"


def ensure_wrk() -> str:
    """The wrk binary; installed from Debian's packages when missing and allowed, else a clear error."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        click.echo("wrk is missing; installing Debian's package (apt-get install -y wrk) …", err=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False,  # noqa: S603, S607 - fixed argv
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if not found:
        raise click.ClickException("wrk is not installed: run `apt-get install -y wrk` (Debian package), then retry.")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(root: Path, database_url: str, env: dict, log_path: Path):
    """gunicorn -c gunicorn.conf.py app:app in ``root`` on a free loopback port; yields (port, pid)."""
    port = free_port()
    # Several workers must share the login throttle (the app refuses memory:// then): Redis db 4 unless set.
    environ = {**os.environ, "DATABASE_URL": database_url, "GUNICORN_BIND": f"127.0.0.1:{port}",
               "MAIL_SERVER": "", "RUN_SCHEDULER_IN_WEB": "0",
               "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "redis://127.0.0.1:6379/4", **env}
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    with log_path.open("w") as log:
        process = subprocess.Popen([str(gunicorn_bin), "-c", "gunicorn.conf.py", "app:app"], cwd=root,  # noqa: S603
                                   env=environ, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_until_up(port, process)
            yield port, process.pid
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_until_up(port: int, process, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if request(port, "GET", "/login")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise click.ClickException("gunicorn did not start (see its log).")


def request(port: int, method: str, path: str, cookie: str = "", body: dict | None = None):
    """One HTTP request on loopback: (status, headers, text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _cookies(headers, jar: dict) -> str:
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";")[0]
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def login(port: int, email: str, password: str) -> str:
    """Sign in through the real form (CSRF token and all); returns the Cookie header."""
    jar: dict = {}
    status, headers, page = request(port, "GET", "/login")
    cookie = _cookies(headers, jar)
    token = CSRF.search(page)
    body = {"email": email, "password": password, **({"csrf_token": token.group(1)} if token else {})}
    status, headers, _page = request(port, "POST", "/login", cookie, body)
    if status != 302:
        raise click.ClickException(f"The load user could not sign in (HTTP {status}).")
    return _cookies(headers, jar)


def process_tree(root_pid: int) -> list[int]:
    """``root_pid`` and every descendant (gunicorn's master and workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU seconds of each live pid."""
    result = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        result[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return result


def rss_mb(pids) -> dict[int, float]:
    """Resident memory (VmRSS) of each pid, in MB."""
    result = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    result[pid] = int(line.split()[1]) / 1024
        except OSError:
            continue
    return result


def backend_pids(admin_conn, database: str) -> list[int]:
    """Client backends of the bench database (ours only: it is a throwaway); autovacuum is not ours."""
    rows = admin_conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                              (database,)).fetchall()
    return [row[0] for row in rows]


def delta(before: dict, after: dict) -> float:
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def run_wrk(wrk: str, port: int, path: str, cookie: str, connections: int, seconds: float) -> dict:
    """wrk against one path; requests, req/s and the non-2xx/3xx count."""
    argv = [wrk, "-t2", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s"]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    argv.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60, check=False).stdout  # noqa: S603
    requests = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if not requests or not rps:
        raise click.ClickException(f"wrk gave no figures for {path}:\n{out}")
    return {"requests": int(requests.group(1)), "rps": float(rps.group(1)),
            "bad": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else ""}
