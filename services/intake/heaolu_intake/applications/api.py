"""Applications for social services: the HTTP endpoints."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from heaolu_intake.applications import service
from heaolu_intake.applications.models import ServiceApplication
from heaolu_intake.applications.rules import SERVICE_CATALOGUE
from heaolu_intake.applications.schemas import (
    OwnApplication,
    OwnApplicationPage,
    ServiceApplicationCreate,
    ServiceApplicationCreated,
    ServiceApplicationOut,
)
from heaolu_intake.common.access import Caller, caller
from heaolu_intake.common.http import API_PREFIX, Creation, problems
from heaolu_intake.common.keys import IntakeKeys
from heaolu_intake.common.register import LocalPopulationRegister
from heaolu_shared.access import Action
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.contracts.services import service_label
from heaolu_shared.guard import Authorized

router = APIRouter(prefix=API_PREFIX, tags=["intake"])

ReadApplication = Annotated[
    Authorized[ServiceApplication],
    Depends(
        service.APPLICATIONS.dependency(
            Action.READ, param="application_id", purpose="service application", principal=caller
        )
    ),
]


@router.get("/service-catalogue")
async def service_catalogue(principal: CurrentPrincipal) -> dict[str, str]:
    """The social services one may apply for."""
    return SERVICE_CATALOGUE


@router.post(
    "/applications",
    status_code=status.HTTP_201_CREATED,
    response_model=ServiceApplicationCreated,
    responses=problems(409, 422),
)
async def create_application(
    body: ServiceApplicationCreate,
    request: Request,
    creation: Creation,
    keys: IntakeKeys,
) -> ServiceApplicationCreated:
    """Apply for a social service (a citizen for themselves, a worker for someone)."""

    async def create() -> ServiceApplicationCreated:
        application = await service.apply_for_service(
            creation.session,
            principal=creation.principal,
            data=body,
            keys=keys,
            register=LocalPopulationRegister(creation.session),
            decision_working_days=request.app.state.settings.application_decision_working_days,
            calendar=default_calendar(),
            now=datetime.now(UTC),
        )
        return ServiceApplicationCreated(
            application_id=application.id,
            municipality=application.municipality or "",
            received_at=application.received_at,
        )

    return await creation(
        "intake.application.create",
        body,
        "",
        ServiceApplicationCreated,
        create,
        lambda out: f"/applications/{out.application_id}",
    )


@router.get("/applications", response_model=OwnApplicationPage)
async def list_own_applications(
    principal: Caller,
    session: DbSession,
    keys: IntakeKeys,
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=100),
) -> OwnApplicationPage:
    """A citizen's own applications: what they applied for, the status and the term for the
    decision (HMS § 41)."""
    rows, next_cursor = await service.my_applications(
        session, principal=principal, pseudonym_key=keys.pseudonym_key, cursor=cursor, limit=limit
    )
    return OwnApplicationPage(
        items=[
            OwnApplication(
                id=a.id,
                service_code=a.service_code,
                service_label=service_label(a.service_code, "et"),
                received_at=a.received_at,
                decision_due_at=a.decision_due_at,
                status=a.status,
                outcome=a.outcome,
            )
            for a in rows
        ],
        next_cursor=next_cursor,
    )


@router.get("/applications/{application_id}", response_model=ServiceApplicationOut)
async def get_application(
    application_id: uuid.UUID, read: ReadApplication
) -> ServiceApplicationOut:
    """The whole application for the specialist handling it (assigned in casework), their
    active substitute or the department head; audited."""
    application = read.record
    return ServiceApplicationOut(
        id=application.id,
        service_code=application.service_code,
        service_label=service_label(application.service_code, "et"),
        municipality=application.municipality,
        applicant_personal_code=application.applicant_personal_code,
        description=application.description,
        received_at=application.received_at,
        decision_due_at=application.decision_due_at,
        status=application.status,
        outcome=application.outcome,
        assignee=application.assignee,
    )
