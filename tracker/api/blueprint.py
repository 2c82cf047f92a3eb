"""The flask-smorest blueprint every JSON endpoint hangs off (``api.*`` under /api/v1)."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Sinergi JSON API: naskah kerja sama, program tindak lanjut dan laporan kemajuan.",
)
