"""Who may use court, the access context, and the routine of every endpoint that touches a
person: load the record or 404, decide access with the shared policy, audit the read.

A court record can concern two parties (the municipality that handles the child and SKA, which
answers or asks): each record states its scopes, and access is granted when the policy allows
any of them, so each side sees the record only in its own role.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import messages
from heaolu_court.common.models import GuardedRecord
from heaolu_shared import staff
from heaolu_shared.access import AccessContext, Action, Decision, RecordScope
from heaolu_shared.app import DbSession
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.errors import NotPermitted
from heaolu_shared.guard import Authorized as Authorized
from heaolu_shared.guard import Guard, decide_any
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role

SERVICE = "court"
COURT_ROLES = (
    Role.CHILD_PROTECTION_WORKER,
    Role.SOCIAL_SERVICES_SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.SKA_COUNSELLOR,
    Role.SKA_CENTRAL_AUTHORITY,
)


async def court_user(principal: CurrentPrincipal, session: DbSession) -> Principal:
    """The caller, if court work is part of their job; remembered in the staff directory."""
    if principal.roles.isdisjoint(COURT_ROLES):
        raise NotPermitted(messages.ROLE_NOT_ALLOWED)
    await staff.register(session, principal)
    return principal


CourtUser = Annotated[Principal, Depends(court_user)]


def access_context(now: datetime | None = None) -> AccessContext:
    """Court's context: the time. Substitution windows are kept by casework and are not known
    here yet, so a substitute reaches a court record through the head's reassignment."""
    return AccessContext(now=now or datetime.now(UTC))


class Audited(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def subject_pseudonym(self) -> str | None: ...


def require_any(
    principal: Principal, action: Action, scopes: Sequence[RecordScope], ctx: AccessContext
) -> Decision:
    decision = decide_any(principal, action, scopes, ctx)
    if not decision.allowed:
        raise NotPermitted(messages.NO_ACCESS)
    return decision


async def audit(
    session: AsyncSession,
    principal: Principal,
    record: Audited,
    action: str,
    record_type: str,
    purpose: str,
    decision: Decision | None,
) -> None:
    """One audit record for an access to the personal data of ``record``."""
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type=record_type,
        record_id=str(record.id),
        subject_pseudonym=record.subject_pseudonym,
        purpose=purpose,
        decision=decision,
    )


G = TypeVar("G", bound=GuardedRecord)


async def listed_page(
    session: AsyncSession,
    principal: Principal,
    order: Keyset[G],
    fetched: Sequence[G],
    limit: int,
    record_type: str,
    purpose: str,
) -> tuple[list[G], str | None]:
    """A page of a list whose query already narrowed to the caller's rows: the policy's word on
    each row, the next page's cursor, one audit record per row shown."""
    ctx = access_context()
    shown, next_cursor = order.page(
        fetched,
        limit,
        keep=lambda r: decide_any(principal, Action.LIST, r.scopes(), ctx).allowed,
    )
    await audit_listed(session, principal, shown, record_type, purpose)
    return shown, next_cursor


async def audit_listed(
    session: AsyncSession,
    principal: Principal,
    records: Sequence[G],
    record_type: str,
    purpose: str,
) -> list[G]:
    """One audit record per record of a list shown (each is personal data of its child)."""
    for record in records:
        await audit(session, principal, record, "read", record_type, purpose, None)
    return list(records)


async def _court_context(session: AsyncSession, principal: Principal) -> AccessContext:
    return access_context()


async def _scopes(session: AsyncSession, record: GuardedRecord) -> Sequence[RecordScope]:
    return record.scopes()


@cache
def guard(model: type[G], record_type: str = "") -> Guard[G]:
    """The shared load-decide-audit routine for court's records of ``model``."""

    async def load_record(session: AsyncSession, record_id: uuid.UUID, lock: bool) -> G | None:
        return await session.get(model, record_id, with_for_update=lock)

    return Guard(
        service=SERVICE,
        record_type=record_type or model.__tablename__,
        load_record=load_record,
        scopes=_scopes,
        subject=lambda record: record.subject_pseudonym,
        record_id=lambda record: str(record.id),
        context=_court_context,
    )


async def load(
    session: AsyncSession,
    principal: Principal,
    model: type[G],
    record_id: uuid.UUID,
    action: Action,
    *,
    for_update: bool = False,
) -> tuple[G, Decision]:
    """The record if the principal may do ``action`` on it (404 / 403 otherwise)."""
    records = guard(model)
    record = await records.load(session, record_id, for_update=for_update)
    return record, await records.require(session, principal, record, action)


def readable(
    model: type[G], *, param: str, record_type: str, purpose: str
) -> Callable[..., Awaitable[Authorized[G]]]:
    """The dependency of a read endpoint: load the record named by the path parameter
    ``param``, decide access, audit the read."""
    return guard(model, record_type).dependency(
        Action.READ, param=param, purpose=purpose, principal=court_user
    )
