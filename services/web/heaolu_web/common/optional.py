"""Views over services that may not serve them yet: the page says so instead of failing."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from heaolu_web.common.api import ApiProblem
from heaolu_web.common.user import api

UNAVAILABLE = (404, 405, 501, 502, 503, 504)


async def if_served(
    request: Request, path: str, *, params: dict[str, Any] | None = None
) -> Any | None:
    """The API's answer, or None while the service does not serve ``path``; a refusal (401,
    403) is still a refusal."""
    try:
        return await api(request, "GET", path, params=params)
    except ApiProblem as problem:
        if problem.status in UNAVAILABLE:
            return None
        raise
