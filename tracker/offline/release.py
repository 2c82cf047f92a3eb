"""The release version that names the service worker's caches."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

_ROOT = Path(__file__).resolve().parents[2]
_computed: dict[str, str] = {}


def _digest() -> str:
    """A hash of what a deployment ships (code, templates, static files, catalogs)."""
    if "value" not in _computed:
        digest = hashlib.sha256()
        for folder in ("tracker", "templates", "static", "translations"):
            for path in sorted((_ROOT / folder).rglob("*")):
                if path.is_file() and path.suffix in {".py", ".html", ".js", ".css", ".svg", ".png", ".po"}:
                    digest.update(path.relative_to(_ROOT).as_posix().encode())
                    digest.update(path.read_bytes())
        _computed["value"] = digest.hexdigest()[:12]
    return _computed["value"]


def release_version() -> str:
    """RELEASE_VERSION when the deployment sets it, else a hash of the shipped files."""
    return str(current_app.config.get("RELEASE_VERSION") or _digest())
