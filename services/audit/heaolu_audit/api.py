"""Audit's HTTP API: the chain's verification, auditors' queries, a citizen's own log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from heaolu_audit.messages import FOR_SIGNED_IN_CITIZEN
from heaolu_audit.schemas import (
    AccessLogEntry,
    AccessLogPage,
    AlertOut,
    AlertPage,
    AuditPage,
    AuditRecordOut,
    PersonSearch,
    VerificationOut,
)
from heaolu_audit.service import alerts, search, verify_chain
from heaolu_shared.access import AccessContext, Action, Domain, RecordScope, require
from heaolu_shared.app import DbSession
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.dates import RecordDatetime
from heaolu_shared.errors import NotPermitted
from heaolu_shared.pseudonym import pseudonymize
from heaolu_shared.roles import Role

router = APIRouter(prefix="/api/audit/v1", tags=["audit"])

AUDIT_DATA = RecordScope(Domain.AUDIT, None)
Cursor = Annotated[
    str | None,
    Query(max_length=512, description="the next_cursor of the previous page; none for the first"),
]


async def auditor(principal: CurrentPrincipal) -> Principal:
    """Auditors only: they see audit data, never case content."""
    require(principal, Action.READ, AUDIT_DATA, AccessContext(now=datetime.now(UTC)))
    return principal


Auditor = Annotated[Principal, Depends(auditor)]


def _key(request: Request) -> str:
    key: str = request.app.state.settings.pseudonym_key
    return key


@router.get("/chain/verification", response_model=VerificationOut)
async def verify(principal: Auditor, session: DbSession) -> VerificationOut:
    """Recompute the hash chain and name the first broken row, if any."""
    result = await verify_chain(session)
    return VerificationOut(**result.__dict__)


@router.get("/records", response_model=AuditPage)
async def records(
    principal: Auditor,
    session: DbSession,
    actor_subject: str | None = Query(default=None, max_length=64),
    subject_pseudonym: str | None = Query(default=None, pattern=r"^[0-9a-f]{32}$"),
    since: RecordDatetime | None = None,
    until: RecordDatetime | None = None,
    cursor: Cursor = None,
    limit: int = Query(default=100, ge=1, le=500),
) -> AuditPage:
    """Records by user, by subject and by time, newest first, page by page."""
    rows, next_cursor = await search(
        session,
        actor=actor_subject,
        subject=subject_pseudonym,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
    )
    return AuditPage(
        items=[AuditRecordOut.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.post("/records/by-person", response_model=AuditPage)
async def records_by_person(
    body: PersonSearch, principal: Auditor, session: DbSession, request: Request
) -> AuditPage:
    """Who accessed this person's data (the personal code is sent in the body)."""
    subject = pseudonymize(body.personal_code, _key(request))
    rows, next_cursor = await search(
        session,
        subject=subject,
        since=body.since,
        until=body.until,
        cursor=body.cursor,
        limit=body.limit,
    )
    # Looking up whose data was accessed is itself an access to that person's data.
    await record_access(
        session,
        principal,
        service="audit",
        action="search",
        record_type="audit_trail",
        record_id=f"person:{subject}",
        subject_pseudonym=subject,
        purpose="audit by person",
    )
    return AuditPage(
        items=[AuditRecordOut.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/alerts", response_model=AlertPage)
async def anomaly_alerts(
    principal: Auditor,
    session: DbSession,
    cursor: Cursor = None,
    limit: int = Query(default=100, ge=1, le=500),
) -> AlertPage:
    """Anomaly alerts, newest first."""
    rows, next_cursor = await alerts(session, cursor=cursor, limit=limit)
    return AlertPage(items=[AlertOut.model_validate(a) for a in rows], next_cursor=next_cursor)


@router.get("/my-access-log", response_model=AccessLogPage)
async def my_access_log(
    principal: CurrentPrincipal,
    session: DbSession,
    request: Request,
    cursor: Cursor = None,
    limit: int = Query(default=100, ge=1, le=500),
) -> AccessLogPage:
    """Who looked at my data: role and institution of each access, never colleagues' names, and
    never the act of reporting or anything about a reporter (LasteKS §27)."""
    if Role.CITIZEN not in principal.roles or principal.personal_code is None:
        raise NotPermitted(FOR_SIGNED_IN_CITIZEN)
    own = pseudonymize(principal.personal_code, _key(request))
    ctx = AccessContext(now=datetime.now(UTC), principal_pseudonym=own)
    require(principal, Action.LIST, RecordScope(Domain.AUDIT, None, subject_pseudonym=own), ctx)
    rows, next_cursor = await search(
        session, subject=own, cursor=cursor, limit=limit, for_subject=True
    )
    items = [
        AccessLogEntry(
            occurred_at=r.occurred_at,
            institution=r.actor_institution,
            role=r.actor_role,
            action=r.action,
            record_type=r.record_type,
            purpose=r.purpose,
            as_substitute=r.on_behalf_of is not None,
        )
        for r in rows
    ]
    return AccessLogPage(items=items, next_cursor=next_cursor)
