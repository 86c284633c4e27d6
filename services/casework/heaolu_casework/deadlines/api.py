"""The clock lists: mine, the municipality's, a case's."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter

from heaolu_casework.common.access import Caseworker
from heaolu_casework.common.http import API_PREFIX, ERRORS_CASE_LIST, ERRORS_LIST, Cursor, Limit
from heaolu_casework.common.schemas import deadline_out
from heaolu_casework.deadlines import service
from heaolu_casework.deadlines.schemas import DeadlinePage
from heaolu_shared.app import DbSession
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])


def _page(rows: Sequence[Any], next_cursor: str | None) -> DeadlinePage:
    return DeadlinePage(items=[deadline_out(r) for r in rows], next_cursor=next_cursor)


@router.get("/my-deadlines", response_model=DeadlinePage, responses=ERRORS_LIST)
async def my_deadlines(
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DeadlinePage:
    """The caller's open clocks (and those of colleagues they substitute), soonest first."""
    return _page(*await service.my_deadlines(session, principal, cursor=cursor, limit=limit))


@router.get("/deadlines", response_model=DeadlinePage, responses=ERRORS_LIST)
async def municipality_deadlines(
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DeadlinePage:
    """Every open clock of the municipality (department head)."""
    return _page(
        *await service.municipality_deadlines(session, principal, cursor=cursor, limit=limit)
    )


@router.get("/cases/{case_id}/deadlines", response_model=DeadlinePage, responses=ERRORS_CASE_LIST)
async def case_deadlines(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DeadlinePage:
    """The case's open clocks with their legal basis, soonest first."""
    return _page(
        *await service.case_deadlines(session, principal, case_id, cursor=cursor, limit=limit)
    )
