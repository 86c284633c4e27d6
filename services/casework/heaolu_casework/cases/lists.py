"""The worklists of cases: "my cases" and the municipality's, search by personal code or name,
and the queue of new, unassigned work."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.cases import rules
from heaolu_casework.cases.repository import CaseListRepository, QueueRepository
from heaolu_casework.cases.schemas import CaseSearch
from heaolu_casework.common import messages
from heaolu_casework.common.access import SERVICE, access_context, audit, audit_list, visibility
from heaolu_casework.common.cases import code_pseudonym
from heaolu_casework.common.models import Case
from heaolu_casework.settings import get_settings
from heaolu_shared.access import Action, decide
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted
from heaolu_shared.pagination import Keyset

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
    fetched = await CaseListRepository(session).page(
        seen, status=status, keyset=NEWEST_CASES, cursor=cursor, limit=limit
    )
    rows, next_cursor = NEWEST_CASES.page(
        fetched,
        limit,
        keep=lambda r: decide(principal, Action.LIST, r.Case.scope(), ctx).allowed,
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
        raise NotPermitted(messages.SEARCH_NEEDS_MUNICIPALITY)
    ctx = await access_context(session, principal)
    seen = replace(visibility(principal, ctx), record_ids=frozenset())
    fetched = await CaseListRepository(session).search(
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
        keep=lambda r: decide(principal, Action.READ, r.Case.scope(), ctx).allowed,
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
    scope = rules.queue_scope(principal, get_settings().self_assignment_municipalities)
    rows, next_cursor = await QueueRepository(session).page(
        scope.municipality,
        assessments=scope.assessments,
        applications=scope.applications,
        case_kinds=scope.case_kinds,
        cursor=cursor,
        limit=limit,
    )
    await audit_list(
        session,
        principal,
        record_type="queue",
        scope_id=f"municipality:{scope.municipality}",
        purpose="worklist queue",
        shown=[(r.kind, str(r.id), r.subject_pseudonym) for r in rows if r.child_name],
    )
    return rows, next_cursor
