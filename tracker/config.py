"""Settings from the environment (and a ``.env`` file); tests pass a mapping."""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import load_dotenv


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict:
    """Read every setting Sinergi knows from the process environment."""
    load_dotenv(Path.cwd() / ".env")
    env = os.environ.get
    sqlite_path = Path(instance_path) / "sinergi.sqlite3"
    base_url = env("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    return {
        "SECRET_KEY": env("SECRET_KEY") or _dev_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            env("DATABASE_URL") or f"sqlite:///{sqlite_path}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": base_url,
        "TRACKER_TIMEZONE": env("TRACKER_TIMEZONE", "Asia/Jakarta"),
        "MAIL_SERVER": env("MAIL_SERVER", ""),
        "MAIL_PORT": int(env("MAIL_PORT") or 25),
        "MAIL_USE_TLS": _bool(env("MAIL_USE_TLS")),
        "MAIL_USE_SSL": _bool(env("MAIL_USE_SSL")),
        "MAIL_USERNAME": env("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env("MAIL_DEFAULT_SENDER", "sinergi@localhost"),
        "UPLOAD_FOLDER": env("UPLOAD_FOLDER") or str(Path(instance_path) / "uploads"),
        "MAX_UPLOAD_MB": int(env("MAX_UPLOAD_MB") or 10),
        # Evidence thumbnails made by the server (a cache: safe to delete), outside any web root;
        # unset: "thumbnails" beside UPLOAD_FOLDER.
        "THUMBNAIL_FOLDER": env("THUMBNAIL_FOLDER") or None,
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI", "memory://"),
        "CACHE_REDIS_URL": env("CACHE_REDIS_URL") or None,
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
        "REMEMBER_COOKIE_SECURE": base_url.startswith("https://"),
        "RUN_SCHEDULER_IN_WEB": _bool(env("RUN_SCHEDULER_IN_WEB")),
        "LOG_FORMAT": env("LOG_FORMAT", "text"),
        # Number of reverse proxies in front of the app (nginx: 1); only they may set X-Forwarded-*.
        "PROXY_HOPS": int(env("PROXY_HOPS") or 0),
        # Web worker processes (gunicorn.conf.py says how many): more than one must share the throttle.
        "WEB_WORKERS": int(env("WEB_WORKERS") or 1),
        **_optional(env),
    }


# Tuning knobs read from the environment only when set; the code holds their defaults.
OPTIONAL_INT = (
    "REMINDER_MAIL_MAX_ATTEMPTS",
    "REMINDER_MAIL_BACKOFF_SECONDS",
    "REMINDER_LINK_MAX_AGE_DAYS",
    "CACHE_DEFAULT_TIMEOUT",
    "SCHEDULER_POLL_SECONDS",
    "SCHEDULER_BEAT_SECONDS",
    "SCHEDULER_OUTBOX_SECONDS",
    "MONEV_INTERVAL_MONTHS",
    "RENEWAL_NOTICE_DAYS",
    "AGREEMENT_EXPIRING_DAYS",
    "PROGRAMME_DUE_SOON_DAYS",
    "PROGRAMME_STALLED_DAYS",
    "PKS_MAX_YEARS",
    "PASSWORD_RESET_MAX_AGE",
    "INVITE_MAX_AGE",
    "CONSENT_LAPSE_DAYS",
    "IMPORT_MAX_ROWS",
    "PUBLIC_CACHE_SECONDS",
)
OPTIONAL_TEXT = ("LOGIN_LIMIT_PER_EMAIL", "LOGIN_LIMIT_PER_IP", "API_RATE_LIMIT", "API_GUESS_LIMIT", "RELEASE_VERSION",
                 "CACHE_TYPE", "PUBLIC_RATE_LIMIT", "PROPOSAL_STAGE_DAYS", "REPORT_PERIOD", "REPORT_OFFICE",
                 "REPORT_UNIT", "REPORT_CONTACT", "REPORT_SECTIONS_FILE")


def _optional(env) -> dict:
    values: dict = {name: int(env(name)) for name in OPTIONAL_INT if (env(name) or "").strip().isdigit()}
    values.update({name: env(name) for name in OPTIONAL_TEXT if env(name)})
    return values


DEFAULTS: dict = {
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "BOOTSTRAP_SERVE_LOCAL": True,
    "BABEL_DEFAULT_LOCALE": "id",
    # Flask-Babel joins a relative path to the package (tracker/); the catalogs live at the top.
    "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
    "LANGUAGES": ("id", "en"),
    "WTF_CSRF_TIME_LIMIT": None,
    # Status thresholds; DESIGN.md marks these as settings, not constants.
    "AGREEMENT_EXPIRING_DAYS": 180,
    "PROGRAMME_DUE_SOON_DAYS": 14,
    "PROGRAMME_STALLED_DAYS": 30,
    "PKS_MAX_YEARS": 5,
    "MONEV_INTERVAL_MONTHS": 6,
    "RENEWAL_NOTICE_DAYS": 180,
    "PAGE_SIZE": 20,
    # Public pages (/publik/): how long shared caches keep a page, and the per-address limit.
    "PUBLIC_CACHE_SECONDS": 60,
    "PUBLIC_RATE_LIMIT": "120/minute",
    # Proposals (issue 17): days each stage of PP 28/2018 Pasal 6(1) is given once it starts,
    # "stage=days,…" in the environment; stages not named keep these.
    "PROPOSAL_STAGE_DAYS": "persiapan=30,penawaran=30,penyusunan_kb=60,penandatanganan_kb=30,"
                           "persetujuan_dprd=60,penyusunan_pks=60,penandatanganan_pks=30",
    # The report upward (pelaporan): "semester" or "year"; the letterhead under the Pemda's name.
    "REPORT_PERIOD": "semester",
    "REPORT_OFFICE": "Sekretariat Daerah",
    "REPORT_UNIT": "Bagian Kerja Sama",
    "REPORT_CONTACT": "",
}


def check_shared_storage(config) -> None:
    """Refuse to start several workers whose login throttles would each count on their own."""
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if int(config.get("WEB_WORKERS") or 1) > 1 and storage.startswith("memory://") \
            and config.get("RATELIMIT_ENABLED", True):
        raise SystemExit(
            f"Sinergi does not start {config.get('WEB_WORKERS')} web workers with "
            "RATELIMIT_STORAGE_URI=memory://: each worker would count failed logins on its own, so the "
            "login throttle would not hold. Set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 "
            "(see deploy/sinergi.env.example) or run one worker (GUNICORN_WORKERS=1)."
        )


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _dev_secret(instance_path: str) -> str:
    """A per-install random key kept in instance/, so no secret lives in the repo."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(32).hex())
        path.chmod(0o600)
    return path.read_text().strip()
