"""What a public page shows of one agreement, assembled from the public queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, AgreementParty
from tracker.dashboards import breakdowns
from tracker.extensions import db
from tracker.permissions import PUBLIC
from tracker.publication import queries
from tracker.publication.models import Publication


@dataclass
class PublicAgreement:
    """One published agreement as citizens read it: no names, contacts, notes or reviews."""

    agreement: Agreement
    publication: Publication
    summary: object
    fields: list = field(default_factory=list)  # field rows with .programmes, .agencies
    timeline: list = field(default_factory=list)
    photos: dict = field(default_factory=dict)  # progress entry id -> [attachment id]


def published(agreement_id: int) -> tuple[Agreement, Publication] | None:
    """The agreement and its publication when it is public, else None."""
    row = db.session.execute(
        select(Agreement, Publication).join(Publication, Publication.agreement_id == Agreement.id)
        .options(selectinload(Agreement.parties).selectinload(AgreementParty.party),
                 selectinload(Agreement.extensions))
        .where(Agreement.id == agreement_id, Agreement.archived_at.is_(None), Publication.published_at.is_not(None))
    ).first()
    return (row[0], row[1]) if row else None


def publications_for(agreement_ids: list[int]) -> dict[int, Publication]:
    if not agreement_ids:
        return {}
    rows = db.session.scalars(select(Publication).where(Publication.agreement_id.in_(agreement_ids)))
    return {row.agreement_id: row for row in rows}


def agreements_by_id(ids: list[int]) -> list[Agreement]:
    """These agreements in this order, with parties and extensions loaded."""
    if not ids:
        return []
    found = {a.id: a for a in db.session.scalars(
        select(Agreement).where(Agreement.id.in_(ids)).options(
            selectinload(Agreement.parties).selectinload(AgreementParty.party), selectinload(Agreement.extensions)))}
    return [found[i] for i in ids if i in found]


def realisation_for(agreements: list[Agreement], today: date) -> dict[int, object]:
    """Per listed agreement: its programme figures (only for those that show programmes)."""
    shown = [a.id for a, p in _with_publications(agreements) if p and p.show_programmes]
    if not shown:
        return {}
    return {row.agreement_id: row for row in db.session.execute(queries.realisation_by_agreement(shown, today))}


def _with_publications(agreements: list[Agreement]):
    found = publications_for([a.id for a in agreements])
    return [(a, found.get(a.id)) for a in agreements]


def load(agreement_id: int, today: date, timeline_limit: int | None = queries.TIMELINE_LIMIT) -> PublicAgreement | None:
    """Everything the public agreement page shows, or None when it is not public."""
    found = published(agreement_id)
    if found is None:
        return None
    agreement, publication = found
    fields = _fields(agreement_id, publication, today)
    page = PublicAgreement(agreement, publication, summary_of([f.row for f in fields]))
    page.fields = fields
    if publication.show_programmes:
        page.timeline = db.session.execute(queries.timeline_entries(agreement_id, timeline_limit)).all()
    if publication.show_photos and publication.show_programmes:
        photos = db.session.execute(queries.public_photos().where(queries.Field.agreement_id == agreement_id))
        for photo in photos:
            page.photos.setdefault(photo.progress_entry_id, []).append(photo.id)
    return page


@dataclass
class Summary:
    """The agreement's figures, added up from its field rows (the dashboard's health columns)."""

    programmes: int
    entries: int
    realisation: float | None


def summary_of(rows: list) -> Summary:
    """Programmes, entries and realisation over all fields: the average over programmes with a target."""
    weight = sum(r.with_target or 0 for r in rows)
    total = sum(float(r.realisation or 0) * (r.with_target or 0) for r in rows)
    return Summary(programmes=sum(r.programmes or 0 for r in rows), entries=sum(r.entries or 0 for r in rows),
                   realisation=total / weight if weight else None)


@dataclass
class FieldView:
    row: object
    agencies: list
    programmes: list


def _fields(agreement_id: int, publication: Publication, today: date) -> list[FieldView]:
    rows = db.session.execute(breakdowns.fields_of_agreement(PUBLIC, agreement_id, today)).all()
    agencies = defaultdict(list)
    for agency in db.session.execute(queries.responsible_agencies(agreement_id)):
        agencies[agency.field_id].append(agency)
    programmes = defaultdict(list)
    if publication.show_programmes:
        for programme in db.session.execute(queries.programmes_of(agreement_id, today)):
            programmes[programme.field_id].append(programme)
    return [FieldView(row, agencies[row.id], programmes[row.id]) for row in rows]
