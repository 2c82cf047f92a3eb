"""What users read for the consent step's codes."""

from tracker.i18n import lazy_gettext as _l

STATUS = {
    "pending": _l("Menunggu persetujuan"),
    "applied": _l("Disetujui dan berlaku"),
    "rejected": _l("Ditolak"),
    "lapsed": _l("Gugur (tidak diputuskan tepat waktu)"),
    "cancelled": _l("Ditarik oleh pengusul"),
}
DECISION = {"pending": _l("Belum memutuskan"), "accepted": _l("Setuju"), "rejected": _l("Menolak")}


def status(code: str) -> str:
    return str(STATUS.get(code, code))


def decision(code: str) -> str:
    return str(DECISION.get(code, code))
