"""The NGTS specialist's list: a protected view (STAR's rule in a browser, ADR 0017)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heaolu_web.common.optional import if_served
from heaolu_web.common.pages import render
from heaolu_web.common.user import SignedIn

router = APIRouter()


@router.get("/ngts", response_class=HTMLResponse)
async def ngts_list(request: Request, user: SignedIn) -> HTMLResponse:
    answer = await if_served(request, request.app.state.settings.ngts_list_path)
    items = answer.get("items", []) if isinstance(answer, dict) else answer
    return render(
        request, "ngts/page.html", protected=True, available=answer is not None, items=items or []
    )
