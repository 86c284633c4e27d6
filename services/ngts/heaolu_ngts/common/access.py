"""NGTS's access context and its "load, authorize, audit" dependency.

Only specialists designated by their municipality see its list (the shared policy's NGTS rule);
this module tells the policy who is designated today, loads a youth or answers 404, decides,
enforces the hourly limit on distinct youths opened, writes the audit record and marks the
response as protected. Every endpoint that shows a youth goes through :func:`youth_dependency`
or :func:`show_youths`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Response
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.models import Designation, Youth, YouthView
from heaolu_ngts.settings import get_settings
from heaolu_shared import staff
from heaolu_shared.access import AccessContext, Action, Decision, Domain, RecordScope, decide
from heaolu_shared.app import DbSession
from heaolu_shared.audit_trail import record_accesses
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.errors import DomainError, NotPermitted, ResourceNotFound

SERVICE = "ngts"
DATA_PROTECTION_POLICY = "no-copy, no-print, no-screenshot, no-export"


class ViewLimitReached(DomainError):
    status, slug, title = 429, "view-limit", messages.VIEW_LIMIT_TITLE


async def ngts_user(principal: CurrentPrincipal, session: DbSession) -> Principal:
    """The caller, remembered in the staff directory (so a head can designate them)."""
    await staff.register(session, principal)
    return principal


NgtsUser = Annotated[Principal, Depends(ngts_user)]


async def designated(session: AsyncSession, principal: Principal, on: date) -> bool:
    """Whether ``principal`` is designated for NGTS by their municipality on ``on``."""
    if principal.municipality is None:
        return False
    found = await session.scalar(
        sa.select(sa.literal(True))
        .where(
            Designation.specialist_subject == principal.subject,
            Designation.municipality == principal.municipality,
            Designation.starts_on <= on,
            sa.or_(Designation.ends_on.is_(None), Designation.ends_on >= on),
        )
        .limit(1)
    )
    return bool(found)


async def access_context(
    session: AsyncSession, principal: Principal, now: datetime
) -> AccessContext:
    """What the policy needs beyond the record: the time and today's designations."""
    domains = (
        frozenset({Domain.NGTS})
        if await designated(session, principal, now.date())
        else (frozenset())
    )
    return AccessContext(now=now, designated_domains=domains)


def list_scope(municipality: str, record_id: str | None = None) -> RecordScope:
    return RecordScope(Domain.NGTS, municipality, record_id=record_id)


async def require_designated(
    session: AsyncSession,
    principal: Principal,
    action: Action,
    municipality: str,
    now: datetime,
    record_id: str | None = None,
) -> Decision:
    """The policy's decision on an NGTS record of ``municipality``; 403 when refused."""
    ctx = await access_context(session, principal, now)
    decision = decide(principal, action, list_scope(municipality, record_id), ctx)
    if not decision.allowed:
        raise NotPermitted(messages.NOT_DESIGNATED)
    return decision


def protect(response: Response) -> None:
    """The STAR no-copy policy on a response with list data (the gateway adds the watermark)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Data-Protection"] = DATA_PROTECTION_POLICY


async def _enforce_view_limit(
    session: AsyncSession, principal: Principal, youth_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    limit = get_settings().views_per_hour
    since = now - timedelta(hours=1)
    seen = set(
        (
            await session.scalars(
                sa.select(sa.distinct(YouthView.youth_id)).where(
                    YouthView.viewer == principal.subject, YouthView.viewed_at > since
                )
            )
        ).all()
    )
    if len(seen | set(youth_ids)) > limit:
        raise ViewLimitReached(messages.VIEW_LIMIT, extra={"limit": limit}, limit=limit)
    if youth_ids:
        await session.execute(
            sa.insert(YouthView),
            [{"viewer": principal.subject, "youth_id": y, "viewed_at": now} for y in youth_ids],
        )


async def show_youths(
    session: AsyncSession,
    principal: Principal,
    youths: Sequence[Youth],
    *,
    action: str,
    purpose: str,
    decision: Decision,
    now: datetime,
) -> None:
    """Count the youths against the viewer's hourly limit and audit each one shown (one event
    for the page; the audit service appends a record per youth, ADR 0032)."""
    await _enforce_view_limit(session, principal, [y.id for y in youths], now)
    await record_accesses(
        session,
        principal,
        service=SERVICE,
        action=action,
        purpose=purpose,
        records=[("ngts_youth", str(y.id), y.subject_pseudonym) for y in youths],
        decision=decision,
    )


@dataclass(frozen=True)
class YouthAccess:
    """A youth the caller may work with, loaded, decided, counted and audited."""

    youth: Youth
    principal: Principal
    decision: Decision
    now: datetime


def youth_dependency(action: Action, purpose: str) -> Callable[..., Awaitable[YouthAccess]]:
    """Load the youth or 404, decide ``action``, count and audit, mark the response."""

    async def load(
        youth_id: uuid.UUID, principal: NgtsUser, session: DbSession, response: Response
    ) -> YouthAccess:
        now = datetime.now(UTC)
        youth = await session.get(Youth, youth_id, with_for_update=action is not Action.READ)
        if youth is None:
            raise ResourceNotFound(messages.YOUTH_NOT_FOUND)
        decision = await require_designated(
            session, principal, action, youth.municipality, now, str(youth.id)
        )
        await show_youths(
            session,
            principal,
            [youth],
            action="read" if action is Action.READ else "update",
            purpose=purpose,
            decision=decision,
            now=now,
        )
        protect(response)
        return YouthAccess(youth, principal, decision, now)

    return load


ReadYouth = Annotated[YouthAccess, Depends(youth_dependency(Action.READ, "youth guarantee"))]
WorkOnYouth = Annotated[
    YouthAccess, Depends(youth_dependency(Action.UPDATE, "youth guarantee outreach"))
]
