"""Calls to Heaolu's APIs through the gateway with the signed-in user's token.

The front end has no rules of its own: an API's refusal comes back as :class:`ApiProblem` and
is shown with the API's own message in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class ApiProblem(Exception):
    """An RFC 9457 problem (or a transport failure, status 503) from an API."""

    status: int
    detail: str
    type: str = "about:blank"
    errors: list[dict[str, Any]] = field(default_factory=list)

    def __str__(self) -> str:  # never carries personal data: status and type only
        return f"API problem {self.status} {self.type}"


def problem_from(response: httpx.Response) -> ApiProblem:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    detail = body.get("detail") or body.get("title") or response.reason_phrase
    listed = body.get("errors")
    errors: list[Any] = listed if isinstance(listed, list) else []
    return ApiProblem(
        status=response.status_code,
        detail=str(detail),
        type=str(body.get("type", "about:blank")),
        errors=[e for e in errors if isinstance(e, dict)],
    )


def page_items(answer: Any) -> list[Any]:
    """The rows of a list answer: the APIs answer lists as ``{"items": [...], "next_cursor"}``."""
    if isinstance(answer, dict):
        items = answer.get("items")
        return list(items) if isinstance(items, list) else []
    return list(answer) if isinstance(answer, list) else []


@dataclass
class Gateway:
    """The gateway's client; one connection pool for the process."""

    client: httpx.AsyncClient

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """The API's answer if it is a success; :class:`ApiProblem` otherwise."""
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        try:
            response = await self.client.request(
                method, path, json=json, params=params, headers=sent
            )
        except httpx.HTTPError:
            raise ApiProblem(503, "the service does not answer / teenus ei vasta") from None
        if response.status_code >= 400:
            raise problem_from(response)
        return response
