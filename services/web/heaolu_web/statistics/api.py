"""Statistics: the KPIs of the reader's area, and reporting's tables each beside its chart.

The charts are reporting's SVG, fetched here with the reader's token and served from this
site, so the page's CSP (images from 'self' only, no inline script) holds; they are shown as
images, in which a browser runs no script, and answered with a sandbox policy of their own in
case one is opened directly. A worker, whom reporting refuses the area's KPIs, sees their own
caseload instead: reporting decides which.
"""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from heaolu_web.common import i18n
from heaolu_web.common.api import ApiProblem
from heaolu_web.common.optional import if_served
from heaolu_web.common.pages import language, render
from heaolu_web.common.user import SignedIn, api_response
from heaolu_web.statistics.service import (
    TABLE_NAME,
    ChartTable,
    chart_table,
    figure_rows,
    pending_rows,
    table_names,
)

router = APIRouter()
DATE = r"^\d{4}-\d{2}-\d{2}$"
EHAK = r"^[0-9]{4}$"
CHART_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"
"""An SVG opened on its own is a document: it may do nothing at all."""
SVG = "image/svg+xml"
INVALID = (400, 422)

# The form sends its fields empty when nothing is chosen: an empty field means "not chosen".
First = Annotated[str | None, Query(alias="from")]
Last = Annotated[str | None, Query(alias="to")]
Municipality = Annotated[str | None, Query()]
PATTERNS = {"from": re.compile(DATE), "to": re.compile(DATE), "municipality": re.compile(EHAK)}


def _chosen(first: str | None, last: str | None, municipality: str | None) -> dict[str, str]:
    """The period and area chosen: only well-formed values go to the API (and into the
    charts' addresses); the API decides whether they make sense."""
    chosen = {"from": first, "to": last, "municipality": municipality}
    return {k: v for k, v in chosen.items() if v and PATTERNS[k].fullmatch(v)}


def _malformed(first: str | None, last: str | None, municipality: str | None) -> bool:
    chosen = {"from": first, "to": last, "municipality": municipality}
    return any(v and not PATTERNS[k].fullmatch(v) for k, v in chosen.items())


async def _table(request: Request, name: str, params: dict[str, str]) -> Any:
    """One report table; a table reporting refuses or lacks is left out, not the page."""
    try:
        return await if_served(
            request, f"{request.app.state.settings.reports_path}/{name}", params=params
        )
    except ApiProblem as problem:
        if problem.status == 401:
            raise
        return None


async def _tables(request: Request, params: dict[str, str]) -> list[ChartTable]:
    lang = language(request)
    try:
        listing = await if_served(request, request.app.state.settings.reports_path)
    except ApiProblem as problem:
        if problem.status == 401:
            raise
        return []
    names = table_names(listing)
    answers = await asyncio.gather(*(_table(request, n, params) for n in names))
    query = urlencode(params)
    found = (chart_table(a, lang, query) for a in answers)
    return [t for t in found if t is not None]


async def _figures(request: Request, params: dict[str, str]) -> tuple[Any, bool]:
    """The area's KPIs, or (when reporting refuses those) the reader's own caseload; whether
    it is the caseload."""
    path = request.app.state.settings.statistics_path
    try:
        return await if_served(request, path, params=params), False
    except ApiProblem as problem:
        if problem.status != 403:
            raise
    period = {k: v for k, v in params.items() if k != "municipality"}
    return await if_served(request, f"{path}/my-caseload", params=period), True


@router.get("/statistics", response_class=HTMLResponse)
async def statistics(
    request: Request,
    user: SignedIn,
    first: First = None,
    last: Last = None,
    municipality: Municipality = None,
) -> HTMLResponse:
    lang = language(request)
    params = _chosen(first, last, municipality)
    caseload = False
    error = i18n.t("statistics.malformed", lang) if _malformed(first, last, municipality) else None
    answer: Any = None
    if error is None:
        try:
            answer, caseload = await _figures(request, params)
        except ApiProblem as problem:
            if problem.status not in INVALID:
                raise
            error = i18n.api_message(problem.detail, lang)
    tables = await _tables(request, params) if answer is not None and not caseload else []
    return render(
        request,
        "statistics/page.html",
        status_code=400 if error else 200,
        available=answer is not None,
        caseload=caseload,
        error=error,
        chosen=params,
        area=(answer.get("area") or {}) if isinstance(answer, dict) else {},
        period=(answer.get("period") or {}) if isinstance(answer, dict) else {},
        figures=figure_rows(answer, lang),
        pending=pending_rows(answer, lang),
        tables=tables,
    )


@router.get("/statistics/charts/{name}.svg")
async def chart(
    request: Request,
    name: str,
    user: SignedIn,
    first: First = None,
    last: Last = None,
    municipality: Municipality = None,
) -> Response:
    """Reporting's chart of a table, fetched with the reader's token."""
    if not TABLE_NAME.fullmatch(name):
        raise HTTPException(status_code=404)
    answer = await api_response(
        request,
        "GET",
        f"{request.app.state.settings.reports_path}/{name}/chart.svg",
        params=_chosen(first, last, municipality),
        headers={"Accept": SVG},
    )
    if not answer.headers.get("content-type", "").startswith(SVG):
        raise ApiProblem(502, "unexpected answer / ootamatu vastus")
    return Response(
        answer.content, media_type=SVG, headers={"Content-Security-Policy": CHART_POLICY}
    )
