"""Realisation of programmes: aggregate queries shared by pages, dashboards and the API."""

from __future__ import annotations

from sqlalchemy import Select, Subquery, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from tracker.agreements.models import Agreement, Field
from tracker.permissions import agreement_scope, programme_scope
from tracker.programs.models import Programme
from tracker.programs.status import percent, programme_health
from tracker.progress.totals import kept_totals
from tracker.progress.totals import totals_for as kept_totals_for


def counts_toward(field_id, own_field_id=Field.id, implements_field_id=Field.implements_field_id):
    """The one roll-up rule (KB → PKS): a programme counts toward its own field and toward the KB
    field its PKS field implements. As a join condition: ``field_id`` is the field's id column, the
    other two the programme's field columns (Field by default, or a subquery's columns)."""
    return or_(own_field_id == field_id, implements_field_id == field_id)


def fields_toward(target) -> Select:
    """Ids of the fields whose programmes count toward ``target`` (an id or a list of ids):
    the fields themselves and the PKS fields implementing them (the same rule, index-friendly)."""
    ids = list(target) if isinstance(target, list | tuple | set) else [target]
    field = aliased(Field)
    return select(field.id).where(or_(field.id.in_(ids), field.implements_field_id.in_(ids)))


def counts_toward_agreement(agreement_id):
    """Programmes (through Programme.field_id) counting toward an agreement: its own fields' and
    those of the PKS fields implementing one of its fields."""
    field, kb_field = aliased(Field), aliased(Field)
    own = select(field.id).where(field.agreement_id == agreement_id)
    through_pks = select(field.id).where(
        field.implements_field_id.in_(select(kb_field.id).where(kb_field.agreement_id == agreement_id)))
    return Programme.field_id.in_(own.union(through_pks))


def followed_field_ids() -> Select:
    """Ids of the fields with a live, not cancelled programme counting toward them (own or a PKS's)."""
    live = (Programme.archived_at.is_(None), Programme.status != "cancelled")
    own = select(Programme.field_id).where(*live)
    through_pks = (select(Field.implements_field_id).join(Programme, Programme.field_id == Field.id)
                   .where(*live, Field.implements_field_id.is_not(None), Field.archived_at.is_(None)))
    return own.union(through_pks)


def programmes_toward(field_ids: list[int], *, own: bool = True):
    """Live programmes counting toward ``field_ids``, with the field each one counts toward there.

    ``own=False``: only those of the PKS fields implementing them (the caller has its own already)."""
    from tracker.extensions import db

    if not field_ids:
        return []
    wanted = (Programme.field_id.in_(fields_toward(field_ids)) if own
              else Field.implements_field_id.in_(field_ids))
    rows = db.session.execute(
        select(Programme, Field.implements_field_id)
        .join(Field, Field.id == Programme.field_id)
        .where(wanted, Programme.archived_at.is_(None), Field.archived_at.is_(None),
               Field.agreement_id.in_(_live_agreement_ids()))
        # One statement: the page reads each programme's agency and (for "Lewat PKS") its agreement.
        .options(joinedload(Programme.agency), contains_eager(Programme.field).joinedload(Field.agreement))
        .order_by(Programme.field_id, Programme.id)
    ).all()
    ids = set(field_ids)
    return [(p, p.field_id if p.field_id in ids else implements) for p, implements in rows]


def _live_agreement_ids():
    return select(Agreement.id).where(Agreement.archived_at.is_(None))


def progress_totals() -> Subquery:
    """Per programme: realised quantity, last progress date, number of entries (the kept totals)."""
    return kept_totals()


def totals_for(programme_ids: list[int]) -> dict[int, tuple]:
    """``{programme_id: (realised, last_progress_on, entries)}`` in one query over the kept totals."""
    return kept_totals_for(programme_ids)


def visible_programmes(user, *, agency_id=None, status=None, field_id=None, agreement_id=None):
    """Live programmes of agreements the user may see, filtered; newest due date last."""
    query = (
        select(Programme)
        .join(Field, Programme.field_id == Field.id)
        .where(Programme.archived_at.is_(None), Field.archived_at.is_(None))
        .where(Field.agreement_id.in_(_visible_agreement_ids(agreement_scope(user))), programme_scope(user))
        # One statement: the page reads each programme's agency and (for "Lewat PKS") its agreement.
        .options(joinedload(Programme.agency), contains_eager(Programme.field).joinedload(Field.agreement))
        .order_by(Programme.due_on.asc().nulls_last(), Programme.id)
    )
    if agency_id:
        query = query.where(Programme.agency_id == agency_id)
    if status:
        query = query.where(Programme.status == status)
    if field_id:
        query = query.where(Programme.field_id.in_(fields_toward(field_id)))
    if agreement_id:
        query = query.where(counts_toward_agreement(agreement_id))
    return query


def _visible_agreement_ids(scope):
    return select(Agreement.id).where(scope, Agreement.archived_at.is_(None))


def summaries(programmes, today):
    """``[(programme, realised, percent, health, last_progress_on)]`` for a list of programmes."""
    totals = totals_for([p.id for p in programmes])
    rows = []
    for programme in programmes:
        realised, last, _count = totals.get(programme.id, (0, None, 0))
        health = programme_health(programme, today, realised, last)
        rows.append((programme, realised, percent(realised, programme.target), health, last))
    return rows


def listed_rows(user, today, *, health=None, **filters):
    """The programme list's rows (every page): visible programmes filtered, with realisation and health."""
    from tracker.extensions import db

    rows = summaries(db.session.scalars(visible_programmes(user, **filters)).all(), today)
    return [row for row in rows if row[3] == health] if health else rows
