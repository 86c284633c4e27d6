"""``GET /exports/{table}``: an aggregate table as CSV or XLSX, with small-cell suppression."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from heaolu_reporting.common.access import CACHE_CONTROL, area_for, private_cache
from heaolu_reporting.common.periods import ChosenPeriod
from heaolu_reporting.common.tables import TABLES, counts
from heaolu_reporting.exports.service import protected, to_csv, to_xlsx
from heaolu_reporting.messages import UNKNOWN_REPORT
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal
from heaolu_shared.errors import ResourceNotFound

router = APIRouter(
    prefix="/api/reporting/v1/exports", tags=["exports"], dependencies=[Depends(private_cache)]
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    404: {"description": "no such table (`not-found`)"},
}


@router.get(
    "/{table}",
    responses=ERRORS
    | {200: {"content": {"text/csv": {}, XLSX: {}}, "description": "the table as a file"}},
)
async def export_table(
    session: DbSession,
    principal: CurrentPrincipal,
    table: Annotated[str, Path(max_length=64)],
    file_format: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
    *,
    period: ChosenPeriod,
    municipality: Annotated[str | None, Query(pattern=r"^[0-9]{4}$")] = None,
    county: Annotated[str | None, Query(pattern=r"^[0-9]{4}$")] = None,
) -> Response:
    """One of the aggregate tables (rows: municipalities) of the area the caller may see."""
    spec = TABLES.get(table)
    if spec is None:
        raise ResourceNotFound(UNKNOWN_REPORT)
    area = area_for(principal, municipality, county, national_only=spec.national)
    result = protected(await counts(session, spec, area, period), spec)
    name = f"{spec.name}_{period.first}_{period.last}.{file_format}"
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": CACHE_CONTROL,
    }
    if file_format == "xlsx":
        return Response(to_xlsx(result, spec), media_type=XLSX, headers=headers)
    return Response(to_csv(result, spec), media_type="text/csv; charset=utf-8", headers=headers)
