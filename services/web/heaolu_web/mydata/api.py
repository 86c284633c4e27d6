"""My data for a signed-in citizen: who looked at their data (role and institution only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heaolu_web.common.api import page_items
from heaolu_web.common.pages import render
from heaolu_web.common.user import SignedIn, api

router = APIRouter()


@router.get("/my-data", response_class=HTMLResponse)
async def my_data(request: Request, user: SignedIn) -> HTMLResponse:
    log = await api(request, "GET", "/api/audit/v1/my-access-log", params={"limit": 100})
    return render(request, "mydata/page.html", log=page_items(log))
