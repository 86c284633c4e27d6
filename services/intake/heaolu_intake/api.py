"""Intake's HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from heaolu_intake.models import Report
from heaolu_intake.register import LocalPopulationRegister
from heaolu_intake.schemas import (
    Assignment,
    OwnApplication,
    OwnApplicationPage,
    Receipt,
    ReportCreate,
    ReportCreated,
    ReportOut,
    ReportPage,
    ReportSummary,
    Reroute,
    ServiceApplicationCreate,
    ServiceApplicationCreated,
    ServiceApplicationOut,
)
from heaolu_intake.service import (
    SERVICE_CATALOGUE,
    Keys,
    apply_for_service,
    assign,
    my_applications,
    queue,
    read_application,
    read_report,
    receipt_by_number,
    receipt_status,
    receive_report,
    reroute,
    reveal_reporter,
    sees_channel,
)
from heaolu_shared import staff
from heaolu_shared.access import refuse_export, require_any_role
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.concurrency import IfMatch, etag
from heaolu_shared.contracts.services import service_label
from heaolu_shared.idempotency import IdempotencyKey
from heaolu_shared.pagination import decode_cursor, encode_cursor
from heaolu_shared.roles import Role

router = APIRouter(prefix="/api/intake/v1", tags=["intake"])

REPORTING_ROLES = (
    Role.PROFESSIONAL_REPORTER,
    Role.CHILD_PROTECTION_WORKER,
    Role.SOCIAL_SERVICES_SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.SKA_COUNSELLOR,
    Role.CITIZEN,
)


def keys(request: Request) -> Keys:
    k: Keys = request.app.state.intake_keys
    return k


async def caller(principal: CurrentPrincipal, session: DbSession) -> Principal:
    """The authenticated caller; municipal workers are remembered in the staff directory."""
    await staff.register(session, principal)
    return principal


Caller = Annotated[Principal, Depends(caller)]


async def _report_out(session: DbSession, principal: Principal, report: Report) -> ReportOut:
    out = ReportOut.model_validate(report)
    if not await sees_channel(session, principal, report):
        out.channel = None
    return out


IntakeKeys = Annotated[Keys, Depends(keys)]


def _created(report: Report, created: bool, response: Response) -> ReportCreated:
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/api/intake/v1/reports/{report.id}"
    return ReportCreated(
        report_id=report.id,
        receipt_number=report.receipt_number,
        received_at=report.received_at,
    )


@router.post("/reports", status_code=status.HTTP_201_CREATED, response_model=ReportCreated)
async def create_report(
    body: ReportCreate,
    principal: Caller,
    session: DbSession,
    response: Response,
    k: IntakeKeys,
    idempotency_key: IdempotencyKey = None,
) -> ReportCreated:
    """Receive a report about a child in need or in danger; a retry with the same
    ``Idempotency-Key`` returns the first answer (200) instead of a second report."""
    require_any_role(principal, REPORTING_ROLES)
    report, created = await receive_report(
        session,
        body,
        principal,
        keys=k,
        register=LocalPopulationRegister(session),
        idempotency_key=idempotency_key,
    )
    return _created(report, created, response)


@router.post("/public/reports", status_code=status.HTTP_201_CREATED, response_model=ReportCreated)
async def create_anonymous_report(
    body: ReportCreate,
    session: DbSession,
    response: Response,
    k: IntakeKeys,
    idempotency_key: IdempotencyKey = None,
) -> ReportCreated:
    """Anyone may report a child in need without signing in (LasteKS §27)."""
    report, created = await receive_report(
        session,
        body,
        None,
        keys=k,
        register=LocalPopulationRegister(session),
        idempotency_key=idempotency_key,
    )
    return _created(report, created, response)


@router.get("/public/receipts/{receipt_number}", response_model=Receipt)
async def check_receipt(
    session: DbSession,
    receipt_number: Annotated[str, Path(pattern=r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")],
) -> Receipt:
    """A reporter checks their report by receipt number: received, or being handled."""
    report = await receipt_by_number(session, receipt_number)
    return Receipt(receipt_number=report.receipt_number, status=receipt_status(report))


@router.get("/reports", response_model=ReportPage)
async def list_reports(
    principal: Caller,
    session: DbSession,
    queue_name: Annotated[
        str, Query(alias="queue", pattern="^(municipality|ska_triage)$")
    ] = "municipality",
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> ReportPage:
    """The municipality's incoming reports (or SKA's triage queue), newest first."""
    after = decode_cursor(cursor, (datetime, uuid.UUID)) if cursor else None
    rows = await queue(
        session, principal, ska_triage=queue_name == "ska_triage", after=after, limit=limit
    )
    next_cursor = encode_cursor((rows[-1].received_at, rows[-1].id)) if len(rows) == limit else None
    return ReportPage(
        items=[ReportSummary.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/reports/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_reports(principal: CurrentPrincipal) -> None:
    """Refused for everyone: reports are not exported."""
    refuse_export(principal)


@router.get("/reports/{report_id}", response_model=ReportOut | Receipt)
async def get_report(
    report_id: uuid.UUID, principal: Caller, session: DbSession, response: Response
) -> ReportOut | Receipt:
    """The whole report for those who handle it; a receipt for its reporter."""
    report, whole = await read_report(session, principal, report_id)
    if whole:
        response.headers["ETag"] = etag(report.version)
        return await _report_out(session, principal, report)
    return Receipt(receipt_number=report.receipt_number, status=receipt_status(report))


@router.patch("/reports/{report_id}", response_model=ReportOut)
async def assign_report(
    report_id: uuid.UUID,
    body: Assignment,
    principal: Caller,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> ReportOut:
    """Assign the report to a worker of its municipality (department head; needs If-Match)."""
    report = await assign(
        session, principal, report_id, assignee_username=body.assignee_username, if_match=if_match
    )
    response.headers["ETag"] = etag(report.version)
    return await _report_out(session, principal, report)


@router.post("/reports/{report_id}/reroute", response_model=ReportOut)
async def reroute_report(
    report_id: uuid.UUID,
    body: Reroute,
    principal: Caller,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> ReportOut:
    """Send the report to another municipality (audited; publishes ``report.routed``)."""
    report = await reroute(
        session, principal, report_id, municipality=body.municipality, if_match=if_match
    )
    response.headers["ETag"] = etag(report.version)
    return await _report_out(session, principal, report)


@router.post("/reports/{report_id}/reporter/reveal")
async def reveal(
    report_id: uuid.UUID, principal: Caller, session: DbSession, k: IntakeKeys
) -> dict[str, object]:
    """Who reported: for the assigned worker only, and written to the audit trail."""
    return await reveal_reporter(session, principal, report_id, k.sealer)


@router.get("/service-catalogue")
async def service_catalogue(principal: CurrentPrincipal) -> dict[str, str]:
    """The social services one may apply for."""
    return SERVICE_CATALOGUE


@router.post(
    "/applications", status_code=status.HTTP_201_CREATED, response_model=ServiceApplicationCreated
)
async def create_application(
    body: ServiceApplicationCreate,
    principal: Caller,
    session: DbSession,
    request: Request,
    response: Response,
    k: IntakeKeys,
    idempotency_key: IdempotencyKey = None,
) -> ServiceApplicationCreated:
    """Apply for a social service (a citizen for themselves, a worker for someone)."""
    application, created = await apply_for_service(
        session,
        principal,
        body,
        keys=k,
        register=LocalPopulationRegister(session),
        idempotency_key=idempotency_key,
        decision_working_days=request.app.state.settings.application_decision_working_days,
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/api/intake/v1/applications/{application.id}"
    return ServiceApplicationCreated(
        application_id=application.id,
        municipality=application.municipality or "",
        received_at=application.received_at,
    )


@router.get("/applications", response_model=OwnApplicationPage)
async def list_own_applications(
    principal: Caller,
    session: DbSession,
    k: IntakeKeys,
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=100),
) -> OwnApplicationPage:
    """A citizen's own applications: what they applied for, the status and the term for the
    decision (HMS § 41)."""
    after = decode_cursor(cursor, (datetime, uuid.UUID)) if cursor else None
    rows = await my_applications(
        session, principal, pseudonym_key=k.pseudonym_key, after=after, limit=limit
    )
    next_cursor = encode_cursor((rows[-1].received_at, rows[-1].id)) if len(rows) == limit else None
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
    application_id: uuid.UUID, principal: Caller, session: DbSession
) -> ServiceApplicationOut:
    """The whole application for the specialist handling it (assigned in casework), their
    active substitute or the department head; audited."""
    application = await read_application(session, principal, application_id)
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
