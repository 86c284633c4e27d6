"""My data for a signed-in citizen: their applications for social services, their and their
children's records as far as an API serves them to a citizen, and who looked at their data
(role and institution only)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heaolu_web.common.api import ApiProblem, page_items
from heaolu_web.common.optional import if_served
from heaolu_web.common.pages import render
from heaolu_web.common.user import SignedIn, api

router = APIRouter()
APPLICATIONS = "/api/intake/v1/applications"
RECORDS = "/api/casework/v1/my-records"
"""A citizen's own cases and those of the children in their custody (casework decides)."""


async def _optional(request: Request, path: str) -> Any:
    """A part of the page that an API may not serve (yet) or not to this user."""
    try:
        return await if_served(request, path, params={"limit": 50})
    except ApiProblem as problem:
        if problem.status == 401:
            raise
        return None


@router.get("/my-data", response_class=HTMLResponse)
async def my_data(request: Request, user: SignedIn) -> HTMLResponse:
    log, applications, records = await asyncio.gather(
        api(request, "GET", "/api/audit/v1/my-access-log", params={"limit": 100}),
        _optional(request, APPLICATIONS),
        _optional(request, RECORDS),
    )
    return render(
        request,
        "mydata/page.html",
        log=page_items(log),
        applications=page_items(applications),
        records=None if records is None else page_items(records),
    )
