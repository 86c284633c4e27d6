"""Creation and update plumbing of court's endpoints over the shared mechanisms:
``Idempotency-Key`` (a retry gets the first answer), ``Location``, ``ETag`` and ``If-Match``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Response, status
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common.access import CourtUser
from heaolu_shared.app import DbSession
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import IfMatch, check_version, etag
from heaolu_shared.idempotency import IdempotencyKey, once

API_PREFIX = "/api/court/v1"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Creator:
    """Runs a creation once per ``Idempotency-Key`` and answers 201 with Location and ETag (200
    with the first answer for a replay, shown only to a caller who may still read it)."""

    session: AsyncSession
    principal: Principal
    response: Response
    key: str | None

    async def __call__(
        self,
        operation: str,
        body: BaseModel,
        target: str,
        model: type[M],
        create: Callable[[], Awaitable[M]],
        location: Callable[[M], str],
        authorize_replay: Callable[[M], Awaitable[None]],
    ) -> M:
        out, created = await once(
            self.session,
            caller=self.principal.subject,
            key=self.key,
            operation=operation,
            body=body,
            target=target,
            response_model=model,
            create=create,
            authorize_replay=authorize_replay,
        )
        self.response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        self.response.headers["Location"] = API_PREFIX + location(out)
        version = getattr(out, "version", None)
        if isinstance(version, int):
            self.response.headers["ETag"] = etag(version)
        return out


async def creator(
    principal: CourtUser,
    session: DbSession,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Creator:
    return Creator(session, principal, response, idempotency_key)


Creation = Annotated[Creator, Depends(creator)]


@dataclass(frozen=True)
class Updater:
    """The caller, the transaction and ``If-Match`` of a change; tags the answer."""

    session: AsyncSession
    principal: Principal
    response: Response
    if_match: str | None

    def check(self, version: int) -> None:
        """412 unless ``If-Match`` names ``version`` (428 when absent)."""
        check_version(version, self.if_match)

    def tag(self, version: int) -> None:
        self.response.headers["ETag"] = etag(version)


async def updater(
    principal: CourtUser, session: DbSession, response: Response, if_match: IfMatch = None
) -> Updater:
    return Updater(session, principal, response, if_match)


Update = Annotated[Updater, Depends(updater)]


def tagged(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


ERRORS_READ: dict[int | str, dict[str, str]] = {
    403: {"description": "no access to the record (problem+json)"},
    404: {"description": "no such record (problem+json)"},
}
ERRORS_CREATE: dict[int | str, dict[str, str]] = {
    **ERRORS_READ,
    409: {"description": "the Idempotency-Key was used for another request, or a wrong state"},
    422: {"description": "invalid input or a rule refused it (problem+json)"},
}
ERRORS_UPDATE: dict[int | str, dict[str, str]] = {
    **ERRORS_CREATE,
    412: {"description": "the record changed since the ETag in If-Match"},
    428: {"description": "If-Match is missing"},
}
