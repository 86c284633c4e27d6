"""The intake queue: a municipality's incoming reports, or SKA's triage queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common.access import SERVICE, report_scope, time_context
from heaolu_intake.common.models import Report
from heaolu_intake.triage import repository
from heaolu_intake.triage.rules import queue_view
from heaolu_shared.access import Action, decide
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal


async def queue(
    session: AsyncSession,
    *,
    principal: Principal,
    ska_triage: bool,
    cursor: str | None,
    limit: int,
    now: datetime,
) -> tuple[list[Report], str | None]:
    """A page of the queue, newest first, and the next page's cursor; the list is audited."""
    view = queue_view(principal, ska_triage=ska_triage, now=now)
    fetched = await repository.queue(
        session, view.municipality, assignee=view.assignee, cursor=cursor, limit=limit
    )
    ctx = time_context(now)
    shown, next_cursor = repository.NEWEST_FIRST.page(
        fetched,
        limit,
        keep=lambda r: decide(principal, Action.LIST, report_scope(r), ctx).allowed,
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="list",
        record_type="report_list",
        record_id=f"municipality:{view.municipality or 'ska_triage'}",
        subject_pseudonym=None,
        purpose="intake queue",
    )
    return shown, next_cursor
