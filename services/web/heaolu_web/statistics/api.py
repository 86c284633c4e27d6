"""Statistics: the KPIs once the reporting service serves them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heaolu_web.common.optional import if_served
from heaolu_web.common.pages import render
from heaolu_web.common.user import SignedIn

router = APIRouter()


@router.get("/statistics", response_class=HTMLResponse)
async def statistics(request: Request, user: SignedIn) -> HTMLResponse:
    answer = await if_served(request, request.app.state.settings.statistics_path)
    items = answer.get("items", []) if isinstance(answer, dict) else answer
    return render(request, "statistics/page.html", available=answer is not None, items=items or [])
