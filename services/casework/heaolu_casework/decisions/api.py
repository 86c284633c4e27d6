"""Service applications, administrative decisions and their documents, delivery and the
follow-up of a granted service."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from heaolu_casework.common.access import Caseworker
from heaolu_casework.common.http import API_PREFIX, Creation, Cursor, Limit, Update, tagged
from heaolu_casework.common.schemas import Assignment, CaseOut, case_out
from heaolu_casework.decisions import service
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
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])


@router.get("/applications/{application_id}", response_model=ApplicationOut)
async def get_application(
    application_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> ApplicationOut:
    application = await service.read_application(session, principal, application_id)
    tagged(response, application.version)
    return ApplicationOut.model_validate(application)


@router.patch("/applications/{application_id}", response_model=ApplicationOut)
async def assign_application(
    application_id: uuid.UUID,
    body: Assignment,
    update: Update,
) -> ApplicationOut:
    return ApplicationOut.model_validate(
        await update(service.assign_application, application_id, body.assignee_username)
    )


@router.post(
    "/applications/{application_id}/case",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseOut,
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
    "/cases/{case_id}/decisions", status_code=status.HTTP_201_CREATED, response_model=DecisionOut
)
async def issue_decision(case_id: uuid.UUID, body: DecisionIn, creation: Creation) -> DecisionOut:
    """Grant or refuse a service: legal basis, reasoning, appeal notice, a PDF document; a
    granted service is referred to its provider by event."""
    return await creation.in_case(
        "decision.create", case_id, body, DecisionOut, service.issue_decision, "/decisions/{id}"
    )


@router.get("/cases/{case_id}/decisions", response_model=DecisionPage)
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


@router.get("/decisions/{decision_id}", response_model=DecisionOut)
async def get_decision(
    decision_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> DecisionOut:
    decision = await service.read_decision(session, principal, decision_id)
    tagged(response, decision.version)
    return DecisionOut.model_validate(decision)


@router.get(
    "/decisions/{decision_id}/document",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def decision_document(
    decision_id: uuid.UUID, principal: Caseworker, session: DbSession
) -> Response:
    """The decision as the PDF delivered to the addressee."""
    decision = await service.read_decision(session, principal, decision_id, document=True)
    filename = decision.number.replace("/", "_")
    return Response(
        content=decision.document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/decisions/{decision_id}/delivery", response_model=DecisionOut)
async def record_delivery(
    decision_id: uuid.UUID,
    body: Delivery,
    update: Update,
) -> DecisionOut:
    return DecisionOut.model_validate(await update(service.record_delivery, decision_id, body))


@router.post("/decisions/{decision_id}/provision", response_model=DecisionOut)
async def record_provision(
    decision_id: uuid.UUID,
    body: Provision,
    update: Update,
) -> DecisionOut:
    """The provider's delivery of a granted service: started, delivered, ended, not started."""
    return DecisionOut.model_validate(await update(service.record_provision, decision_id, body))
