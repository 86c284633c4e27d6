"""Creation and update plumbing of casework's endpoints over the shared mechanisms:
``Idempotency-Key`` (a retry gets the first answer), ``Location``, ``ETag`` and ``If-Match``,
and the paging parameters every list takes."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Response, status
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.access import Caseworker, authorize_replay
from heaolu_shared.app import DbSession
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import IfMatch, etag
from heaolu_shared.idempotency import IdempotencyKey, once
from heaolu_shared.pagination import MAX_PAGE

API_PREFIX = "/api/casework/v1"

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")]
Cursor = Annotated[
    str | None,
    Query(max_length=512, description="the next_cursor of the previous page; none for the first"),
]

M = TypeVar("M", bound=BaseModel)


def tagged(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


@dataclass(frozen=True)
class Creator:
    """Runs a creation once per ``Idempotency-Key`` and shapes the answer: 201 with Location
    (and ETag) for a creation, 200 with the first answer for a replay. ``target`` is the case
    the creation hangs on; empty when it creates the case itself."""

    session: AsyncSession
    principal: Principal
    response: Response
    key: str | None

    async def __call__(
        self,
        operation: str,
        body: BaseModel,
        target: object,
        model: type[M],
        create: Callable[[], Awaitable[M]],
        location: Callable[[M], str],
        authorize: Callable[[M], Awaitable[None]] | None = None,
    ) -> M:
        """``authorize`` decides whether a replay may show the stored answer again; by default
        whoever may still read the case (``target``, or the created case itself)."""

        async def still_visible(stored: M) -> None:
            case_id = uuid.UUID(str(target) if target else str(stored.model_dump()["id"]))
            await authorize_replay(self.session, self.principal, case_id, operation)

        out, created = await once(
            self.session,
            caller=self.principal.subject,
            key=self.key,
            operation=operation,
            body=body,
            target=str(target),
            response_model=model,
            create=create,
            authorize_replay=authorize or still_visible,
        )
        self.response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        self.response.headers["Location"] = location(out)
        version = getattr(out, "version", None)
        if isinstance(version, int):
            tagged(self.response, version)
        return out

    async def in_case(
        self,
        operation: str,
        case_id: uuid.UUID,
        body: BaseModel,
        model: type[M],
        make: Callable[[AsyncSession, Principal, uuid.UUID, Any], Awaitable[Any]],
        location: str,
        shape: Callable[[Any], M] | None = None,
    ) -> M:
        """A record made in a case by ``make(session, principal, case_id, body)`` and shaped as
        ``model`` (or by ``shape``); ``location`` may name the case's ``{case_id}`` and the new
        record's ``{id}``."""

        async def create() -> M:
            made = await make(self.session, self.principal, case_id, body)
            return shape(made) if shape else model.model_validate(made, from_attributes=True)

        def where(out: M) -> str:
            return API_PREFIX + location.format(case_id=case_id, **out.model_dump(include={"id"}))

        return await self(operation, body, case_id, model, create, where)


async def creator(
    principal: Caseworker,
    session: DbSession,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Creator:
    return Creator(session, principal, response, idempotency_key)


Creation = Annotated[Creator, Depends(creator)]


@dataclass(frozen=True)
class Updater:
    """Runs a change of a versioned record with the caller, the transaction and ``If-Match``,
    and answers with the record's new ``ETag``."""

    session: AsyncSession
    principal: Principal
    response: Response
    if_match: str | None

    async def __call__(self, change: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """``change(session, principal, *args, if_match)``, its answer tagged."""
        row = await change(self.session, self.principal, *args, self.if_match)
        tagged(self.response, row.version)
        return row


async def updater(
    principal: Caseworker, session: DbSession, response: Response, if_match: IfMatch = None
) -> Updater:
    return Updater(session, principal, response, if_match)


Update = Annotated[Updater, Depends(updater)]
