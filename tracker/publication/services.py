"""Publishing and unpublishing agreements, and marking photos public; audited, flushed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tracker.agreements.models import Agreement
from tracker.attachments.models import Attachment
from tracker.audit import services as audit
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.progress.models import ProgressEntry
from tracker.publication.models import CHOICES, Publication, PublicPhoto

# Photos the public pages can resize; HEIC and documents never leave the login.
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


def clean_choices(values: dict | None) -> dict:
    """The publication choices from a form or a consent payload, with the defaults for gaps."""
    values = values or {}
    return {name: bool(values.get(name, default)) for name, default in CHOICES.items()}


def publication_of(agreement: Agreement) -> Publication | None:
    return db.session.scalar(select(Publication).where(Publication.agreement_id == agreement.id))


def is_published(agreement: Agreement) -> bool:
    record = publication_of(agreement)
    return record is not None and record.is_published


def publish(agreement: Agreement, choices: dict | None = None, user: Any = None) -> Publication:
    """Show the agreement on the public pages with these choices (what the parties agreed to)."""
    record = publication_of(agreement)
    if record is None:
        record = Publication(agreement=agreement, **clean_choices(None))
        db.session.add(record)
    values = clean_choices(choices)
    if not record.is_published:
        values["published_at"] = utcnow()
    changes = audit.apply_changes(record, values)
    db.session.flush()
    if changes:
        audit.record("publish", record, changes, summary=agreement.title, user=user)
    return record


def unpublish(agreement: Agreement, user: Any = None) -> Publication | None:
    """Take the agreement off the public pages at once: any one party may, without consent."""
    record = publication_of(agreement)
    if record is None or not record.is_published:
        return record
    changes = audit.apply_changes(record, {"published_at": None})
    audit.record("unpublish", record, changes, summary=agreement.title, user=user)
    db.session.flush()
    return record


def public_photo_ids(attachment_ids) -> set[int]:
    ids = list(attachment_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(PublicPhoto.attachment_id).where(PublicPhoto.attachment_id.in_(ids))))


def entry_photos_public(entry: ProgressEntry) -> bool:
    """Whether the reporting officer marked this entry's photos public (any of them)."""
    return bool(public_photo_ids(a.id for a in entry.attachments))


def set_public_photos(entry: ProgressEntry, public: bool, user: Any = None) -> int:
    """Mark (or unmark) every photo of an entry as fit for the public pages; returns how many changed."""
    db.session.flush()
    photos = [a for a in entry.attachments if a.content_type in PHOTO_TYPES and a.archived_at is None]
    marked = public_photo_ids(a.id for a in photos)
    changed = 0
    for photo in photos:
        if public == (photo.id in marked):
            continue
        if public:
            db.session.add(PublicPhoto(attachment_id=photo.id, marked_by_id=getattr(user, "id", None)))
        else:
            db.session.delete(db.session.get(PublicPhoto, photo.id))
        audit.record("update", photo, {"public_photo": (not public, public)}, summary=photo.original_name,
                     user=user)
        changed += 1
    db.session.flush()
    return changed


def public_attachment(attachment_id: int) -> Attachment | None:
    """The photo if the public may see it: marked public, live, of a published agreement showing photos."""
    from tracker.publication.queries import public_photos

    row = db.session.execute(public_photos().where(Attachment.id == attachment_id)).first()
    return db.session.get(Attachment, attachment_id) if row else None


def propose_publication(agreement: Agreement, choices: dict, *, by: Any, reason: str | None = None):
    """Ask every other party's coordinator to publish with these choices (the consent step).

    Applied at once while no other party has a coordinator on this deployment.
    """
    from tracker.consent import services as consent

    return consent.propose("publish", subject=agreement, agreement=agreement, payload=clean_choices(choices),
                           by=by, reason=reason)


def request_unpublish(agreement: Agreement, *, by: Any):
    """Unpublish through the consent step's record: nobody decides, it applies at once."""
    from tracker.consent import services as consent

    return consent.propose("unpublish", subject=agreement, agreement=agreement, by=by)


def pending_requests(agreement: Agreement) -> list:
    """Publication requests about this agreement still waiting for a party's decision."""
    from tracker.consent import services as consent

    return [r for r in consent.pending_for(agreement) if r.kind == "publish"]


def proposal_message(result: Any) -> str:
    """What the coordinator is told after proposing: published now, or waiting for the others."""
    from tracker.i18n import gettext as _

    if isinstance(result, Publication) or getattr(result, "status", None) == "applied":
        return _("Naskah ini sekarang tampil di halaman publik.")
    return _("Usulan publikasi dikirim ke koordinator pihak lain. Naskah tampil di halaman publik "
             "setelah semua pihak setuju.")
