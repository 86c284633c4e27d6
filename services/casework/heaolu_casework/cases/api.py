"""Cases: the queue of new work, opening, lists and search, the case file, assignment,
transfer, closure, reopening, and the people in a case."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from heaolu_casework.cases import citizens, lists, service
from heaolu_casework.cases.citizens import Citizen
from heaolu_casework.cases.schemas import (
    CaseCreate,
    CasePage,
    CaseSearch,
    Closure,
    MyRecord,
    MyRecordPage,
    PartyIn,
    PartyOut,
    PartyPage,
    Queue,
    QueueItem,
    Reopening,
    SearchHit,
    SearchPage,
    Transfer,
)
from heaolu_casework.common import clocks
from heaolu_casework.common.access import Caseworker
from heaolu_casework.common.http import (
    API_PREFIX,
    ERRORS_CASE_LIST,
    ERRORS_CREATE,
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Cursor,
    Limit,
    Update,
    change,
    create_in_case,
    problems,
    replay_by_case,
    tagged,
)
from heaolu_casework.common.models import CaseParty, Person
from heaolu_casework.common.schemas import (
    Assignment,
    CaseOut,
    CaseSummary,
    PersonOut,
    case_out,
    deadline_out,
)
from heaolu_shared.access import refuse_export
from heaolu_shared.app import DbSession
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])


@router.get("/queue", response_model=Queue, responses=ERRORS_LIST)
async def get_queue(
    principal: Caseworker, session: DbSession, cursor: Cursor = None, limit: Limit = DEFAULT_PAGE
) -> Queue:
    """New unassigned reports, applications and transferred-in cases: children in danger first,
    then the nearest deadline; page by page with ``next_cursor`` until it is null."""
    rows, next_cursor = await lists.queue(session, principal, cursor=cursor, limit=limit)
    items = [
        QueueItem(
            kind=r.kind,
            id=r.id,
            municipality=principal.municipality or "",
            received_at=r.received_at,
            due_at=r.due_at,
            urgent=r.urgent,
            detail=r.detail,
            child_name=r.child_name,
        )
        for r in rows
    ]
    return Queue(items=items, next_cursor=next_cursor)


@router.post(
    "/cases",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseOut,
    responses=problems(403, 409, 422),
)
async def create_case(
    body: CaseCreate,
    principal: Caseworker,
    session: DbSession,
    creation: Creation,
) -> CaseOut:
    """Open a case directly (the family came to the office; a known need)."""

    async def create() -> CaseOut:
        case = await service.open_case_directly(
            session, principal, kind=body.kind, child=body.child
        )
        return case_out(case)

    return await creation(
        "case.create",
        body,
        "",
        CaseOut,
        create,
        lambda out: f"/cases/{out.id}",
        replay_by_case(creation, "case.create"),
    )


def _case_summary(row: Any, model: type[CaseSummary] = CaseSummary) -> Any:
    return model.model_validate(
        {
            **CaseSummary.model_validate(row.Case).model_dump(),
            "child_name": row.child_name,
            "assignee_username": row.assignee_username,
            "assignee_name": row.assignee_name,
        }
    )


@router.get("/cases", response_model=CasePage, responses=ERRORS_LIST)
async def list_cases(
    principal: Caseworker,
    session: DbSession,
    case_status: Annotated[str | None, Query(alias="status", pattern="^(open|closed)$")] = None,
    mine: bool = False,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> CasePage:
    """ "My cases" (workers; ``mine`` for a department head), or the municipality's cases, with
    the child's and the assignee's names."""
    rows, next_cursor = await lists.list_cases(
        session, principal, status=case_status, mine=mine, cursor=cursor, limit=limit
    )
    return CasePage(items=[_case_summary(r) for r in rows], next_cursor=next_cursor)


@router.get("/cases/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_cases(principal: Caseworker) -> None:
    """Refused for everyone: personal case records are not exported."""
    refuse_export(principal)


@router.post("/cases/search", response_model=SearchPage, responses=ERRORS_LIST)
async def search_cases(
    body: CaseSearch,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> SearchPage:
    """Find cases by the personal code or name of a person in them (in the body, never the
    URL); the search and every hit are audited with the stated purpose."""
    hits, next_cursor = await lists.search_cases(
        session, principal, body, cursor=cursor, limit=limit
    )
    return SearchPage(items=[_case_summary(r, SearchHit) for r in hits], next_cursor=next_cursor)


@router.get("/cases/{case_id}", response_model=CaseOut, responses=ERRORS_READ)
async def get_case(
    case_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> CaseOut:
    case, child, removal = await service.read_case(session, principal, case_id)
    upcoming, _ = await clocks.open_deadlines(
        session, municipality=None, assignees=None, case_id=case.id, limit=1
    )
    tagged(response, case.version)
    out = case_out(case, child, removal)
    out.next_deadline = deadline_out(upcoming[0]) if upcoming else None
    return out


@router.patch("/cases/{case_id}", response_model=CaseOut, responses=ERRORS_UPDATE)
async def assign_case(
    case_id: uuid.UUID,
    body: Assignment,
    update: Update,
) -> CaseOut:
    return case_out(await change(update, service.assign_case, case_id, body.assignee_username))


@router.post("/cases/{case_id}/transfer", response_model=CaseOut, responses=ERRORS_UPDATE)
async def transfer_case(
    case_id: uuid.UUID,
    body: Transfer,
    update: Update,
) -> CaseOut:
    """The child moved: the case goes to the new municipality's queue; this one loses it."""
    return case_out(await change(update, service.transfer_case, case_id, body.to_municipality))


@router.post("/cases/{case_id}/close", response_model=CaseOut, responses=ERRORS_UPDATE)
async def close_case(
    case_id: uuid.UUID,
    body: Closure,
    update: Update,
) -> CaseOut:
    return case_out(await change(update, service.close_case, case_id, body.reason, body.note))


@router.post("/cases/{case_id}/reopen", response_model=CaseOut, responses=ERRORS_UPDATE)
async def reopen_case(
    case_id: uuid.UUID,
    body: Reopening,
    update: Update,
) -> CaseOut:
    return case_out(await change(update, service.reopen_case, case_id, body.reason))


@router.get("/my-records", response_model=MyRecordPage, responses=ERRORS_LIST)
async def my_records(
    principal: Citizen,
    session: DbSession,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=50, description="items per page")] = 50,
) -> MyRecordPage:
    """A signed-in citizen's own case records and those of the children in their custody,
    newest first; each listing is in the citizen's own access log as their read."""
    rows, next_cursor = await citizens.my_records(session, principal, cursor=cursor, limit=limit)
    return MyRecordPage(
        items=[
            MyRecord(
                case_id=r.Case.id,
                number=r.Case.number,
                municipality=r.Case.municipality,
                kind=r.Case.kind,
                status=r.Case.status,
                opened_at=r.Case.opened_at,
                closed_at=r.Case.closed_at,
                relation=r.relation,
                person_name=r.person_name,
            )
            for r in rows
        ],
        next_cursor=next_cursor,
    )


def _party_out(party: CaseParty, person: Person) -> PartyOut:
    return PartyOut(
        id=party.id,
        role=party.role,
        legal_basis=party.legal_basis,
        has_custody=party.has_custody,
        lives_with_child=party.lives_with_child,
        note=party.note,
        person=PersonOut.model_validate(person, from_attributes=True),
    )


@router.post(
    "/cases/{case_id}/parties",
    status_code=status.HTTP_201_CREATED,
    response_model=PartyOut,
    responses=ERRORS_CREATE,
)
async def add_party(case_id: uuid.UUID, body: PartyIn, creation: Creation) -> PartyOut:
    """A parent, legal representative (with the basis), household member or other person."""
    return await create_in_case(
        creation,
        "party.create",
        case_id,
        body,
        PartyOut,
        service.add_party,
        "/cases/{case_id}/parties",
        lambda made: _party_out(*made),
    )


@router.get("/cases/{case_id}/parties", response_model=PartyPage, responses=ERRORS_CASE_LIST)
async def list_parties(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> PartyPage:
    rows, next_cursor = await service.parties(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return PartyPage(
        items=[_party_out(r.CaseParty, r.Person) for r in rows], next_cursor=next_cursor
    )
