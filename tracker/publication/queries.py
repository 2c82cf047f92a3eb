"""Reads behind the public pages: only published agreements, never a person or an internal note.

Realisation comes from the dashboard queries (tracker.dashboards), scoped to the public
reader (permissions.PUBLIC sees published agreements only), so the public figure is the
leaders' figure.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select, union
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.attachments.models import Attachment
from tracker.dashboards.filters import Filters
from tracker.dashboards.queries import health_columns, programme_facts
from tracker.parties.models import Agency, Party
from tracker.permissions import PUBLIC
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry
from tracker.publication.models import Publication, PublicPhoto
from tracker.publication.services import PHOTO_TYPES

TIMELINE_LIMIT = 30  # the page's timeline; the open data has every entry


def public_agreements() -> Select:
    """Published, not archived agreements, newest signing first (parties and extensions loaded)."""
    return (
        select(Agreement)
        .options(selectinload(Agreement.parties).selectinload(AgreementParty.party),
                 selectinload(Agreement.extensions))
        .join(Publication, Publication.agreement_id == Agreement.id)
        .where(Publication.published_at.is_not(None), Agreement.archived_at.is_(None))
        .order_by(Agreement.signed_on.desc().nulls_last(), Agreement.id.desc())
    )


def of_region(query: Select, party: Party) -> Select:
    """Narrow to agreements of a Pemda; a province's page also holds its regencies' and cities'."""
    members = select(Party.id).where(Party.id == party.id)
    if party.kind == "provinsi":
        members = select(Party.id).where(or_(Party.id == party.id, Party.province_code == party.region_code))
    return query.where(
        Agreement.id.in_(select(AgreementParty.agreement_id).where(AgreementParty.party_id.in_(members)))
    )


def matching(query: Select, text: str) -> Select:
    """Narrow to agreements whose title, a field, a party or a shown programme contains ``text``.

    Id lists computed once (a UNION): IN-subqueries with joins inside an OR made SQLite
    re-evaluate them agreement by agreement.
    """
    def has(column):
        return column.icontains(text, autoescape=True)

    named = union(
        select(Agreement.id).where(has(Agreement.title)),
        select(Field.agreement_id).where(Field.archived_at.is_(None), has(Field.title)),
        select(AgreementParty.agreement_id).where(
            AgreementParty.party_id.in_(select(Party.id).where(has(Party.name)))),
    ).subquery()
    by_programme = select(Field.agreement_id).where(Field.id.in_(
        select(Programme.field_id).where(Programme.archived_at.is_(None), has(Programme.name))))
    return query.where(or_(Agreement.id.in_(select(named.c[0])),
                           and_(Publication.show_programmes.is_(True), Agreement.id.in_(by_programme))))


def latest_published(limit: int) -> Select:
    """Ids of the most recently published live agreements (walks the published_at index)."""
    live = exists().where(Agreement.id == Publication.agreement_id, Agreement.archived_at.is_(None))
    return (
        select(Publication.agreement_id)
        .where(Publication.published_at.is_not(None), live)
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(limit)
    )


def _published_links() -> Select:
    return (
        select(AgreementParty.agreement_id, Party.id, Party.name, Party.region_code, Party.kind, Party.province_code)
        .select_from(Publication)
        .join(AgreementParty, AgreementParty.agreement_id == Publication.agreement_id)
        .join(Party, Party.id == AgreementParty.party_id)
        .join(Agreement, Agreement.id == Publication.agreement_id)
        .where(Publication.published_at.is_not(None), Agreement.archived_at.is_(None), Party.region_code.is_not(None))
    )


def provinces_with_publications() -> Select:
    """Per province: how many published agreements have a party in it (the province or its regions)."""
    links = _published_links().subquery()
    code = func.coalesce(links.c.province_code, links.c.region_code)
    names = select(Party.region_code, Party.name).where(Party.kind == "provinsi").subquery()
    return (
        select(code.label("code"), func.max(names.c.name).label("name"),
               func.count(func.distinct(links.c.agreement_id)).label("agreements"))
        .select_from(links)
        .outerjoin(names, names.c.region_code == code)
        .group_by(code)
        .order_by(code)
    )


def regions_of_province(province_code: str) -> Select:
    """Per regency or city of a province with published agreements: how many."""
    links = _published_links().where(Party.province_code == province_code).subquery()
    return (
        select(links.c.name, links.c.region_code, func.count(func.distinct(links.c.agreement_id)).label("agreements"))
        .group_by(links.c.name, links.c.region_code)
        .order_by(links.c.region_code)
    )


class ChunkFilters(Filters):
    """Dashboard filters narrowed to a list of agreement ids (open data reads in chunks)."""

    def __init__(self, agreement_ids: list[int]):
        super().__init__()
        object.__setattr__(self, "agreement_ids", tuple(agreement_ids))

    def agreement_clauses(self, rolled_up: bool = False) -> list:
        # Per published agreement as it stands; the KB → PKS roll-up (Filters) keys on one agreement id.
        return [Agreement.id.in_(self.agreement_ids)]


def realisation_by_agreement(agreement_ids: list[int], today: date) -> Select:
    """Per listed agreement: programme counts and realisation, from the dashboard's programme facts."""
    ph = programme_facts(PUBLIC, ChunkFilters(agreement_ids), today)
    return select(ph.c.agreement_id, *health_columns(ph)).group_by(ph.c.agreement_id)


def programmes_of(agreement_id: int, today: date) -> Select:
    """The agreement's live programmes with realised quantity and health (dashboard facts)."""
    ph = programme_facts(PUBLIC, Filters(agreement_id=agreement_id), today)
    return (
        select(ph, Programme.name, Programme.indicator, Programme.unit, Programme.baseline, Programme.budget,
               Programme.funding_source, Agency.name.label("agency"), Party.name.label("party"))
        .join(Programme, Programme.id == ph.c.id)
        .join(Agency, Agency.id == ph.c.agency_id)
        .join(Party, Party.id == Agency.party_id)
        .order_by(ph.c.field_id, Programme.start_on.nulls_last(), Programme.id)
    )


def responsible_agencies(agreement_id: int) -> Select:
    """Which office leads or supports each field (office names only, no contact)."""
    return (
        select(Responsibility.field_id, Responsibility.role, Agency.name, Party.name.label("party"))
        .join(Field, Field.id == Responsibility.field_id)
        .join(Agency, Agency.id == Responsibility.agency_id)
        .join(Party, Party.id == Agency.party_id)
        .where(Field.agreement_id == agreement_id, Responsibility.archived_at.is_(None),
               Agency.archived_at.is_(None))
        .order_by(Responsibility.field_id, Responsibility.role, Party.name, Agency.name)
    )


def timeline_entries(agreement_id: int, limit: int | None = TIMELINE_LIMIT) -> Select:
    """The latest live progress entries of the agreement (what, how much, where; never who)."""
    return (
        select(ProgressEntry.id, ProgressEntry.reported_on, ProgressEntry.quantity, ProgressEntry.description,
               ProgressEntry.location, Programme.id.label("programme_id"), Programme.name.label("programme"),
               Programme.unit, Field.id.label("field_id"))
        .join(Programme, Programme.id == ProgressEntry.programme_id)
        .join(Field, Field.id == Programme.field_id)
        .where(Field.agreement_id == agreement_id, *_live())
        .order_by(ProgressEntry.reported_on.desc(), ProgressEntry.id.desc())
        .limit(limit)
    )


def _live() -> list:
    return [ProgressEntry.archived_at.is_(None), Programme.archived_at.is_(None), Field.archived_at.is_(None)]


def public_photos() -> Select:
    """Photos marked public, live, of published agreements that chose to show photos."""
    return (
        select(Attachment.id, Attachment.progress_entry_id, Field.agreement_id)
        .join(PublicPhoto, PublicPhoto.attachment_id == Attachment.id)
        .join(ProgressEntry, ProgressEntry.id == Attachment.progress_entry_id)
        .join(Programme, Programme.id == ProgressEntry.programme_id)
        .join(Field, Field.id == Programme.field_id)
        .join(Agreement, Agreement.id == Field.agreement_id)
        .join(Publication, Publication.agreement_id == Agreement.id)
        .where(
            Attachment.archived_at.is_(None),
            Attachment.content_type.in_(PHOTO_TYPES),
            *_live(),
            Agreement.archived_at.is_(None),
            and_(Publication.published_at.is_not(None), Publication.show_photos.is_(True),
                 Publication.show_programmes.is_(True)),
        )
        .order_by(Attachment.id)
    )


def programmes_of_chunk(agreement_ids: list[int], today: date) -> Select:
    """Programme facts (dashboard) with names, for the open-data rows of several agreements."""
    ph = programme_facts(PUBLIC, ChunkFilters(agreement_ids), today)
    return (
        select(ph, Programme.name, Programme.indicator, Programme.unit, Programme.baseline, Programme.budget,
               Programme.funding_source, Agency.name.label("agency"))
        .join(Programme, Programme.id == ph.c.id)
        .join(Agency, Agency.id == ph.c.agency_id)
        .order_by(ph.c.agreement_id, ph.c.field_id, Programme.id)
    )


def fields_of_chunk(agreement_ids: list[int]) -> Select:
    return (
        select(Field.id, Field.agreement_id, Field.position, Field.title, Field.government_affair)
        .where(Field.agreement_id.in_(agreement_ids), Field.archived_at.is_(None))
        .order_by(Field.agreement_id, Field.position, Field.id)
    )
