"""Casework's creation and update plumbing over the shared mechanism
(:mod:`heaolu_shared.plumbing`: ``Idempotency-Key``, ``Location``, ``ETag``, ``If-Match``), the
paging parameters every list takes, and the error answers endpoints declare."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.access import authorize_replay, caseworker
from heaolu_shared.auth import Principal
from heaolu_shared.pagination import MAX_PAGE
from heaolu_shared.plumbing import (
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creator,
    Plumbing,
    Updater,
    problems,
)
from heaolu_shared.plumbing import tag as tagged

API_PREFIX = "/api/casework/v1"

PLUMBING = Plumbing(API_PREFIX, caseworker)
Creation = Annotated[Creator, Depends(PLUMBING.creator)]
Update = Annotated[Updater, Depends(PLUMBING.updater)]

ERRORS_LIST = problems(403)
"""A list: the caller's role has no such list (what they may see is filtered, never refused)."""
ERRORS_CASE_LIST = problems(403, 404)
"""A list of a case's records: also no such case."""

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")]
Cursor = Annotated[
    str | None,
    Query(max_length=512, description="the next_cursor of the previous page; none for the first"),
]

M = TypeVar("M", bound=BaseModel)


def replay_by_case(
    creation: Creator, operation: str, case_id: uuid.UUID | None = None
) -> Callable[[BaseModel], Awaitable[None]]:
    """A repeated creation shows its stored answer only to whom may still read the case it
    hangs on (``case_id``, or the created case itself), audited as a read."""

    async def still_visible(stored: BaseModel) -> None:
        target = case_id or uuid.UUID(str(stored.model_dump()["id"]))
        await authorize_replay(creation.session, creation.principal, target, operation)

    return still_visible


async def create_in_case(
    creation: Creator,
    operation: str,
    case_id: uuid.UUID,
    body: BaseModel,
    model: type[M],
    make: Callable[[AsyncSession, Principal, uuid.UUID, Any], Awaitable[Any]],
    location: str,
    shape: Callable[[Any], M] | None = None,
) -> M:
    """A record made in a case by ``make(session, principal, case_id, body)``, once per
    ``Idempotency-Key``, shaped as ``model`` (or by ``shape``); ``location`` may name the case's
    ``{case_id}`` and the new record's ``{id}``."""

    async def create() -> M:
        made = await make(creation.session, creation.principal, case_id, body)
        return shape(made) if shape else model.model_validate(made, from_attributes=True)

    def where(out: M) -> str:
        return location.format(case_id=case_id, **out.model_dump(include={"id"}))

    return await creation(
        operation,
        body,
        str(case_id),
        model,
        create,
        where,
        replay_by_case(creation, operation, case_id),
    )


async def change(update: Updater, operation: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """``operation(session, principal, *args, if_match)`` (it checks ``If-Match`` against the
    record it loads), its answer tagged with the new ``ETag``."""
    row = await operation(update.session, update.principal, *args, update.if_match)
    update.tag(row.version)
    return row


__all__ = [
    "API_PREFIX",
    "ERRORS_CASE_LIST",
    "ERRORS_CREATE",
    "ERRORS_LIST",
    "ERRORS_READ",
    "ERRORS_UPDATE",
    "Creation",
    "Cursor",
    "Limit",
    "Update",
    "change",
    "create_in_case",
    "problems",
    "replay_by_case",
    "tagged",
]
