"""The NGTS specialist's list: a protected view (STAR's rule in a browser, ADR 0017).

The municipality's participations (counts only) and one small page of a participation's list
of youths, as the NGTS API serves them; the page is view-only, paged with the API's cursor."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from heaolu_web.common import i18n
from heaolu_web.common.api import ApiProblem, page_items
from heaolu_web.common.optional import if_served
from heaolu_web.common.pages import language, render
from heaolu_web.common.user import SignedIn

router = APIRouter()
REFUSALS = (403, 429)


def chosen_participation(
    participations: list[dict[str, Any]], wanted: uuid.UUID | None
) -> dict[str, Any] | None:
    """The participation asked for, else the newest (the API lists the newest round first)."""
    for participation in participations:
        if wanted is None or str(participation.get("id")) == str(wanted):
            return participation
    return None


@router.get("/ngts", response_class=HTMLResponse)
async def ngts_list(
    request: Request,
    user: SignedIn,
    participation: uuid.UUID | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    base = request.app.state.settings.ngts_path
    answer: Any = None
    chosen: dict[str, Any] | None = None
    participations: list[dict[str, Any]] = []
    youths: list[Any] = []
    next_cursor = None
    refusal: ApiProblem | None = None
    try:
        answer = await if_served(request, f"{base}/participations")
        participations = [p for p in page_items(answer) if isinstance(p, dict)]
        chosen = chosen_participation(participations, participation)
        if chosen is not None:
            params = {"cursor": cursor} if cursor else None
            listed = await if_served(
                request, f"{base}/participations/{chosen['id']}/youths", params=params
            )
            youths = page_items(listed)
            next_cursor = listed.get("next_cursor") if isinstance(listed, dict) else None
    except ApiProblem as problem:
        # Only designated specialists see the list, within an hourly limit: the API's refusal
        # is shown on this page, in its words.
        if problem.status not in REFUSALS:
            raise
        refusal = problem
    return render(
        request,
        "ngts/page.html",
        status_code=refusal.status if refusal else 200,
        protected=True,
        refusal=i18n.api_message(refusal.detail, language(request)) if refusal else None,
        available=answer is not None,
        participations=participations,
        chosen=chosen,
        youths=youths,
        next_cursor=next_cursor,
    )
