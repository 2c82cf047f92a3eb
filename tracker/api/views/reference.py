"""Read endpoints: parties, agencies and agreements (with fields, responsibilities, programmes)."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import permissions
from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.api import payloads
from tracker.api.blueprint import blp
from tracker.api.schemas import (
    AgencyArgs,
    AgencyPage,
    AgencySchema,
    AgreementArgs,
    AgreementDetailSchema,
    AgreementPage,
    PartyArgs,
    PartyPage,
    PartySchema,
)
from tracker.parties.models import Agency, Party
from tracker.parties.queries import listed_parties
from tracker.programs.models import Programme


@blp.get("/parties")
@blp.arguments(PartyArgs, location="query")
@blp.response(200, PartyPage)
@blp.doc(tags=["Pihak"], summary="Daftar pihak (daerah dan pihak ketiga)")
def parties(args):
    # The same query as the parties page and its CSV: regions under their province, then third parties.
    return payloads.paginate(listed_parties(args.get("q"), args.get("kind")), args)


@blp.get("/parties/<int:party_id>")
@blp.response(200, PartySchema)
@blp.doc(tags=["Pihak"], summary="Satu pihak")
def party(party_id):
    return payloads.get_visible(Party, party_id, current_user)


@blp.get("/agencies")
@blp.arguments(AgencyArgs, location="query")
@blp.response(200, AgencyPage)
@blp.doc(tags=["Pihak"], summary="Daftar perangkat daerah")
def agencies(args):
    query = select(Agency).where(Agency.archived_at.is_(None)).order_by(Agency.party_id, Agency.name)
    if args.get("party_id"):
        query = query.where(Agency.party_id == args["party_id"])
    return payloads.paginate(query, args)


@blp.get("/agencies/<int:agency_id>")
@blp.response(200, AgencySchema)
@blp.doc(tags=["Pihak"], summary="Satu perangkat daerah")
def agency(agency_id):
    return payloads.get_visible(Agency, agency_id, current_user)


@blp.get("/agreements")
@blp.arguments(AgreementArgs, location="query")
@blp.response(200, AgreementPage)
@blp.doc(tags=["Naskah"], summary="Naskah kerja sama yang diikuti Pemda Anda")
def agreements(args):
    query = (
        select(Agreement)
        .where(permissions.agreement_scope(current_user), Agreement.archived_at.is_(None))
        .options(selectinload(Agreement.parties).selectinload(AgreementParty.party),
                 selectinload(Agreement.extensions))
        .order_by(Agreement.signed_on.desc().nulls_first(), Agreement.id.desc())
    )
    if args.get("kind"):
        query = query.where(Agreement.kind == args["kind"])
    return payloads.paginate(query, args, payloads.agreements)


@blp.get("/agreements/<int:agreement_id>")
@blp.response(200, AgreementDetailSchema)
@blp.doc(tags=["Naskah"], summary="Satu naskah dengan bidang, penanggung jawab dan program")
def agreement(agreement_id):
    payloads.get_visible(Agreement, agreement_id, current_user)
    item = payloads.db.session.scalar(
        select(Agreement).where(Agreement.id == agreement_id).options(
            selectinload(Agreement.parties).selectinload(AgreementParty.party),
            selectinload(Agreement.fields).selectinload(Field.responsibilities)
            .selectinload(Responsibility.agency),
            selectinload(Agreement.fields).selectinload(Field.programmes).selectinload(Programme.agency),
        )
    )
    return payloads.agreement(item, detail=True)
