"""The one place that knows who may do what to which record.

Views, templates (``can(...)``), the API and services all ask :func:`can`; list
pages narrow their queries with the ``*_scope`` clauses below.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.attachments.models import Attachment
from tracker.consent.models import ChangeRequest
from tracker.monev.models import Monev, MonevFieldInput
from tracker.parties.models import Agency, Party
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry
from tracker.proposals.models import Proposal, ProposalDocument, ProposalStage
from tracker.publication.models import Publication
from tracker.users.models import User

VIEW = "view"
EDIT = "edit"  # also archive and record decisions
ADD = "add"  # create a child record (agreement, field, programme, progress, user)
MANAGE = "manage"  # change another account's role, agency or status (admins of its Pemda)
SUBMIT = "submit"  # monev: send a draft to the leaders
REVIEW = "review"  # monev: accept a submitted evaluation or return it to draft
DECIDE = "decide"  # agreement: record a renewal decision before it ends


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def _party_in_agreement(user: User, agreement: Agreement) -> bool:
    return any(link.party_id == user.party_id for link in agreement.parties)


def _agreement_of(obj: Any) -> Agreement | None:
    if isinstance(obj, Agreement):
        return obj
    if isinstance(obj, Field):
        return obj.agreement
    if isinstance(obj, Responsibility):
        return obj.field.agreement
    if isinstance(obj, Programme):
        return obj.field.agreement
    if isinstance(obj, ProgressEntry):
        return obj.programme.field.agreement
    if isinstance(obj, Attachment):
        return _agreement_of(obj.agreement or obj.progress_entry)
    return None


def _owning_agency(obj: Any) -> Agency | None:
    if isinstance(obj, Programme):
        return obj.agency
    if isinstance(obj, ProgressEntry):
        return obj.programme.agency
    if isinstance(obj, Attachment) and obj.progress_entry is not None:
        return obj.progress_entry.programme.agency
    return None


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` ('view', 'edit', 'add') to ``obj`` (a record or a model class)?"""
    if not _authenticated(user):
        return False
    if obj is Proposal:
        return action == VIEW or user.role in ("admin", "officer")
    if isinstance(obj, (Proposal, ProposalStage, ProposalDocument)):
        return _can_on_proposal(user, action, obj)
    if isinstance(obj, type):
        return _can_on_class(user, action, obj)
    if isinstance(obj, User):
        return _can_on_user(user, action, obj)
    if isinstance(obj, (Party, Agency)):
        return _can_on_party_data(user, action, obj)
    if isinstance(obj, (Monev, MonevFieldInput)) or action == DECIDE:
        return _can_on_monev(user, action, obj)
    agreement = _agreement_of(obj)
    if agreement is None or not _may_read(user, agreement):
        return False
    if not _written_since_joined(user, agreement, obj):
        return False
    if action == VIEW:
        return True
    if user.role == "leader" or not _party_in_agreement(user, agreement):
        return False
    if isinstance(obj, (Programme, ProgressEntry)) or (
        isinstance(obj, Attachment) and obj.progress_entry is not None
    ):
        return _can_change_agency_work(user, action, obj)
    if isinstance(obj, Field) and action == ADD:
        # Adding a programme under a field: admins, or officers of a party in the agreement.
        return user.role in ("admin", "officer")
    return user.role == "admin"


def _written_since_joined(user: User, agreement: Agreement, obj: Any) -> bool:
    """A party that joined later never sees the other parties' work written before it joined."""
    agency = _owning_agency(obj)
    if agency is None or agency.party_id == user.party_id:
        return True
    link = next((link for link in agreement.parties if link.party_id == user.party_id), None)
    if link is None:
        return True  # a province reads its kab/kota's agreements by oversight, all of their work
    written = obj.programme.created_at if isinstance(obj, ProgressEntry) else (
        obj.progress_entry.programme.created_at if isinstance(obj, Attachment) else obj.created_at)
    return link.joined_at is None or (written is not None and written >= link.joined_at)


def _can_change_agency_work(user: User, action: str, obj: Any) -> bool:
    agency = _owning_agency(obj)
    if agency is None:
        return False
    if user.role == "admin":
        return agency.party_id == user.party_id
    return user.role == "officer" and agency.id == user.agency_id


def _can_on_monev(user: User, action: str, obj: Any) -> bool:
    """Coordinators draft and submit, responsible agencies fill their rows, leaders review."""
    if isinstance(obj, Agreement):  # DECIDE: a renewal decision is the leaders' or coordinator's
        return _party_in_agreement(user, obj) and user.role in ("admin", "leader")
    monev = obj.monev if isinstance(obj, MonevFieldInput) else obj
    if not isinstance(monev, Monev) or not _may_read(user, monev.agreement):
        return False
    if action == VIEW:
        return True
    if not _party_in_agreement(user, monev.agreement):
        return False
    own = monev.party_id == user.party_id
    if isinstance(obj, MonevFieldInput):
        agency_ok = user.role == "admin" or (user.role == "officer" and user.agency_id == obj.agency_id)
        return action == EDIT and own and agency_ok and monev.status == "draft"
    if action in (EDIT, SUBMIT):
        return own and user.role == "admin" and monev.status == "draft"
    if action == REVIEW:
        return own and user.role == "leader" and monev.status == "submitted"
    return False


def _can_on_class(user: User, action: str, cls: type) -> bool:
    if action == VIEW:
        return cls in (Agreement, Programme, ProgressEntry, Party, Agency) or (
            user.role == "admin" and cls is User
        )
    if cls in (Agreement, User, Agency, Party):
        return user.role == "admin"
    return False


def _can_on_user(user: User, action: str, other: User) -> bool:
    if action == MANAGE:
        return user.role == "admin" and other.party_id == user.party_id
    if other.id == user.id and action in (VIEW, EDIT):
        return True  # own account: password, language
    return user.role == "admin" and other.party_id == user.party_id


def _can_on_party_data(user: User, action: str, obj: Party | Agency) -> bool:
    if action == VIEW:
        return True  # the list of regions and agencies is reference data
    if user.role != "admin":
        return False
    if isinstance(obj, Agency):
        return obj.party_id == user.party_id
    # Admins keep their own Pemda's record; a third party belongs to the Pemda that recorded it
    # (a new one, not stored yet, may be recorded by any coordinator).
    if obj.kind == "pihak_ketiga":
        return obj.id is None or obj.recorded_by_party_id == user.party_id
    return obj.id == user.party_id


def may_view_request(user: Any, request: ChangeRequest) -> bool:
    """A proposed change is seen by the proposing and deciding parties and the agreement's parties."""
    if not _authenticated(user):
        return False
    if user.party_id == request.party_id or request.decision_of(user.party_id) is not None:
        return True
    return request.agreement is not None and can(user, VIEW, request.agreement)


def may_decide(user: Any, request: ChangeRequest) -> bool:
    """A deciding party's coordinator answers a pending request once."""
    decision = request.decision_of(getattr(user, "party_id", None))
    return (_authenticated(user) and user.role == "admin" and request.is_pending
            and decision is not None and decision.decision == "pending")


def may_cancel(user: Any, request: ChangeRequest) -> bool:
    """The proposing party's coordinators (or the proposer) withdraw a pending request."""
    return (_authenticated(user) and request.is_pending and request.party_id == user.party_id
            and (user.role == "admin" or request.proposed_by_id == user.id))


def may_pick_agency(user: User, agency: Agency) -> bool:
    """Which agency may own a programme this user creates."""
    if user.role == "officer":
        return agency.id == user.agency_id
    return user.role == "admin" and agency.party_id == user.party_id


def user_visible(user: Any, other: User) -> bool:
    """Whether ``other`` exists as far as ``user`` may know: same Pemda only (else 404)."""
    return _authenticated(user) and other.party_id == user.party_id


def may_view_audit(user: Any) -> bool:
    return _authenticated(user) and user.role == "admin"


def may_view_dashboards(user: Any) -> bool:
    """Leaders (and the coordinating admins) read the dashboards of their own Pemda."""
    return _authenticated(user) and user.role in ("leader", "admin")


def may_restore(user: Any) -> bool:
    """The Arsip page belongs to those who change records; leaders only read."""
    return _authenticated(user) and user.role in ("admin", "officer")


def may_view_my_work(user: Any) -> bool:
    """The officer's work list belongs to an agency."""
    return _authenticated(user) and user.role == "officer" and user.agency_id is not None


class _PublicReader:
    """The anonymous public of the /publik/ pages: reads published agreements, changes nothing."""

    is_authenticated = False
    is_active = False
    id = party_id = agency_id = role = None


PUBLIC = _PublicReader()


def published_scope() -> ColumnElement[bool]:
    """WHERE clause for the agreements every party chose to publish (and did not unpublish)."""
    return Agreement.id.in_(
        select(Publication.agreement_id).where(Publication.published_at.is_not(None))
    )


def may_publish(user: Any, agreement: Agreement) -> bool:
    """Publishing and unpublishing are the coordinators' of the agreement's parties."""
    return (_authenticated(user) and user.role == "admin" and agreement.archived_at is None
            and _party_in_agreement(user, agreement))


def agreement_scope(user: Any) -> ColumnElement[bool]:
    """WHERE clause for the agreements a user may see: its party's, and a province's oversight
    (PUBLIC: the published ones)."""
    if user is PUBLIC:
        return published_scope()
    if not _authenticated(user):
        return false()
    code = province_code_of(user)
    if code is None:
        return member_agreement_scope(user)
    return or_(member_agreement_scope(user), oversight_scope(code))


def member_agreement_scope(user: Any) -> ColumnElement[bool]:
    """WHERE clause for the agreements the user's party is itself a party to (where it may write)."""
    if not _authenticated(user):
        return false()
    return Agreement.id.in_(
        select(AgreementParty.agreement_id).where(AgreementParty.party_id == user.party_id)
    )


# The Governor's oversight (PP 28/2018 Pasal 44(4)): a province reads its kab/kota's agreements.


def province_code_of(user: Any) -> str | None:
    """The two-digit Kemendagri code when the user belongs to a province party (e.g. "62")."""
    party = getattr(user, "party", None)
    if party is None or party.kind != "provinsi" or not party.region_code:
        return None
    return party.region_code if "." not in party.region_code else None


def in_province(party: Party | None, code: str) -> bool:
    """62.02 (a kab/kota) belongs to province 62."""
    return bool(party is not None and party.region_code and party.region_code.startswith(code + "."))


def oversight_scope(code: str) -> ColumnElement[bool]:
    """WHERE clause: agreements that have a regency or city of province ``code`` among their parties."""
    return Agreement.id.in_(
        select(AgreementParty.agreement_id).join(Party, AgreementParty.party_id == Party.id)
        .where(Party.region_code.like(f"{code}.%"))
    )


def oversees(user: Any, agreement: Agreement) -> bool:
    """Whether a province user reads ``agreement`` by oversight (it never writes by it)."""
    code = province_code_of(user)
    return code is not None and any(in_province(link.party, code) for link in agreement.parties)


def _may_read(user: User, agreement: Agreement) -> bool:
    return _party_in_agreement(user, agreement) or oversees(user, agreement)


def may_view_province(user: Any) -> bool:
    """The province dashboard: leaders and coordinators of a province party."""
    return _authenticated(user) and user.role in ("leader", "admin") and province_code_of(user) is not None


def agency_work_scope(user: Any) -> ColumnElement[bool]:
    """WHERE clause on programmes the user's side may change (with agreement_scope, as ``can``):
    admins their Pemda's agencies', officers their own agency's."""
    if not _authenticated(user):
        return false()
    if user.role == "admin":
        return Programme.agency_id.in_(select(Agency.id).where(Agency.party_id == user.party_id))
    if user.role == "officer":
        return Programme.agency_id == user.agency_id
    return false()


def programme_scope(user: Any) -> ColumnElement[bool]:
    """WHERE clause on programmes (with agreement_scope): the user's own Pemda's, and the partners'
    unless the user's party joined the agreement after they were written."""
    if not _authenticated(user):
        return false()
    joined_later = (
        select(AgreementParty.id).join(Field, Field.agreement_id == AgreementParty.agreement_id)
        .where(Field.id == Programme.field_id, AgreementParty.party_id == user.party_id,
               AgreementParty.joined_at > Programme.created_at)
    )
    own = Programme.agency_id.in_(select(Agency.id).where(Agency.party_id == user.party_id))
    return or_(own, ~exists(joined_later))


def user_scope(user: Any) -> ColumnElement[bool]:
    """WHERE clause for the accounts an admin manages: its own Pemda's."""
    if not _authenticated(user) or user.role != "admin":
        return false()
    return User.party_id == user.party_id


def everything() -> ColumnElement[bool]:
    """For CLI jobs that act on behalf of the system."""
    return true()


# Proposals (usulan kerja sama): the proposing side works them, the counterpart answers once offered.


def _sees_proposal(user: User, proposal: Proposal) -> bool:
    if user.party_id == proposal.proposer_party_id:
        return True
    if user.party_id == proposal.counterpart_party_id:
        return proposal.offered_on is not None  # preparation stays inside the proposing Pemda
    code = province_code_of(user)
    return code is not None and (in_province(proposal.proposer, code) or in_province(proposal.counterpart, code))


def _can_on_proposal(user: User, action: str, obj: Any) -> bool:
    proposal = obj if isinstance(obj, Proposal) else obj.proposal
    if not _sees_proposal(user, proposal):
        return False
    if action == VIEW:
        return True
    if proposal.archived_at is not None or proposal.answer == "declined":
        return False
    if user.party_id == proposal.counterpart_party_id:  # the other side adds its draft revisions
        return action == ADD and user.role == "admin" and proposal.answer == "proceed"
    if user.party_id != proposal.proposer_party_id or user.role == "leader":
        return False
    if user.role == "admin":
        return True
    stage = obj if isinstance(obj, ProposalStage) else proposal.current_stage
    return stage is not None and stage.responsible_agency_id == user.agency_id and action in (EDIT, ADD)


def proposal_scope(user: Any) -> ColumnElement[bool]:
    """WHERE clause for the proposals a user may see (as :func:`can` decides VIEW)."""
    if not _authenticated(user):
        return false()
    clauses = [Proposal.proposer_party_id == user.party_id,
               and_(Proposal.counterpart_party_id == user.party_id, Proposal.offered_on.is_not(None))]
    code = province_code_of(user)
    if code is not None:
        kab_kota = select(Party.id).where(Party.region_code.like(f"{code}.%"))
        clauses += [Proposal.proposer_party_id.in_(kab_kota), Proposal.counterpart_party_id.in_(kab_kota)]
    return or_(*clauses)


def may_keep_register(user: Any, agreement: Agreement) -> bool:
    """A Pemda's coordinators number its agreements and say where the signed originals are kept."""
    return _authenticated(user) and user.role == "admin" and _party_in_agreement(user, agreement)


def may_report(user: Any) -> bool:
    """The register and the report upward are read by a Pemda's coordinators and leaders."""
    return _authenticated(user) and user.role in ("admin", "leader")
