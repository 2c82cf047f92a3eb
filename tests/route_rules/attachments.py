"""Rules for attachments.*: evidence is downloaded (and its thumbnail shown) by whoever sees its
record, archived by its owners."""

import io

from werkzeug.datastructures import FileStorage

from tests.route_rules import SIGNED_IN, Rule
from tests.route_rules.programs import FOREIGN_READ, FOREIGN_WRITES, OWNER_WRITES
from tests.samples import PNG
from tracker.attachments.services import store_upload
from tracker.core.clock import utcnow


def _evidence(entry, endpoint, archived=False, **values):
    """Store a real PNG as evidence of ``entry`` (archived if asked) and return the endpoint's URL for it."""
    def url(w):
        attachment = store_upload(FileStorage(io.BytesIO(PNG), "bukti.png"), progress_entry=entry(w))
        attachment.archived_at = utcnow() if archived else None
        w.db.session.commit()
        return w.url(endpoint, attachment_id=attachment.id, **values)
    return url


RULES = [
    Rule("attachments.download", SIGNED_IN,
         url=_evidence(lambda w: w.entry, "attachments.download")),
    Rule("attachments.download", FOREIGN_READ, name="foreign",
         url=_evidence(lambda w: w.foreign_entry, "attachments.download")),
    Rule("attachments.thumbnail", SIGNED_IN,
         url=_evidence(lambda w: w.entry, "attachments.thumbnail", size="small")),
    Rule("attachments.thumbnail", FOREIGN_READ, name="foreign",
         url=_evidence(lambda w: w.foreign_entry, "attachments.thumbnail", size="large")),
    Rule("attachments.view", SIGNED_IN,
         url=_evidence(lambda w: w.entry, "attachments.view")),
    Rule("attachments.view", FOREIGN_READ, name="foreign",
         url=_evidence(lambda w: w.foreign_entry, "attachments.view")),
    Rule("attachments.archive", OWNER_WRITES, method="POST",
         url=_evidence(lambda w: w.entry, "attachments.archive")),
    Rule("attachments.restore", OWNER_WRITES, method="POST",
         url=_evidence(lambda w: w.entry, "attachments.restore", archived=True)),
    Rule("attachments.restore", FOREIGN_WRITES, method="POST", name="foreign",
         url=_evidence(lambda w: w.foreign_entry, "attachments.restore", archived=True)),
]
