"""Receiving and handling reports: the HTTP endpoints (thin: parse, call the rules, answer)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Response, status

from heaolu_intake.common.access import Caller
from heaolu_intake.common.http import API_PREFIX, Creation, PublicCreation, Update, problems, tag
from heaolu_intake.common.keys import IntakeKeys
from heaolu_intake.common.models import Report
from heaolu_intake.common.receipts import Receipt, receipt_of
from heaolu_intake.common.register import LocalPopulationRegister
from heaolu_intake.reports import service
from heaolu_intake.reports.rules import REPORTING_ROLES
from heaolu_intake.reports.schemas import (
    Assignment,
    ReportCreate,
    ReportCreated,
    ReportOut,
    Reroute,
)
from heaolu_shared.access import refuse_export, require_any_role
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.plumbing import Creator

router = APIRouter(prefix=API_PREFIX, tags=["intake"])

CREATE_ERRORS = problems(409, 422)
UPDATE_ERRORS = problems(403, 404, 409, 412, 422, 428)


async def _report_out(session: DbSession, principal: Principal, report: Report) -> ReportOut:
    out = ReportOut.model_validate(report)
    if not await service.sees_channel(session, principal, report):
        out.channel = None
    return out


async def _receive(
    body: ReportCreate, reporter: Principal | None, creation: Creator, keys: IntakeKeys
) -> ReportCreated:
    async def create() -> ReportCreated:
        report = await service.receive_report(
            creation.session,
            body,
            reporter,
            keys=keys,
            register=LocalPopulationRegister(creation.session),
            now=datetime.now(UTC),
        )
        return ReportCreated(
            report_id=report.id,
            receipt_number=report.receipt_number,
            received_at=report.received_at,
        )

    return await creation(
        "intake.report.create",
        body,
        "",
        ReportCreated,
        create,
        lambda out: f"/reports/{out.report_id}",
    )


@router.post(
    "/reports",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportCreated,
    responses=CREATE_ERRORS,
)
async def create_report(body: ReportCreate, creation: Creation, keys: IntakeKeys) -> ReportCreated:
    """Receive a report about a child in need or in danger; a retry with the same
    ``Idempotency-Key`` returns the first answer (200) instead of a second report."""
    require_any_role(creation.principal, REPORTING_ROLES)
    return await _receive(body, creation.principal, creation, keys)


@router.post(
    "/public/reports",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportCreated,
    responses=CREATE_ERRORS,
)
async def create_anonymous_report(
    body: ReportCreate, creation: PublicCreation, keys: IntakeKeys
) -> ReportCreated:
    """Anyone may report a child in need without signing in (LasteKS §27)."""
    return await _receive(body, None, creation, keys)


@router.get("/reports/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_reports(principal: CurrentPrincipal) -> None:
    """Refused for everyone: reports are not exported."""
    refuse_export(principal)


@router.get("/reports/{report_id}", response_model=ReportOut | Receipt)
async def get_report(
    report_id: uuid.UUID, principal: Caller, session: DbSession, response: Response
) -> ReportOut | Receipt:
    """The whole report for those who handle it; a receipt for its reporter."""
    view = await service.read_report(session, principal=principal, report_id=report_id)
    if view.whole:
        tag(response, view.report.version)
        return await _report_out(session, principal, view.report)
    return receipt_of(view.report)


@router.patch("/reports/{report_id}", response_model=ReportOut, responses=UPDATE_ERRORS)
async def assign_report(report_id: uuid.UUID, body: Assignment, update: Update) -> ReportOut:
    """Assign the report to a worker of its municipality (department head; needs If-Match)."""
    report = await service.assign(
        update.session,
        principal=update.principal,
        report_id=report_id,
        assignee_username=body.assignee_username,
        if_match=update.if_match,
        now=datetime.now(UTC),
    )
    update.tag(report.version)
    return await _report_out(update.session, update.principal, report)


@router.post("/reports/{report_id}/reroute", response_model=ReportOut, responses=UPDATE_ERRORS)
async def reroute_report(report_id: uuid.UUID, body: Reroute, update: Update) -> ReportOut:
    """Send the report to another municipality (audited; publishes ``report.routed``)."""
    report = await service.reroute(
        update.session,
        principal=update.principal,
        report_id=report_id,
        municipality=body.municipality,
        if_match=update.if_match,
    )
    update.tag(report.version)
    return await _report_out(update.session, update.principal, report)


@router.post("/reports/{report_id}/reporter/reveal")
async def reveal(
    report_id: uuid.UUID, principal: Caller, session: DbSession, keys: IntakeKeys
) -> dict[str, object]:
    """Who reported: for the assigned worker only, and written to the audit trail."""
    return await service.reveal_reporter(
        session, principal=principal, report_id=report_id, sealer=keys.sealer
    )
