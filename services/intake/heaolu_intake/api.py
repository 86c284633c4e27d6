"""Intake's HTTP API."""

from __future__ import annotations

from fastapi import APIRouter, status

from heaolu_intake.schemas import ReportCreate, ReportCreated
from heaolu_intake.service import receive_report
from heaolu_shared.access import require_any_role
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal

router = APIRouter(prefix="/api/intake/v1", tags=["reports"])

REPORTING_ROLES = (
    "professional_reporter",
    "child_protection_worker",
    "social_services_specialist",
    "department_head",
    "ska_counsellor",
    "citizen",
)


@router.post("/reports", status_code=status.HTTP_201_CREATED, response_model=ReportCreated)
async def create_report(
    body: ReportCreate, principal: CurrentPrincipal, session: DbSession
) -> ReportCreated:
    """Receive a report about a child in need or in danger."""
    require_any_role(principal, REPORTING_ROLES)
    report = await receive_report(session, body, principal)
    return ReportCreated(report_id=report.id, received_at=report.received_at)
