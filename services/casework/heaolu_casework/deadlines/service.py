"""The lists of open clocks: the caller's own (and those of colleagues they substitute), the
municipality's, and a case's; every list audited."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.access import audit_list, read_of_case, visible_assignees
from heaolu_casework.common.clocks import open_deadlines
from heaolu_shared.access import require_any_role
from heaolu_shared.auth import Principal
from heaolu_shared.roles import Role

Page = tuple[list[Any], str | None]


async def _audited(
    session: AsyncSession, principal: Principal, rows: Sequence[Any], purpose: str
) -> None:
    await audit_list(
        session,
        principal,
        record_type="deadline_list",
        scope_id=f"municipality:{principal.municipality or 'none'}",
        purpose=purpose,
        shown=[
            ("deadline", str(r.Deadline.id), r.Deadline.subject_pseudonym)
            for r in rows
            if r.child_name
        ],
    )


async def my_deadlines(
    session: AsyncSession, principal: Principal, *, cursor: str | None, limit: int
) -> Page:
    """The caller's open clocks (and those of colleagues they substitute), soonest first."""
    rows, next_cursor = await open_deadlines(
        session,
        municipality=principal.municipality,
        assignees=await visible_assignees(session, principal),
        cursor=cursor,
        limit=limit,
    )
    await _audited(session, principal, rows, "my deadlines")
    return rows, next_cursor


async def municipality_deadlines(
    session: AsyncSession, principal: Principal, *, cursor: str | None, limit: int
) -> Page:
    """Every open clock of the municipality (department head)."""
    require_any_role(principal, (Role.DEPARTMENT_HEAD,))
    rows, next_cursor = await open_deadlines(
        session, municipality=principal.municipality, assignees=None, cursor=cursor, limit=limit
    )
    await _audited(session, principal, rows, "municipality deadlines")
    return rows, next_cursor


async def case_deadlines(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    *,
    cursor: str | None,
    limit: int,
) -> Page:
    """The case's open clocks with their legal basis, soonest first."""
    read = await read_of_case(
        session, principal, case_id, record_type="deadline_list", purpose="case deadlines"
    )
    return await open_deadlines(
        session,
        municipality=None,
        assignees=None,
        case_id=read.record.id,
        cursor=cursor,
        limit=limit,
    )
