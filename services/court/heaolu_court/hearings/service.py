"""The rules of hearings and mediation: a dated entry on a case; who attends (a substitute of
the municipality when the worker is absent); the outcome afterwards; mediation records whether
the parents agreed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import messages
from heaolu_court.common.access import audit, listed_page, load
from heaolu_court.hearings import repository
from heaolu_court.hearings.models import Hearing
from heaolu_court.hearings.schemas import HearingIn, OutcomeIn
from heaolu_shared import staff
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.court import HearingHeldV1
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role

RECORD_TYPE = "hearing"
MUNICIPAL_ROLES = frozenset({Role.CHILD_PROTECTION_WORKER, Role.DEPARTMENT_HEAD})
CLOCK_SKEW = timedelta(minutes=5)


class WrongState(Conflict):
    slug = "wrong-state"


async def schedule(session: AsyncSession, principal: Principal, body: HearingIn) -> Hearing:
    if principal.roles.isdisjoint(MUNICIPAL_ROLES) or principal.municipality is None:
        raise NotPermitted(messages.NO_ACCESS)
    attendee = principal.subject
    if body.attendee_username is not None:
        row = await staff.by_username(session, body.attendee_username)
        if row is None or row.municipality != principal.municipality:
            raise RuleViolation(messages.ASSIGNEE_UNKNOWN, extra={"field": "attendee_username"})
        attendee = row.subject
    hearing = Hearing(
        id=uuid.uuid4(),
        municipality=principal.municipality,
        assignee=principal.subject,
        attendee=attendee,
        case_id=body.case_id,
        kind=body.kind,
        authority=body.authority,
        reference=body.reference,
        scheduled_at=body.scheduled_at,
        status="scheduled",
    )
    session.add(hearing)
    await session.flush()
    await audit(session, principal, hearing, "create", RECORD_TYPE, "hearing", None)
    return hearing


async def listing(
    session: AsyncSession,
    principal: Principal,
    *,
    case_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Hearing], str | None]:
    """Hearings the caller holds or attends (a head: the municipality's), newest first."""
    if principal.municipality is None:
        return [], None
    person = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    fetched = await repository.page(
        session,
        municipality=principal.municipality,
        person=person,
        case_id=case_id,
        cursor=cursor,
        limit=limit,
    )
    return await listed_page(
        session, principal, repository.ORDER, fetched, limit, RECORD_TYPE, "hearings"
    )


async def record_outcome(
    session: AsyncSession,
    principal: Principal,
    hearing_id: uuid.UUID,
    body: OutcomeIn,
    if_match: str | None,
) -> Hearing:
    hearing, decision = await load(
        session, principal, Hearing, hearing_id, Action.UPDATE, for_update=True
    )
    check_version(hearing.version, if_match)
    if hearing.status != "scheduled":
        raise WrongState(messages.WRONG_STATE, extra={"status": hearing.status})
    if body.held_at > datetime.now(UTC) + CLOCK_SKEW:
        raise RuleViolation(messages.IN_FUTURE, extra={"field": "held_at"})
    hearing.status, hearing.held_at, hearing.outcome_notes = (
        "held",
        body.held_at,
        body.outcome_notes,
    )
    hearing.agreement_reached = body.agreement_reached if hearing.kind == "mediation" else None
    await flush_versioned(session)
    await enqueue(
        session,
        HearingHeldV1(
            hearing_id=hearing.id,
            municipality=hearing.municipality,
            kind=hearing.kind,
            held_at=body.held_at,
            attended_by_substitute=hearing.attendee != hearing.assignee,
            agreement_reached=hearing.agreement_reached,
            case_id=hearing.case_id,
        ),
        subject=str(hearing.id),
        source="court",
    )
    await audit(session, principal, hearing, "update", RECORD_TYPE, "hearing outcome", decision)
    return hearing
