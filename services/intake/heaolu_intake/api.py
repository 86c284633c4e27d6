"""Intake's HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Query, Request, status

from heaolu_intake.schemas import Receipt, ReportCreate, ReportCreated, ReportOut, ReportPage
from heaolu_intake.service import municipality_queue, read_report, receive_report, refuse_export
from heaolu_shared.access import require_any_role
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal
from heaolu_shared.pagination import decode_cursor, encode_cursor

router = APIRouter(prefix="/api/intake/v1", tags=["reports"])

REPORTING_ROLES = (
    "professional_reporter",
    "child_protection_worker",
    "social_services_specialist",
    "department_head",
    "ska_counsellor",
    "citizen",
)


def _key(request: Request) -> str:
    key: str = request.app.state.settings.pseudonym_key
    return key


@router.post("/reports", status_code=status.HTTP_201_CREATED, response_model=ReportCreated)
async def create_report(
    body: ReportCreate, principal: CurrentPrincipal, session: DbSession, request: Request
) -> ReportCreated:
    """Receive a report about a child in need or in danger."""
    require_any_role(principal, REPORTING_ROLES)
    report = await receive_report(session, body, principal, _key(request))
    return ReportCreated(report_id=report.id, received_at=report.received_at)


@router.post("/public/reports", status_code=status.HTTP_201_CREATED, response_model=ReportCreated)
async def create_anonymous_report(
    body: ReportCreate, session: DbSession, request: Request
) -> ReportCreated:
    """Anyone may report a child in need without signing in (LasteKS §27)."""
    report = await receive_report(session, body, None, _key(request))
    return ReportCreated(report_id=report.id, received_at=report.received_at)


@router.get("/reports", response_model=ReportPage)
async def list_reports(
    principal: CurrentPrincipal,
    session: DbSession,
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> ReportPage:
    """The municipality's incoming reports, newest first."""
    after = decode_cursor(cursor, (datetime, uuid.UUID)) if cursor else None
    rows = await municipality_queue(session, principal, after=after, limit=limit)
    next_cursor = encode_cursor((rows[-1].received_at, rows[-1].id)) if len(rows) == limit else None
    return ReportPage(items=[ReportOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/reports/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_reports(principal: CurrentPrincipal) -> None:
    """Refused for everyone: reports are not exported."""
    refuse_export(principal)


@router.get("/reports/{report_id}", response_model=ReportOut | Receipt)
async def get_report(
    report_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> ReportOut | Receipt:
    """The whole report for its municipality's department head; a receipt for its reporter."""
    report, whole = await read_report(session, principal, report_id)
    if whole:
        return ReportOut.model_validate(report)
    return Receipt(report_id=report.id)
