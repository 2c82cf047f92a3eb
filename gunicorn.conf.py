"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py app:app`.

Production settings (deploy/sinergi.env.example): several workers share the login throttle
through Redis, and the app trusts one proxy (nginx) for the visitor's address:

    RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0
    PROXY_HOPS=1

With more than one worker and the in-memory throttle the app refuses to start.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes a district office down; rarely, since
# each recycle costs a fork (the app is loaded once in the master: preload_app).
max_requests = 50000
max_requests_jitter = 5000
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Reminders never run inside web workers: one `flask scheduler` process does that.
raw_env = ["RUN_SCHEDULER_IN_WEB=0"]
# Several workers share cached pages only through Redis; without it each would keep its own copy
# and miss the others' writes, so the page cache is off.
if workers > 1 and not os.environ.get("CACHE_REDIS_URL") and not os.environ.get("CACHE_TYPE"):
    raw_env.append("CACHE_TYPE=NullCache")


def post_fork(server, worker):
    """A forked worker opens its own database connections, never the master's."""
    from app import app
    from tracker.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def on_starting(server):
    """Stop before forking when the workers could not share the login throttle."""
    from dotenv import load_dotenv

    from tracker.config import check_shared_storage

    load_dotenv(os.path.join(os.getcwd(), ".env"))
    # The workers inherit this: the app checks it too (tracker/config.py), however it is started.
    os.environ["WEB_WORKERS"] = str(server.cfg.workers)
    check_shared_storage({"WEB_WORKERS": server.cfg.workers,
                          "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI")})
