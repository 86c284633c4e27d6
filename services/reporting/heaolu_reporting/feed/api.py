"""``GET /ska-feed/events``: the SKA feed for systems that cannot speak Kafka (SKA roles only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from heaolu_reporting.common.access import require_feed_reader
from heaolu_reporting.feed import service
from heaolu_reporting.feed.schemas import FeedPage
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal
from heaolu_shared.pagination import INVALID_CURSOR, InvalidCursor, decode_cursor, encode_cursor

router = APIRouter(prefix="/api/reporting/v1/ska-feed", tags=["ska-feed"])

ERRORS: dict[int | str, dict[str, object]] = {
    400: {"description": "the cursor is not valid (`invalid-cursor`)"},
    401: {"description": "no valid access token"},
    403: {"description": "not an SKA role (`not-permitted`)"},
}


@router.get("/events", response_model=FeedPage, responses=ERRORS)
async def feed_events(
    request: Request,
    response: Response,
    session: DbSession,
    principal: CurrentPrincipal,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> FeedPage:
    """Feed events after ``cursor`` (from the beginning without one)."""
    require_feed_reader(principal)
    after = int(decode_cursor(cursor, (int,))[0]) if cursor else 0
    if after < 0:
        raise InvalidCursor(INVALID_CURSOR)
    limit = min(limit, request.app.state.settings.feed_page_max)
    rows = await service.page(session, after=after, limit=limit)
    response.headers["Cache-Control"] = "no-store"
    last = rows[-1].seq if rows else after
    return FeedPage(items=[r.event for r in rows], next_cursor=encode_cursor((last,)))
