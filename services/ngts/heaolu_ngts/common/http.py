"""What NGTS's routers share: the prefix, error documentation, creation answers, page sizes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response

from heaolu_ngts.settings import get_settings
from heaolu_shared.concurrency import etag

API_PREFIX = "/api/ngts/v1"


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of an endpoint's problem+json answers."""
    descriptions = {
        400: "invalid cursor",
        403: "not permitted (not designated, wrong municipality, export)",
        404: "not found",
        409: "conflict (already done, Idempotency-Key reused)",
        412: "If-Match does not name the current version",
        422: "invalid input or a rule of the youth guarantee refused it",
        428: "If-Match missing",
        429: "hourly limit of youths opened reached",
    }
    return {
        s: {"description": descriptions[s], "content": {"application/problem+json": {}}}
        for s in statuses
    }


def created(response: Response, location: str, version: int) -> None:
    response.headers["Location"] = f"{API_PREFIX}{location}"
    response.headers["ETag"] = etag(version)


def tagged(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def page_limit(limit: Annotated[int, Query(ge=1, le=50)] = 20) -> int:
    """A page of the list: small, never the whole list (``le`` matches the gateway's limit)."""
    return min(limit, get_settings().page_limit)
