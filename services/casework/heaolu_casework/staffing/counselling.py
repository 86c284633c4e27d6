"""SKA's counselling service: a municipality asks about one of its assessments or cases; the
counsellor may read that record while the request is open, answers, and the request closes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import messages
from heaolu_casework.common.access import ASSESSMENTS, CASES, SERVICE, audit_list
from heaolu_casework.common.models import Case, CounsellingRequest, PreliminaryAssessment
from heaolu_casework.staffing import rules
from heaolu_casework.staffing.repository import CounsellingRepository
from heaolu_shared.access import Action, require_municipality
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import (
    CounsellingRequestAnsweredV1,
    CounsellingRequestClosedV1,
    CounsellingRequestEvent,
    CounsellingRequestOpenedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound
from heaolu_shared.outbox import enqueue
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role


class CounsellingClosed(Conflict):
    slug = "counselling-closed"


async def open_counselling_request(
    session: AsyncSession, principal: Principal, record_id: uuid.UUID, question: str
) -> CounsellingRequest:
    """Ask SKA's counselling service about a preliminary assessment or a case the asker may
    change; the counsellor may then read that record (and, for a case, its parts)."""
    target: Case | PreliminaryAssessment
    if await session.get(Case, record_id) is not None:
        target = (
            await CASES.authorize(session, principal, record_id, Action.UPDATE, purpose=None)
        ).record
    else:
        target = (
            await ASSESSMENTS.authorize(session, principal, record_id, Action.UPDATE, purpose=None)
        ).record
    request = await CounsellingRepository(session).add(
        CounsellingRequest(
            municipality=target.municipality,
            record_id=target.id,
            question=question,
            opened_by=principal.subject,
            opened_at=datetime.now(UTC),
        )
    )
    await _audit(session, principal, request, "create", "counselling requested")
    await _announce(session, request, CounsellingRequestOpenedV1)
    return request


async def _announce(
    session: AsyncSession,
    request: CounsellingRequest,
    event: type[CounsellingRequestEvent],
    **fields: Any,
) -> None:
    """Tell SKA's statistics (reporting): never the question, the answer or who asked."""
    asked_about = "case" if await session.get(Case, request.record_id) else "preliminary_assessment"
    await enqueue(
        session,
        event(
            request_id=request.id,
            municipality=request.municipality,
            record_type=asked_about,
            opened_at=request.opened_at,
            **fields,
        ),
        subject=str(request.id),
    )


COUNSELLING_ORDER: Keyset[CounsellingRequest] = Keyset(
    columns=(CounsellingRequest.opened_at, CounsellingRequest.id),
    types=(datetime, uuid.UUID),
    key=lambda r: (r.opened_at, r.id),
)


async def list_counselling_requests(
    session: AsyncSession,
    principal: Principal,
    *,
    open_only: bool,
    cursor: str | None,
    limit: int,
) -> tuple[list[CounsellingRequest], str | None]:
    """Requests addressed to SKA's counselling service (counsellor), the municipality's
    (department head) or the caller's own (worker), oldest first."""
    if rules.counsellor(principal):
        municipality, opened_by = None, None
    else:
        municipality = require_municipality(principal)
        opened_by = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    rows, next_cursor = await CounsellingRepository(session).listing(
        municipality=municipality,
        opened_by=opened_by,
        open_only=open_only,
        keyset=COUNSELLING_ORDER,
        cursor=cursor,
        limit=limit,
    )
    await audit_list(
        session,
        principal,
        record_type="counselling_request_list",
        scope_id=f"municipality:{municipality or 'all'}",
        purpose="counselling requests",
    )
    return rows, next_cursor


async def _subject_of(session: AsyncSession, record_id: uuid.UUID) -> str | None:
    case = await session.get(Case, record_id)
    if case is not None:
        return case.subject_pseudonym
    assessment = await session.get(PreliminaryAssessment, record_id)
    return assessment.subject_pseudonym if assessment is not None else None


async def _visible(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> CounsellingRequest:
    request = await CounsellingRepository(session).get_for_update(request_id)
    if request is None or not rules.may_see_counselling(principal, request):
        raise ResourceNotFound(messages.NO_SUCH_COUNSELLING_REQUEST)
    return request


async def _audit(
    session: AsyncSession,
    principal: Principal,
    request: CounsellingRequest,
    action: str,
    purpose: str,
) -> None:
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="counselling_request",
        record_id=str(request.id),
        subject_pseudonym=await _subject_of(session, request.record_id),
        purpose=purpose,
    )


async def read_counselling_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> CounsellingRequest:
    """The question (and answer) of one request, audited under the child's pseudonym."""
    request = await _visible(session, principal, request_id)
    await _audit(session, principal, request, "read", "counselling request")
    return request


async def answer_counselling_request(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    answer: str,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CounsellingRequest:
    """SKA's counsellor answers an open request (a later answer replaces the earlier one)."""
    request = await _visible(session, principal, request_id)
    if not rules.counsellor(principal):
        raise NotPermitted(messages.COUNSELLOR_ANSWERS)
    check_version(request.version, if_match)
    if request.closed_at is not None:
        raise CounsellingClosed(messages.COUNSELLING_CLOSED)
    request.answer = answer
    request.answered_at = now or datetime.now(UTC)
    request.answered_by = principal.subject
    await flush_versioned(session)
    await _audit(session, principal, request, "update", "counselling answered")
    await _announce(session, request, CounsellingRequestAnsweredV1, answered_at=request.answered_at)
    return request


async def close_counselling_request(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CounsellingRequest:
    """Close the request (the counsellor, the asker or their head); the counsellor's access to
    the record ends with it."""
    request = await _visible(session, principal, request_id)
    check_version(request.version, if_match)
    if request.closed_at is not None:
        raise CounsellingClosed(messages.COUNSELLING_CLOSED)
    request.closed_at = now or datetime.now(UTC)
    request.closed_by = principal.subject
    await flush_versioned(session)
    await _audit(session, principal, request, "update", "counselling closed")
    await _announce(
        session,
        request,
        CounsellingRequestClosedV1,
        closed_at=request.closed_at,
        closed_by="ska" if rules.counsellor(principal) else "municipality",
        answered=request.answered_at is not None,
    )
    return request
