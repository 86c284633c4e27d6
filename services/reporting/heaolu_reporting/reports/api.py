"""``GET /reports``: the tables, each as JSON and as an SVG chart."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from heaolu_reporting.common.access import CACHE_CONTROL, SKA_ROLES, area_for, private_cache
from heaolu_reporting.common.periods import ChosenPeriod
from heaolu_reporting.common.tables import TABLES, TableSpec
from heaolu_reporting.messages import UNKNOWN_REPORT
from heaolu_reporting.reports import service
from heaolu_reporting.reports.charts import bar_chart, chart_title
from heaolu_reporting.reports.schemas import ReportTable, TableInfo
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal
from heaolu_shared.errors import ResourceNotFound

router = APIRouter(
    prefix="/api/reporting/v1/reports", tags=["reports"], dependencies=[Depends(private_cache)]
)
ERRORS: dict[int | str, dict[str, object]] = {
    400: {
        "description": "invalid period or area (`invalid-period`, `unknown-area`: an area EHAK "
        "does not know, or an area asked of a national table)"
    },
    401: {"description": "no valid access token"},
    403: {
        "description": "the area is not yours to see, or the table is national and SKA's "
        "(`not-permitted`)"
    },
    404: {"description": "no such report (`not-found`)"},
}
EHAK = r"^[0-9]{4}$"


def _spec(name: str) -> TableSpec:
    spec = TABLES.get(name)
    if spec is None:
        raise ResourceNotFound(UNKNOWN_REPORT)
    return spec


@router.get("", response_model=list[TableInfo], responses=ERRORS)
async def list_reports(principal: CurrentPrincipal) -> list[TableInfo]:
    """The tables there are (for SKA, also the national tables of the central authority)."""
    area_for(principal, None, None)
    ska = principal.has_any_role(*SKA_ROLES)
    return [
        TableInfo(
            name=s.name,
            title_en=s.title_en,
            title_et=s.title_et,
            columns=list(s.columns),
            national=s.national,
        )
        for s in TABLES.values()
        if ska or not s.national
    ]


@router.get("/{name}", response_model=ReportTable, responses=ERRORS)
async def report_table(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    name: Annotated[str, Path(max_length=64)],
    period: ChosenPeriod,
    municipality: Annotated[str | None, Query(pattern=EHAK)] = None,
    county: Annotated[str | None, Query(pattern=EHAK)] = None,
) -> ReportTable:
    """A table of the area the caller may see, small cells withheld as in its export."""
    spec = _spec(name)
    area = area_for(principal, municipality, county, national_only=spec.national)
    data, codes = await service.table(session, spec, area, period)
    chart = f"{request.url.path}/chart.svg?{request.url.query}".rstrip("?")
    return service.as_json(spec, data, codes, period, chart)


@router.get(
    "/{name}/chart.svg",
    responses=ERRORS | {200: {"content": {"image/svg+xml": {}}, "description": "the chart"}},
)
async def report_chart(
    session: DbSession,
    principal: CurrentPrincipal,
    name: Annotated[str, Path(max_length=64)],
    period: ChosenPeriod,
    municipality: Annotated[str | None, Query(pattern=EHAK)] = None,
    county: Annotated[str | None, Query(pattern=EHAK)] = None,
) -> Response:
    """The table as an SVG bar chart."""
    spec = _spec(name)
    area = area_for(principal, municipality, county, national_only=spec.national)
    data, _ = await service.table(session, spec, area, period)
    svg = bar_chart(data, chart_title(spec))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": CACHE_CONTROL})
