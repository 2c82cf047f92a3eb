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
# Recycle workers now and then so a slow leak never takes a district office down.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Reminders never run inside web workers: one `flask scheduler` process does that.
raw_env = ["RUN_SCHEDULER_IN_WEB=0"]


def on_starting(server):
    """Stop before forking when the workers could not share the login throttle."""
    from dotenv import load_dotenv

    from tracker.config import check_shared_storage

    load_dotenv(os.path.join(os.getcwd(), ".env"))
    # The workers inherit this: the app checks it too (tracker/config.py), however it is started.
    os.environ["WEB_WORKERS"] = str(server.cfg.workers)
    check_shared_storage({"WEB_WORKERS": server.cfg.workers,
                          "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI")})
