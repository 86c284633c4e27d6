"""Load a record or answer 404, decide access with the shared policy, audit the access: the
routine of every endpoint that touches a person, written once.

A service describes each kind of record it guards once, in its ``common/access.py``: how to load
it, the scopes the policy decides on (one per party that may see it), whose data it is, and the
service's access context (time, substitutions, counselling requests, designations)::

    REPORTS = Guard[Report](
        service="intake",
        record_type="report",
        load_record=lambda session, id, lock: session.get(Report, id, with_for_update=lock),
        scopes=report_scopes,                # async (session, report) -> [RecordScope, ...]
        subject=lambda report: report.child_pseudonym,
        record_id=lambda report: str(report.id),
        context=access_context,              # async (session, principal) -> AccessContext
        not_found=messages.NO_SUCH_REPORT,
    )
    ReadReport = Annotated[
        Authorized[Report],
        Depends(REPORTS.dependency(Action.READ, param="report_id", purpose="intake",
                                   principal=caller)),
    ]

An endpoint then takes ``read: ReadReport`` and gets the record, already decided on and audited;
service code that needs the steps apart calls :meth:`Guard.load`, :meth:`Guard.decide`,
:meth:`Guard.require` and :meth:`Guard.audit`.
"""

# No ``from __future__ import annotations``: :meth:`Guard.dependency` makes a FastAPI dependency
# in a closure, whose parameter annotations FastAPI must read as objects.

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.access import DENY, NO_ACCESS, AccessContext, Action, Decision, RecordScope
from heaolu_shared.access import decide as decide_one
from heaolu_shared.app import DbSession
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted, ResourceNotFound
from heaolu_shared.messages import Message, define

R = TypeVar("R")

NOT_FOUND = define(
    "record.not-found",
    et="Sellist kirjet pole",
    en="No such record",
    ru="Такой записи нет",
)

READS = frozenset({Action.LIST, Action.READ})


async def time_only(session: AsyncSession, principal: Principal) -> AccessContext:
    """The plainest access context: the time (a service that knows no substitutions)."""
    return AccessContext(now=datetime.now(UTC))


def decide_any(
    principal: Principal, action: Action, scopes: Sequence[RecordScope], ctx: AccessContext
) -> Decision:
    """The first allowing decision over a record's scopes; deny when none allows."""
    for scope in scopes:
        decision = decide_one(principal, action, scope, ctx)
        if decision.allowed:
            return decision
    return DENY


@dataclass(frozen=True)
class Authorized(Generic[R]):
    """A record the caller may work with, the decision that allowed it (the access audited)."""

    record: R
    decision: Decision
    principal: Principal
    session: AsyncSession


@dataclass(frozen=True)
class Guard(Generic[R]):
    """How one kind of record is loaded, decided on and audited."""

    service: str
    record_type: str
    load_record: Callable[[AsyncSession, uuid.UUID, bool], Awaitable[R | None]]
    """``(session, id, for_update)``: the record, or None."""
    scopes: Callable[[AsyncSession, R], Awaitable[Sequence[RecordScope]]]
    """The record's scopes; access is granted when the policy allows any of them."""
    subject: Callable[[R], str | None]
    """Whose data the record is (the pseudonym in the audit record)."""
    record_id: Callable[[R], str]
    context: Callable[[AsyncSession, Principal], Awaitable[AccessContext]] = time_only
    not_found: Message = NOT_FOUND
    refused: Message = NO_ACCESS
    checks: Sequence[Callable[[Principal, R], None]] = field(default=())
    """Rules beyond the policy that refuse by raising (e.g. "only the department head")."""

    async def load(
        self, session: AsyncSession, record_id: uuid.UUID, *, for_update: bool = False
    ) -> R:
        """The record; 404 when there is none."""
        record = await self.load_record(session, record_id, for_update)
        if record is None:
            raise ResourceNotFound(self.not_found)
        return record

    async def decide(
        self,
        session: AsyncSession,
        principal: Principal,
        record: R,
        action: Action,
        ctx: AccessContext | None = None,
    ) -> Decision:
        """The policy's decision on ``action`` over the record's scopes (no refusal)."""
        context = ctx if ctx is not None else await self.context(session, principal)
        return decide_any(principal, action, await self.scopes(session, record), context)

    async def require(
        self,
        session: AsyncSession,
        principal: Principal,
        record: R,
        action: Action,
        ctx: AccessContext | None = None,
    ) -> Decision:
        """:meth:`decide`, 403 when denied; then the service's own :attr:`checks`."""
        decision = await self.decide(session, principal, record, action, ctx)
        if not decision.allowed:
            raise NotPermitted(self.refused)
        for check in self.checks:
            check(principal, record)
        return decision

    async def audit(
        self,
        session: AsyncSession,
        principal: Principal | None,
        record: R,
        *,
        action: str,
        purpose: str,
        decision: Decision | None,
        record_type: str | None = None,
        withheld_from_subject: bool = False,
    ) -> None:
        """One audit record for an access to the personal data of ``record``."""
        await record_access(
            session,
            principal,
            service=self.service,
            action=action,
            record_type=record_type or self.record_type,
            record_id=self.record_id(record),
            subject_pseudonym=self.subject(record),
            purpose=purpose,
            decision=decision,
            withheld_from_subject=withheld_from_subject,
        )

    async def authorize(
        self,
        session: AsyncSession,
        principal: Principal,
        record_id: uuid.UUID,
        action: Action,
        *,
        purpose: str | None,
        for_update: bool = False,
    ) -> Authorized[R]:
        """Load or 404, decide or 403, and (with a ``purpose``) audit a read: a change is
        audited by the service once it is made."""
        record = await self.load(session, record_id, for_update=for_update)
        decision = await self.require(session, principal, record, action)
        if purpose is not None:
            await self.audit(
                session,
                principal,
                record,
                action="read" if action in READS else str(action),
                purpose=purpose,
                decision=decision,
            )
        return Authorized(record, decision, principal, session)

    def dependency(
        self,
        action: Action,
        *,
        param: str,
        purpose: str | None,
        principal: Callable[..., Awaitable[Principal]],
    ) -> Callable[..., Awaitable[Authorized[R]]]:
        """The FastAPI dependency of an endpoint on the record named by the path parameter
        ``param``: :meth:`authorize` for the caller admitted by ``principal``; a change locks
        the row."""
        Caller = Annotated[Principal, Depends(principal)]

        async def authorized(request: Request, caller: Caller, session: DbSession) -> Authorized[R]:
            try:
                record_id = uuid.UUID(str(request.path_params[param]))
            except ValueError:
                raise ResourceNotFound(self.not_found) from None
            return await self.authorize(
                session,
                caller,
                record_id,
                action,
                purpose=purpose,
                for_update=action not in READS,
            )

        return authorized
