"""A case's life: opening it directly, reading it, its people, assignment, transfer to another
municipality, closure and reopening."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.cases import rules
from heaolu_casework.cases.repository import CaseListRepository
from heaolu_casework.cases.schemas import PartyIn
from heaolu_casework.common import clocks, messages
from heaolu_casework.common.access import CASES, audit, load_case, read_of_case
from heaolu_casework.common.assignment import assign
from heaolu_casework.common.cases import (
    open_case,
    person_in,
    publish,
    require_open,
    upsert_person,
)
from heaolu_casework.common.enums import CaseStatus, PlacementStatus
from heaolu_casework.common.models import Case, CaseParty, Person, Removal
from heaolu_casework.common.repository import CaseRepository
from heaolu_casework.common.schemas import PersonIn
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import (
    CaseClosedV1,
    CaseReopenedV1,
    CaseTransferredV1,
    PlacementEndedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.pagination import Keyset


async def open_case_directly(
    session: AsyncSession, principal: Principal, *, kind: str, child: PersonIn
) -> Case:
    """A worker opens a case without a report (e.g. the family came to the office)."""
    if principal.municipality is None or not rules.may_open_directly(principal, kind):
        raise NotPermitted(messages.ROLE_DOES_NOT_OPEN_KIND)
    return await open_case(
        session,
        principal,
        municipality=principal.municipality,
        kind=kind,
        child=child,
        origin="direct",
        assignee=rules.direct_assignee(principal),
    )


async def read_case(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID
) -> tuple[Case, Person, Removal | None]:
    """The case with its child and latest separation, audited as a read of the case file."""
    case = (
        await CASES.authorize(session, principal, case_id, Action.READ, purpose="case file")
    ).record
    child = await session.get(Person, case.child_id)
    assert child is not None
    return case, child, await CaseListRepository(session).latest_removal(case.id)


async def add_party(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: PartyIn
) -> tuple[CaseParty, Person]:
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    person = await upsert_person(session, case.municipality, body.person)
    if person.id == case.child_id:
        raise RuleViolation(messages.PARTY_IS_THE_CHILD, extra={"field": "person"})
    if await CaseRepository(session).takes_part(case.id, person.id, body.role):
        raise Conflict(messages.PARTY_ROLE_TAKEN)
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
    read = await read_of_case(
        session, principal, case_id, record_type="case_parties", purpose="persons of the case"
    )
    fetched = await CaseListRepository(session).parties_page(
        read.record.id, keyset=PARTY_ORDER, cursor=cursor, limit=limit
    )
    return PARTY_ORDER.page(fetched, limit)


async def assign_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    username: str,
    if_match: str | None,
) -> Case:
    case = await CASES.load(session, case_id)
    decision = await assign(
        session, principal, case, username, if_match, require_state=lambda: require_open(case)
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
        raise RuleViolation(
            messages.TRANSFER_TO_SAME_MUNICIPALITY, extra={"field": "to_municipality"}
        )
    repository = CaseListRepository(session)
    active = len(await repository.active_placements(case.id))
    origin = case.municipality
    # Persons are records of a municipality: the new one gets its own (one per personal code).
    for party, person in await CaseRepository(session).parties(case.id):
        moved = await upsert_person(session, to_municipality, person_in(person))
        party.person_id = moved.id
        if person.id == case.child_id:
            case.child_id = moved.id
    for placement in await repository.active_placements(case.id):
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


async def close_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    reason: str,
    note: str | None,
    if_match: str | None,
) -> Case:
    """Close the case; substitute care ends with it when the reason ends care (the place at the
    provider is free again), and its clocks stop."""
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    check_version(case.version, if_match)
    require_open(case)
    active = await CaseListRepository(session).active_placements(case.id)
    rules.check_closing(reason, len(active))
    now = datetime.now(UTC)
    case.status, case.closed_at, case.close_reason, case.close_note = (
        CaseStatus.CLOSED,
        now,
        reason,
        note,
    )
    today = now.astimezone(default_calendar().tz).date()
    for placement in active:
        placement.status = PlacementStatus.ENDED
        placement.ended_on = max(today, placement.starts_on)
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
    if case.status != CaseStatus.CLOSED:
        raise Conflict(messages.CASE_ALREADY_OPEN)
    case.status, case.closed_at, case.close_reason, case.close_note = (
        CaseStatus.OPEN,
        None,
        None,
        None,
    )
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
