"""Creation and update plumbing of every service's endpoints: ``Idempotency-Key`` (a retry gets
the first answer, a reused key for another request is a 409), ``Location``, ``ETag`` and
``If-Match`` (428 when absent, 412 when it names another version), and the documentation of an
endpoint's problem+json answers.

A service makes its own pair of dependencies once, in its ``common/http.py``, from its API prefix
and the dependency that admits a caller to it::

    PLUMBING = Plumbing("/api/court/v1", court_user)
    Creation = Annotated[Creator, Depends(PLUMBING.creator)]
    Update = Annotated[Updater, Depends(PLUMBING.updater)]

and an endpoint uses them::

    @router.post("/hearings", status_code=201, response_model=HearingOut,
                 responses=problems(403, 404, 409, 422))
    async def schedule(body: HearingIn, creation: Creation) -> HearingOut:
        async def create() -> HearingOut: ...
        return await creation("court.hearing.create", body, target="", model=HearingOut,
                              create=create, location=lambda out: f"/hearings/{out.id}")

    @router.post("/hearings/{hearing_id}/outcome", responses=problems(403, 404, 409, 412, 422, 428))
    async def record_outcome(hearing_id: uuid.UUID, body: OutcomeIn, update: Update) -> HearingOut:
        row = ...                      # load for update
        update.check(row.version)      # 428 / 412
        ...                            # change, flush
        update.tag(row.version)        # the new ETag
"""

# No ``from __future__ import annotations`` here: the dependencies below are made in closures,
# and FastAPI reads their parameter annotations, which must be objects, not names.

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Response, status
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.app import DbSession
from heaolu_shared.audit_trail import ANONYMOUS
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import IfMatch, check_version, etag
from heaolu_shared.errors import PROBLEM_JSON
from heaolu_shared.idempotency import IdempotencyKey, once

M = TypeVar("M", bound=BaseModel)

PROBLEM_DESCRIPTIONS: dict[int, str] = {
    400: "Bad request (e.g. an invalid cursor or control characters)",
    403: "The caller may not do this",
    404: "No such record, or not visible to the caller",
    409: "Conflict with the record's state or a reused Idempotency-Key",
    412: "If-Match does not name the current version",
    422: "The request does not match the schema or breaks a rule",
    428: "If-Match is required",
    429: "Too many requests",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of an endpoint: the problem+json answers it sends besides those its
    shape implies (:mod:`heaolu_shared.openapi` adds those and words every one alike)."""
    return {
        s: {"description": PROBLEM_DESCRIPTIONS[s], "content": {PROBLEM_JSON: {}}} for s in statuses
    }


ERRORS_READ = problems(403, 404)
"""A read of one record: refused, or not there."""
ERRORS_CREATE = problems(403, 404, 409, 422)
"""A creation: also a reused ``Idempotency-Key`` or a wrong state (409), a rule refusing (422)."""
ERRORS_UPDATE = problems(403, 404, 409, 412, 422, 428)
"""An update: also ``If-Match`` missing (428) or naming another version (412)."""


def tag(response: Response, version: int) -> None:
    """Put the ``ETag`` of ``version`` on ``response``."""
    response.headers["ETag"] = etag(version)


def locate(response: Response, prefix: str, path: str, version: int | None = None) -> None:
    """``Location`` (``prefix`` + ``path``) and, when the record is versioned, its ``ETag``."""
    response.headers["Location"] = prefix + path
    if version is not None:
        tag(response, version)


@dataclass(frozen=True)
class Creator:
    """Runs a creation once per ``Idempotency-Key`` and answers 201 with ``Location`` and
    ``ETag`` (200 with the first answer for a replay, shown only to a caller who may still
    read it)."""

    session: AsyncSession
    principal: Principal
    response: Response
    key: str | None
    prefix: str

    async def __call__(
        self,
        operation: str,
        body: BaseModel | None,
        target: str,
        model: type[M],
        create: Callable[[], Awaitable[M]],
        location: Callable[[M], str] | None = None,
        authorize_replay: Callable[[M], Awaitable[None]] | None = None,
    ) -> M:
        """``create`` once per key (``target`` names what the creation hangs on, so one key
        used on two records is a conflict); ``location`` gives the created record's path below
        the prefix; ``authorize_replay`` raises when the caller may no longer see a stored
        answer."""
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
        version = getattr(out, "version", None)
        if location is not None:
            self.response.headers["Location"] = self.prefix + location(out)
        if isinstance(version, int):
            tag(self.response, version)
        return out


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
        tag(self.response, version)


class Plumbing:
    """One service's creation and update dependencies: its API prefix (for ``Location``) and
    the dependency that admits a caller to the service (e.g. one that checks the roles and
    remembers the caller in the staff directory)."""

    def __init__(self, prefix: str, principal: Callable[..., Awaitable[Principal]]) -> None:
        self.prefix = prefix
        Caller = Annotated[Principal, Depends(principal)]

        async def creator(
            principal: Caller,
            session: DbSession,
            response: Response,
            idempotency_key: IdempotencyKey = None,
        ) -> Creator:
            return Creator(session, principal, response, idempotency_key, prefix)

        async def updater(
            principal: Caller, session: DbSession, response: Response, if_match: IfMatch = None
        ) -> Updater:
            return Updater(session, principal, response, if_match)

        async def public_creator(
            session: DbSession, response: Response, idempotency_key: IdempotencyKey = None
        ) -> Creator:
            return Creator(session, ANONYMOUS, response, idempotency_key, prefix)

        self.creator: Callable[..., Awaitable[Creator]] = creator
        self.updater: Callable[..., Awaitable[Updater]] = updater
        self.public_creator: Callable[..., Awaitable[Creator]] = public_creator
        """A creation without a token (e.g. a public report form): every anonymous caller is one
        caller for ``Idempotency-Key``, so a client must make its keys unguessable."""

    def locate(self, response: Response, path: str, version: int | None = None) -> None:
        """``Location`` of a record created without :class:`Creator` (e.g. by a public form)."""
        locate(response, self.prefix, path, version)
