"""Service applications, administrative decisions and their documents, delivery and the
follow-up of a granted service."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from heaolu_casework.common.access import APPLICATIONS, CasePart, Caseworker, readable
from heaolu_casework.common.http import (
    API_PREFIX,
    ERRORS_CASE_LIST,
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Cursor,
    Limit,
    Update,
    change,
    create_in_case,
    tagged,
)
from heaolu_casework.common.models import ServiceApplication
from heaolu_casework.common.schemas import Assignment, CaseOut, case_out
from heaolu_casework.decisions import service
from heaolu_casework.decisions.models import AdministrativeDecision
from heaolu_casework.decisions.schemas import (
    ApplicationCase,
    ApplicationOut,
    DecisionIn,
    DecisionOut,
    DecisionPage,
    Delivery,
    Provision,
)
from heaolu_shared.app import DbSession
from heaolu_shared.concurrency import IfMatch
from heaolu_shared.guard import Authorized
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])

ReadApplication = Annotated[
    Authorized[ServiceApplication],
    Depends(readable(APPLICATIONS, param="application_id", purpose="service application")),
]
ReadDecision = Annotated[
    Authorized[CasePart[AdministrativeDecision]],
    Depends(readable(service.DECISIONS, param="decision_id", purpose="decision")),
]
ReadDecisionDocument = Annotated[
    Authorized[CasePart[AdministrativeDecision]],
    Depends(readable(service.DECISIONS, param="decision_id", purpose="decision document")),
]


@router.get("/applications/{application_id}", response_model=ApplicationOut, responses=ERRORS_READ)
async def get_application(
    application_id: uuid.UUID, read: ReadApplication, response: Response
) -> ApplicationOut:
    tagged(response, read.record.version)
    return ApplicationOut.model_validate(read.record)


@router.patch(
    "/applications/{application_id}", response_model=ApplicationOut, responses=ERRORS_UPDATE
)
async def assign_application(
    application_id: uuid.UUID,
    body: Assignment,
    update: Update,
) -> ApplicationOut:
    return ApplicationOut.model_validate(
        await change(update, service.assign_application, application_id, body.assignee_username)
    )


@router.post(
    "/applications/{application_id}/case",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseOut,
    responses=ERRORS_UPDATE,
)
async def open_case_for_application(
    application_id: uuid.UUID,
    body: ApplicationCase,
    principal: Caseworker,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> CaseOut:
    """Take the application up as a social-services case (the applicant is checked against the
    application's pseudonym)."""
    case = await service.open_case_for_application(
        session, principal, application_id, body.applicant, if_match
    )
    response.headers["Location"] = f"{API_PREFIX}/cases/{case.id}"
    return case_out(case)


@router.post(
    "/cases/{case_id}/decisions",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionOut,
    responses=ERRORS_CREATE,
)
async def issue_decision(case_id: uuid.UUID, body: DecisionIn, creation: Creation) -> DecisionOut:
    """Grant or refuse a service: legal basis, reasoning, appeal notice, a PDF document; a
    granted service is referred to its provider by event."""
    return await create_in_case(
        creation,
        "decision.create",
        case_id,
        body,
        DecisionOut,
        service.issue_decision,
        "/decisions/{id}",
    )


@router.get("/cases/{case_id}/decisions", response_model=DecisionPage, responses=ERRORS_CASE_LIST)
async def list_decisions(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DecisionPage:
    rows, next_cursor = await service.case_decisions(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return DecisionPage(
        items=[DecisionOut.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/decisions/{decision_id}", response_model=DecisionOut, responses=ERRORS_READ)
async def get_decision(
    decision_id: uuid.UUID, read: ReadDecision, response: Response
) -> DecisionOut:
    tagged(response, read.record.row.version)
    return DecisionOut.model_validate(read.record.row)


@router.get(
    "/decisions/{decision_id}/document",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **ERRORS_READ},
)
async def decision_document(decision_id: uuid.UUID, read: ReadDecisionDocument) -> Response:
    """The decision as the PDF delivered to the addressee."""
    decision = read.record.row
    filename = decision.number.replace("/", "_")
    return Response(
        content=decision.document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.post(
    "/decisions/{decision_id}/delivery", response_model=DecisionOut, responses=ERRORS_UPDATE
)
async def record_delivery(
    decision_id: uuid.UUID,
    body: Delivery,
    update: Update,
) -> DecisionOut:
    return DecisionOut.model_validate(
        await change(update, service.record_delivery, decision_id, body)
    )


@router.post(
    "/decisions/{decision_id}/provision", response_model=DecisionOut, responses=ERRORS_UPDATE
)
async def record_provision(
    decision_id: uuid.UUID,
    body: Provision,
    update: Update,
) -> DecisionOut:
    """The provider's delivery of a granted service: started, delivered, ended, not started."""
    return DecisionOut.model_validate(
        await change(update, service.record_provision, decision_id, body)
    )
