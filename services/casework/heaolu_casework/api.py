"""Casework's HTTP API."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query

from heaolu_casework.repository import PreliminaryAssessmentRepository
from heaolu_casework.schemas import PreliminaryAssessmentOut, PreliminaryAssessmentPage
from heaolu_shared.access import require_any_role, require_municipality
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal

router = APIRouter(prefix="/api/casework/v1", tags=["preliminary assessments"])

CASEWORK_ROLES = ("child_protection_worker", "social_services_specialist", "department_head")


@router.get("/preliminary-assessments", response_model=PreliminaryAssessmentPage)
async def list_preliminary_assessments(
    principal: CurrentPrincipal,
    session: DbSession,
    report_id: uuid.UUID | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> PreliminaryAssessmentPage:
    """The municipality's preliminary assessments, earliest deadline first."""
    require_any_role(principal, CASEWORK_ROLES)
    municipality = require_municipality(principal)
    rows = await PreliminaryAssessmentRepository(session).list_for_municipality(
        municipality, report_id=report_id, limit=limit
    )
    return PreliminaryAssessmentPage(
        items=[PreliminaryAssessmentOut.model_validate(r) for r in rows]
    )
