"""The shared load-decide-audit routine: 404 before any decision, 403 on a refusal, the audit
record only for an allowed access."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.access import Action, Domain, RecordScope
from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted, ResourceNotFound
from heaolu_shared.guard import Guard
from heaolu_shared.messages import define
from heaolu_shared.roles import Role

HEADS_ONLY = define("test.heads-only", et="Ainult juhatajale", en="Heads only")


@dataclass
class Thing:
    id: uuid.UUID
    municipality: str
    assignee: str | None
    pseudonym: str = "p-1"


NO_SESSION = cast(AsyncSession, None)
"""No database: these paths end before the audit record is written."""


THING = Thing(uuid.uuid4(), "0663", "worker-1")
WORKER = Principal(
    subject="worker-1", roles=frozenset({Role.CHILD_PROTECTION_WORKER}), municipality="0663"
)
STRANGER = Principal(
    subject="worker-2", roles=frozenset({Role.CHILD_PROTECTION_WORKER}), municipality="0663"
)


async def _load(session: Any, record_id: uuid.UUID, lock: bool) -> Thing | None:
    return THING if record_id == THING.id else None


async def _scopes(session: Any, thing: Thing) -> Sequence[RecordScope]:
    return [RecordScope(Domain.CHILD_PROTECTION, thing.municipality, assignee=thing.assignee)]


GUARD = Guard[Thing](
    service="test",
    record_type="thing",
    load_record=_load,
    scopes=_scopes,
    subject=lambda t: t.pseudonym,
    record_id=lambda t: str(t.id),
)


async def test_an_unknown_record_is_404() -> None:
    with pytest.raises(ResourceNotFound):
        await GUARD.authorize(NO_SESSION, WORKER, uuid.uuid4(), Action.READ, purpose="x")


async def test_a_refused_caller_gets_403_and_no_audit_record() -> None:
    with pytest.raises(NotPermitted):
        await GUARD.authorize(NO_SESSION, STRANGER, THING.id, Action.READ, purpose="x")


async def test_the_assigned_worker_is_allowed_and_the_decision_says_why() -> None:
    decision = await GUARD.require(NO_SESSION, WORKER, THING, Action.READ)
    assert decision.allowed
    assert decision.reason == "assigned worker"


async def test_a_service_check_refuses_after_the_policy_allowed() -> None:
    def heads_only(principal: Principal, thing: Thing) -> None:
        if Role.DEPARTMENT_HEAD not in principal.roles:
            raise NotPermitted(HEADS_ONLY)

    strict = Guard[Thing](
        service="test",
        record_type="thing",
        load_record=_load,
        scopes=_scopes,
        subject=lambda t: t.pseudonym,
        record_id=lambda t: str(t.id),
        checks=(heads_only,),
    )
    with pytest.raises(NotPermitted):
        await strict.require(NO_SESSION, WORKER, THING, Action.UPDATE)
