"""``GET /kpis`` (an area's figures) and ``GET /kpis/my-caseload`` (a worker's own)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from heaolu_reporting.common.access import area_for, private_cache, require_worker
from heaolu_reporting.common.periods import ChosenPeriod
from heaolu_reporting.kpis import service
from heaolu_reporting.kpis.schemas import Caseload, Kpis
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal

router = APIRouter(
    prefix="/api/reporting/v1/kpis", tags=["kpis"], dependencies=[Depends(private_cache)]
)

ERRORS: dict[int | str, dict[str, object]] = {
    400: {"description": "invalid period or area (`invalid-period`, `unknown-area`)"},
    401: {"description": "no valid access token"},
    403: {"description": "the area or figures are not yours to see (`not-permitted`)"},
}
EHAK = r"^[0-9]{4}$"


@router.get("", response_model=Kpis, responses=ERRORS)
async def area_kpis(
    session: DbSession,
    principal: CurrentPrincipal,
    period: ChosenPeriod,
    municipality: Annotated[str | None, Query(pattern=EHAK)] = None,
    county: Annotated[str | None, Query(pattern=EHAK)] = None,
) -> Kpis:
    """The KPIs of a municipality, a county or the nation (default: the caller's widest area)."""
    area = area_for(principal, municipality, county)
    return await service.kpis(session, area, period)


@router.get("/my-caseload", response_model=Caseload, responses=ERRORS)
async def my_caseload(
    session: DbSession, principal: CurrentPrincipal, period: ChosenPeriod
) -> Caseload:
    """The calling worker's own caseload figures."""
    return await service.caseload(session, require_worker(principal), period)
