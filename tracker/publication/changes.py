"""The consent kinds of publication: "publish" waits for every party, "unpublish" applies at once."""

from __future__ import annotations

from tracker.agreements.models import Agreement
from tracker.consent import services as consent
from tracker.consent.models import ChangeRequest
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.publication import services

SHOWN = {
    "show_programmes": _l("program dan capaian"),
    "show_progress": _l("uraian laporan kemajuan"),
    "show_photos": _l("foto publik"),
    "show_budgets": _l("anggaran"),
}


def _agreement(request: ChangeRequest) -> Agreement:
    return db.session.get(Agreement, request.agreement_id)


def _apply_publish(request: ChangeRequest) -> None:
    services.publish(_agreement(request), request.payload, user=request.proposed_by)


def _apply_unpublish(request: ChangeRequest) -> None:
    services.unpublish(_agreement(request), user=request.proposed_by)


def _describe_publish(request: ChangeRequest) -> str:
    choices = services.clean_choices(request.payload)
    shown = ", ".join(str(label) for name, label in SHOWN.items() if choices[name]) or _("hanya naskah dan bidang")
    return _("Menampilkan naskah di halaman publik (%(shown)s)", shown=shown)


consent.register("publish", label=_l("Publikasi kerja sama"), apply=_apply_publish, describe=_describe_publish)
# Any one party may take the agreement off the public pages: nobody has to decide.
consent.register("unpublish", label=_l("Penghentian publikasi"), apply=_apply_unpublish, deciders=lambda r: [],
                 describe=lambda r: _("Menghentikan publikasi di halaman publik"))
