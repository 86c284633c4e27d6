"""Cases: opening them (from a preliminary assessment or an application), the people in them,
worklists and search, assignment, transfer, closure and reopening.

The module stays whole past 400 lines: it is the case aggregate's life cycle, and splitting it
belongs to the move into feature packages (ADR 0010).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import deadlines as clocks
from heaolu_casework.models import (
    Case,
    CaseParty,
    Person,
    PreliminaryAssessment,
    Removal,
)
from heaolu_casework.repository import (
    CaseRepository,
    PersonRepository,
    PlacementRepository,
    PreliminaryAssessmentRepository,
    QueueRepository,
)
from heaolu_casework.schemas import (
    CaseSearch,
    PartyIn,
    PersonIn,
    PreliminaryDecision,
)
from heaolu_casework.service import (
    SERVICE,
    access_context,
    assign,
    audit_list,
    case_scope,
    visibility,
)
from heaolu_casework.service import scope as assessment_scope
from heaolu_casework.settings import get_settings
from heaolu_shared.access import (
    WORKER_DOMAINS,
    AccessContext,
    Action,
    Decision,
    Domain,
    decide,
    require,
)
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.bands import age_band
from heaolu_shared.contracts.casework import (
    CaseClosedV1,
    CaseOpenedV1,
    CaseReopenedV1,
    CaseTransferredV1,
    PlacementEndedV1,
    PreliminaryAssessmentDecidedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.pagination import Keyset
from heaolu_shared.pseudonym import birth_date_of, pseudonymize
from heaolu_shared.roles import Role

OPEN, CLOSED = "open", "closed"
PLACEMENT_ENDING_REASONS = frozenset({"came_of_age", "died", "moved_abroad"})
"""Closing reasons that end substitute care with the case."""


class CaseClosed(Conflict):
    slug = "case-closed"


class AlreadyDecided(Conflict):
    slug = "already-decided"


async def load_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    action: Action,
    *,
    for_update: bool = False,
) -> tuple[Case, Decision]:
    """The case, if the principal may do ``action`` on it (404 / 403 otherwise)."""
    case = await session.get(Case, case_id, with_for_update=for_update)
    if case is None:
        raise ResourceNotFound("no such case / sellist juhtumit pole")
    decision = require(
        principal, action, case_scope(case), await access_context(session, principal)
    )
    return case, decision


async def authorize_replay(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, operation: str
) -> None:
    """A repeated creation shows its stored answer (personal data) again: only to whom may still
    read the case, and audited as a read."""
    case, decision = await load_case(session, principal, case_id, Action.READ)
    await audit(
        session,
        principal,
        case,
        "read",
        operation,
        case.id,
        "repeated creation (Idempotency-Key)",
        decision,
    )


def require_open(case: Case) -> None:
    if case.status != OPEN:
        raise CaseClosed("the case is closed; reopen it first / juhtum on suletud")


async def audit(
    session: AsyncSession,
    principal: Principal,
    case: Case,
    action: str,
    record_type: str,
    record_id: uuid.UUID,
    purpose: str,
    decision: Decision | None,
) -> None:
    """One audit record for an access to the case's personal data."""
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        subject_pseudonym=case.subject_pseudonym,
        purpose=purpose,
        decision=decision,
    )


M = TypeVar("M")


async def case_rows(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    model: type[M],
    keyset: Keyset[M],
    purpose: str,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[M], str | None]:
    """One page of a case's ``model`` rows the principal may read, in the keyset's order; one
    audit record."""
    case, decision = await load_case(session, principal, case_id, Action.READ)
    fetched = await CaseRepository(session).rows_page(
        model, case.id, keyset=keyset, cursor=cursor, limit=limit
    )
    record_type = f"{model.__tablename__}_list"  # type: ignore[attr-defined]
    await audit(session, principal, case, "read", record_type, case.id, purpose, decision)
    return keyset.page(fetched, limit)


async def publish(session: AsyncSession, payload: object, subject: uuid.UUID) -> None:
    await enqueue(session, payload, subject=str(subject), source=SERVICE)  # type: ignore[arg-type]


# --- persons ---------------------------------------------------------------------------------


def code_pseudonym(code: str | None) -> str | None:
    return pseudonymize(code, get_settings().pseudonym_key) if code else None


async def upsert_person(session: AsyncSession, municipality: str, data: PersonIn) -> Person:
    """One person record per personal code within a municipality: a known code updates it."""
    pseudonym = code_pseudonym(data.personal_code)
    person: Person | None = None
    if pseudonym:
        person = await PersonRepository(session).by_code(municipality, pseudonym)
    if person is None:
        person = Person(id=uuid.uuid4(), municipality=municipality, code_pseudonym=pseudonym)
        session.add(person)
    person.given_name = data.given_name
    person.family_name = data.family_name
    person.personal_code = data.personal_code
    person.birth_date = data.birth_date or _birth_date(data.personal_code)
    for name in ("address", "phone", "email"):
        value = getattr(data, name)
        if value is not None:
            setattr(person, name, str(value))
    await session.flush()
    return person


def _birth_date(code: str | None) -> date | None:
    return birth_date_of(code) if code else None


# --- opening ---------------------------------------------------------------------------------


async def open_case(
    session: AsyncSession,
    principal: Principal,
    *,
    municipality: str,
    kind: str,
    child: PersonIn,
    origin: str,
    assignee: str | None,
    preliminary_assessment_id: uuid.UUID | None = None,
    application_id: uuid.UUID | None = None,
) -> Case:
    """Open case management for the child (or client) and announce it."""
    person = await upsert_person(session, municipality, child)
    now = datetime.now(UTC)
    sequence = await CaseRepository(session).next_number()
    case = Case(
        id=uuid.uuid4(),
        number=f"{municipality}-{now:%Y}-{sequence:06d}",
        municipality=municipality,
        kind=kind,
        status=OPEN,
        child_id=person.id,
        subject_pseudonym=person.code_pseudonym,
        assignee=assignee,
        origin=origin,
        preliminary_assessment_id=preliminary_assessment_id,
        application_id=application_id,
        opened_at=now,
        opened_by=principal.subject,
    )
    session.add(case)
    await session.flush()
    session.add(CaseParty(case_id=case.id, person_id=person.id, role="child"))
    await session.flush()
    await publish(
        session,
        CaseOpenedV1(
            case_id=case.id,
            municipality=municipality,
            kind=kind,
            opened_at=now,
            subject_pseudonym=case.subject_pseudonym,
            origin=origin,
            assignee=assignee,
            age_band=age_band(person.birth_date, now.date()) if person.birth_date else None,
        ),
        case.id,
    )
    await audit(session, principal, case, "create", "case", case.id, "case opened", None)
    return case


def _check_same_child(expected_pseudonym: str | None, child: PersonIn, field: str) -> None:
    """The person must be the one the report or application was about."""
    if expected_pseudonym is None:
        return
    if child.personal_code is None:
        raise RuleViolation(
            "the report names the child's personal code: give it / lapse isikukood on teada",
            extra={"field": f"{field}.personal_code"},
        )
    if code_pseudonym(child.personal_code) != expected_pseudonym:
        raise RuleViolation(
            "this personal code is not the one in the report or application / "
            "isikukood ei vasta pöördumisele",
            extra={"field": f"{field}.personal_code"},
        )


async def decide_preliminary_assessment(
    session: AsyncSession,
    principal: Principal,
    assessment_id: uuid.UUID,
    body: PreliminaryDecision,
    if_match: str | None,
) -> PreliminaryAssessment:
    """Open case management, decide not to (only with the one-off measure and the reason), or
    forward to the competent municipality or official (LasteKS §28, SHS §9)."""
    assessment = await PreliminaryAssessmentRepository(session).get(assessment_id)
    if assessment is None:
        raise ResourceNotFound("no such preliminary assessment / sellist eelhindamist pole")
    decision = require(
        principal,
        Action.UPDATE,
        assessment_scope(assessment),
        await access_context(session, principal),
    )
    check_version(assessment.version, if_match)
    if assessment.status != "pending":
        raise AlreadyDecided("the preliminary assessment is already decided / juba otsustatud")
    now = datetime.now(UTC)
    case: Case | None = None
    forwarded_to_municipality: str | None = None
    if body.outcome == "not_opened":
        _require_text(
            body.reason, "reason", "a decision not to open case management needs its reason"
        )
        _require_text(
            body.one_off_measure,
            "one_off_measure",
            "not opening is allowed only when a one-off measure met the need: name it",
        )
        assessment.status = "not_opened"
    elif body.outcome == "forwarded":
        _require_text(body.reason, "reason", "say why the matter is forwarded")
        target_municipality, official = body.forwarded_to_municipality, body.forwarded_to_official
        if bool(target_municipality) == bool(official):
            raise RuleViolation(
                "forward to exactly one of forwarded_to_municipality or forwarded_to_official",
                extra={"field": "forwarded_to_municipality"},
            )
        if target_municipality == assessment.municipality:
            raise RuleViolation(
                "forwarding goes to another municipality",
                extra={"field": "forwarded_to_municipality"},
            )
        if target_municipality:
            # The competent municipality decides now: the assessment and its clock move there.
            forwarded_to_municipality = target_municipality
            assessment.forwarded_to = f"municipality:{target_municipality}"
            assessment.municipality = target_municipality
            assessment.assignee = None
        else:
            assessment.forwarded_to = f"official:{official}"
            assessment.status = "forwarded"
    else:
        if body.child is None:
            raise RuleViolation(
                "opening case management needs the child's details", extra={"field": "child"}
            )
        _check_same_child(assessment.subject_pseudonym, body.child, "child")
        kind = body.case_kind
        if kind == "child_protection" and not principal.roles & {
            Role.CHILD_PROTECTION_WORKER,
            Role.DEPARTMENT_HEAD,
            Role.SOCIAL_SERVICES_SPECIALIST,
        }:
            raise NotPermitted("your role does not open child-protection cases")
        case = await open_case(
            session,
            principal,
            municipality=assessment.municipality,
            kind=kind,
            child=body.child,
            origin="preliminary_assessment",
            assignee=assessment.assignee or principal.subject,
            preliminary_assessment_id=assessment.id,
        )
        assessment.status = "case_opened"
        assessment.case_id = case.id
        assessment.subject_pseudonym = assessment.subject_pseudonym or case.subject_pseudonym
    assessment.outcome = body.outcome
    assessment.reason = body.reason
    assessment.one_off_measure = body.one_off_measure
    if forwarded_to_municipality is None:
        assessment.decided_at = now
        assessment.decided_by = principal.subject
    await flush_versioned(session)
    if forwarded_to_municipality:
        await clocks.follow(
            session, municipality=forwarded_to_municipality, assignee=None, record_id=assessment.id
        )
    else:
        await clocks.meet(session, assessment.id)
    await publish(
        session,
        PreliminaryAssessmentDecidedV1(
            assessment_id=assessment.id,
            report_id=assessment.report_id,
            municipality=assessment.municipality,
            outcome=body.outcome,
            decided_at=now,
            late=now > assessment.due_at,
            forwarded_to_municipality=forwarded_to_municipality,
            case_id=case.id if case else None,
        ),
        assessment.id,
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="update",
        record_type="preliminary_assessment",
        record_id=str(assessment.id),
        subject_pseudonym=assessment.subject_pseudonym,
        purpose=f"preliminary assessment decided: {body.outcome}",
        decision=decision,
    )
    return assessment


def _require_text(value: str | None, field: str, detail: str) -> None:
    if not value or not value.strip():
        raise RuleViolation(detail, extra={"field": field})


async def open_case_directly(
    session: AsyncSession, principal: Principal, *, kind: str, child: PersonIn
) -> Case:
    """A worker opens a case without a report (e.g. the family came to the office)."""
    municipality = principal.municipality
    allowed_kinds = {d.value for r in principal.roles for d in _domains_of(r)} | (
        {"child_protection", "social_services"}
        if Role.DEPARTMENT_HEAD in principal.roles
        else set()
    )
    if municipality is None or kind not in allowed_kinds:
        raise NotPermitted("your role does not open this kind of case / teie roll ei luba")
    return await open_case(
        session,
        principal,
        municipality=municipality,
        kind=kind,
        child=child,
        origin="direct",
        assignee=principal.subject if Role.DEPARTMENT_HEAD not in principal.roles else None,
    )


def _domains_of(role: str) -> frozenset[Domain]:
    return WORKER_DOMAINS.get(role, frozenset())


# --- reading and lists -----------------------------------------------------------------------


async def read_case(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID
) -> tuple[Case, Person, Removal | None]:
    case, decision = await load_case(session, principal, case_id, Action.READ)
    child = await session.get(Person, case.child_id)
    assert child is not None
    removal = await CaseRepository(session).latest_removal(case.id)
    await audit(session, principal, case, "read", "case", case.id, "case file", decision)
    return case, child, removal


async def visible_assignees(
    session: AsyncSession, principal: Principal, ctx: AccessContext | None = None
) -> set[str]:
    """The principal and the absent colleagues they substitute right now."""
    ctx = ctx or await access_context(session, principal)
    return {principal.subject} | {
        s.absent
        for s in ctx.substitutions
        if s.active(ctx.now) and s.municipality == principal.municipality
    }


NEWEST_CASES: Keyset[Any] = Keyset(
    columns=(Case.opened_at, Case.id),
    types=(datetime, uuid.UUID),
    key=lambda row: (row.Case.opened_at, row.Case.id),
    descending=True,
)


def _shown_cases(rows: Sequence[Any]) -> list[tuple[str, str, str | None]]:
    return [("case", str(r.Case.id), r.Case.subject_pseudonym) for r in rows if r.child_name]


async def list_cases(
    session: AsyncSession,
    principal: Principal,
    *,
    status: str | None,
    mine: bool,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Cases the principal may see, newest first, with the child's and the assignee's names:
    "my cases" for a worker, the municipality's for a department head (or only their own with
    ``mine``)."""
    municipality = principal.municipality
    if municipality is None:
        return [], None
    ctx = await access_context(session, principal)
    seen = visibility(principal, ctx)
    if mine:
        seen = replace(seen, whole_municipality=False)
    fetched = await CaseRepository(session).page(
        seen, status=status, keyset=NEWEST_CASES, cursor=cursor, limit=limit
    )
    rows, next_cursor = NEWEST_CASES.page(
        fetched,
        limit,
        keep=lambda r: decide(principal, Action.LIST, case_scope(r.Case), ctx).allowed,
    )
    await audit_list(
        session,
        principal,
        record_type="case_list",
        scope_id=f"municipality:{municipality}",
        purpose="my cases" if mine else "case list",
        shown=_shown_cases(rows),
    )
    return rows, next_cursor


async def search_cases(
    session: AsyncSession,
    principal: Principal,
    query: CaseSearch,
    *,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Cases of the municipality the principal may read whose child or party matches a personal
    code or a name; each hit is audited under its subject, and so is the search itself."""
    municipality = principal.municipality
    if municipality is None:
        raise NotPermitted("search needs a municipality / otsing eeldab omavalitsust")
    ctx = await access_context(session, principal)
    seen = replace(visibility(principal, ctx), record_ids=frozenset())
    fetched = await CaseRepository(session).search(
        seen,
        code_pseudonym=code_pseudonym(query.personal_code),
        family_name=query.family_name,
        given_name=query.given_name,
        keyset=NEWEST_CASES,
        cursor=cursor,
        limit=limit,
    )
    hits, next_cursor = NEWEST_CASES.page(
        fetched,
        limit,
        keep=lambda r: decide(principal, Action.READ, case_scope(r.Case), ctx).allowed,
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="search",
        record_type="case_search",
        record_id=f"municipality:{municipality}",
        subject_pseudonym=code_pseudonym(query.personal_code),
        purpose=query.purpose,
    )
    for row in hits:
        await audit(
            session,
            principal,
            row.Case,
            "read",
            "case",
            row.Case.id,
            f"search hit: {query.purpose}",
            None,
        )
    return hits, next_cursor


async def queue(
    session: AsyncSession, principal: Principal, *, cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """New, unassigned work of the municipality, children in danger first and then the nearest
    deadline: for the department head, and for workers where they may take items themselves
    (only the kinds of work their roles reach)."""
    municipality = principal.municipality
    settings = get_settings()
    is_head = Role.DEPARTMENT_HEAD in principal.roles
    if municipality is None or not (
        is_head or municipality in settings.self_assignment_municipalities
    ):
        raise NotPermitted("the queue is the department head's / järjekorda näeb juht")
    domains = {d for r in principal.roles for d in _domains_of(r)}
    if is_head:
        domains |= {Domain.CHILD_PROTECTION, Domain.SOCIAL_SERVICES}
    rows, next_cursor = await QueueRepository(session).page(
        municipality,
        assessments=Domain.CHILD_PROTECTION in domains,
        applications=Domain.SOCIAL_SERVICES in domains,
        case_kinds=[
            d.value for d in domains if d in (Domain.CHILD_PROTECTION, Domain.SOCIAL_SERVICES)
        ],
        cursor=cursor,
        limit=limit,
    )
    await audit_list(
        session,
        principal,
        record_type="queue",
        scope_id=f"municipality:{municipality}",
        purpose="worklist queue",
        shown=[(r.kind, str(r.id), r.subject_pseudonym) for r in rows if r.child_name],
    )
    return rows, next_cursor


# --- parties ---------------------------------------------------------------------------------


async def add_party(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: PartyIn
) -> tuple[CaseParty, Person]:
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    person = await upsert_person(session, case.municipality, body.person)
    if person.id == case.child_id:
        raise RuleViolation("the child is already the case's child", extra={"field": "person"})
    if await CaseRepository(session).takes_part(case.id, person.id, body.role):
        raise Conflict("this person already has this role in the case / isik on juba lisatud")
    party = CaseParty(
        case_id=case.id,
        person_id=person.id,
        role=body.role,
        legal_basis=body.legal_basis,
        has_custody=body.has_custody,
        lives_with_child=body.lives_with_child,
        note=body.note,
    )
    session.add(party)
    await session.flush()
    await audit(
        session,
        principal,
        case,
        "update",
        "case_party",
        party.id,
        f"party added: {body.role}",
        decision,
    )
    return party, person


PARTY_ORDER: Keyset[Any] = Keyset(
    columns=(CaseParty.role, CaseParty.id),
    types=(str, uuid.UUID),
    key=lambda row: (row.CaseParty.role, row.CaseParty.id),
)


async def parties(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[Any], str | None]:
    case, decision = await load_case(session, principal, case_id, Action.READ)
    fetched = await CaseRepository(session).parties_page(
        case.id, keyset=PARTY_ORDER, cursor=cursor, limit=limit
    )
    await audit(
        session, principal, case, "read", "case_parties", case.id, "persons of the case", decision
    )
    return PARTY_ORDER.page(fetched, limit)


# --- assignment, transfer, closure -----------------------------------------------------------


async def assign_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    username: str,
    if_match: str | None,
) -> Case:
    case = await session.get(Case, case_id)
    if case is None:
        raise ResourceNotFound("no such case / sellist juhtumit pole")
    decision = await assign(
        session,
        principal,
        case,
        case_scope(case),
        username,
        if_match,
        require_state=lambda: require_open(case),
    )
    await audit(session, principal, case, "update", "case", case.id, "assignment", decision)
    return case


async def transfer_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    to_municipality: str,
    if_match: str | None,
) -> Case:
    """The child moved: the case goes to the new municipality (unassigned, in its queue), the old
    one loses access, and everyone downstream learns it from ``case.transferred``."""
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    check_version(case.version, if_match)
    require_open(case)
    if to_municipality == case.municipality:
        raise RuleViolation("the case is already there", extra={"field": "to_municipality"})
    active = len(await PlacementRepository(session).active_of_case(case.id))
    origin = case.municipality
    # Persons are records of a municipality: the new one gets its own (one per personal code).
    for party, person in await CaseRepository(session).parties(case.id):
        moved = await upsert_person(session, to_municipality, _person_in(person))
        party.person_id = moved.id
        if person.id == case.child_id:
            case.child_id = moved.id
    for placement in await PlacementRepository(session).active_of_case(case.id):
        placement.child_id = case.child_id
    case.municipality = to_municipality
    case.transferred_from = origin
    case.assignee = None
    await flush_versioned(session)
    await clocks.follow(session, municipality=to_municipality, assignee=None, case_id=case.id)
    now = datetime.now(UTC)
    await publish(
        session,
        CaseTransferredV1(
            case_id=case.id,
            from_municipality=origin,
            to_municipality=to_municipality,
            transferred_at=now,
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "update",
        "case",
        case.id,
        f"transferred to {to_municipality}"
        + (f" with {active} active placement(s)" if active else ""),
        decision,
    )
    return case


def _person_in(person: Person) -> PersonIn:
    return PersonIn.model_construct(
        given_name=person.given_name,
        family_name=person.family_name,
        personal_code=person.personal_code,
        birth_date=person.birth_date,
        address=person.address,
        phone=person.phone,
        email=person.email,
    )


async def close_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    reason: str,
    note: str | None,
    if_match: str | None,
) -> Case:
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    check_version(case.version, if_match)
    require_open(case)
    active = await PlacementRepository(session).active_of_case(case.id)
    if active and reason not in PLACEMENT_ENDING_REASONS:
        raise RuleViolation(
            "the child is in substitute care: end the placement first / asendushooldus kestab",
            extra={"field": "reason"},
        )
    now = datetime.now(UTC)
    case.status, case.closed_at, case.close_reason, case.close_note = CLOSED, now, reason, note
    today = now.astimezone(default_calendar().tz).date()
    for placement in active:
        # Substitute care ends with the case (the child came of age, died or moved abroad), so
        # the place at the provider is free again.
        placement.status, placement.ended_on = "ended", max(today, placement.starts_on)
    await flush_versioned(session)
    await clocks.cancel_case(session, case.id)
    for placement in active:
        assert placement.ended_on is not None
        await publish(
            session,
            PlacementEndedV1(
                placement_id=placement.id,
                case_id=case.id,
                municipality=case.municipality,
                ended_on=placement.ended_on,
            ),
            case.id,
        )
    await publish(
        session,
        CaseClosedV1(case_id=case.id, municipality=case.municipality, reason=reason, closed_at=now),
        case.id,
    )
    await audit(session, principal, case, "update", "case", case.id, f"closed: {reason}", decision)
    return case


async def reopen_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    reason: str,
    if_match: str | None,
) -> Case:
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    check_version(case.version, if_match)
    if case.status != CLOSED:
        raise Conflict("the case is open / juhtum on avatud")
    case.status, case.closed_at, case.close_reason, case.close_note = OPEN, None, None, None
    await flush_versioned(session)
    now = datetime.now(UTC)
    await publish(
        session,
        CaseReopenedV1(case_id=case.id, municipality=case.municipality, reopened_at=now),
        case.id,
    )
    await audit(
        session, principal, case, "update", "case", case.id, f"reopened: {reason}", decision
    )
    return case
