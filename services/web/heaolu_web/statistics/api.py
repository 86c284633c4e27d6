"""Statistics: the KPIs of the reader's area as the reporting service computes them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heaolu_web.common.optional import if_served
from heaolu_web.common.pages import language, render
from heaolu_web.common.user import SignedIn
from heaolu_web.statistics.service import figure_rows, pending_rows

router = APIRouter()


@router.get("/statistics", response_class=HTMLResponse)
async def statistics(request: Request, user: SignedIn) -> HTMLResponse:
    answer = await if_served(request, request.app.state.settings.statistics_path)
    lang = language(request)
    kpis = answer if isinstance(answer, dict) else {}
    return render(
        request,
        "statistics/page.html",
        available=answer is not None,
        area=kpis.get("area") or {},
        period=kpis.get("period") or {},
        figures=figure_rows(kpis, lang),
        pending=pending_rows(kpis, lang),
    )
