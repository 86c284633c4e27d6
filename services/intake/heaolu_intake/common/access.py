"""Who calls intake, the access context, and the routine of every endpoint that touches a
report: load it or 404, decide access with the shared policy, audit the read
(:data:`REPORTS`, a :class:`heaolu_shared.guard.Guard`).

A report linked to an earlier one about the same child (a thread) is handled by whoever handles
the thread, so its scope names the thread's assignee. Substitutions come from casework's events
(:mod:`heaolu_intake.common.substitutions`): a substitute decides as the absent worker would.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common import messages
from heaolu_intake.common.models import Report, Substitution
from heaolu_shared import staff
from heaolu_shared.access import AccessContext, Domain, RecordScope
from heaolu_shared.access import Substitution as SubstitutionWindow
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.guard import Guard
from heaolu_shared.repository import RepositoryBase
from heaolu_shared.roles import Role

SERVICE = "intake"
ON_BEHALF_ROLES = frozenset(
    {
        Role.CHILD_PROTECTION_WORKER,
        Role.SOCIAL_SERVICES_SPECIALIST,
        Role.DEPARTMENT_HEAD,
        Role.SKA_COUNSELLOR,
    }
)
"""Roles that act for someone else: enter a report for the person who called, apply for a
service in someone's name."""


async def caller(principal: CurrentPrincipal, session: DbSession) -> Principal:
    """The authenticated caller; municipal workers are remembered in the staff directory."""
    await staff.register(session, principal)
    return principal


Caller = Annotated[Principal, Depends(caller)]


class SubstitutionRepository(RepositoryBase[Substitution]):
    model = Substitution

    async def for_substitute(self, substitute: str) -> Sequence[Substitution]:
        return await self.fetch(
            sa.select(Substitution).where(Substitution.substitute == substitute)
        )


def time_context(now: datetime | None = None) -> AccessContext:
    """The context of a decision that needs only the time (no substitute may act there)."""
    return AccessContext(now=now or datetime.now(UTC))


async def access_context(session: AsyncSession, principal: Principal) -> AccessContext:
    """The time and the substitution windows (from casework's events) in which the principal
    acts for an absent colleague."""
    windows = [
        SubstitutionWindow(s.absent, s.substitute, s.municipality, s.starts_at, s.ends_at)
        for s in await SubstitutionRepository(session).for_substitute(principal.subject)
    ]
    return AccessContext(now=datetime.now(UTC), substitutions=windows)


def report_scope(report: Report, handler: str | None = None) -> RecordScope:
    """The report's scope; a linked report is handled by whoever handles its thread."""
    return RecordScope(
        domain=Domain.CHILD_PROTECTION,
        municipality=report.municipality,
        assignee=handler if report.linked_to is not None else report.assignee,
        subject_pseudonym=report.child_pseudonym,
        record_id=str(report.id),
    )


async def handler_of(session: AsyncSession, report: Report) -> str | None:
    """The worker handling the report: its own assignee, or its thread's."""
    if report.linked_to is None:
        return report.assignee
    thread = await session.get(Report, report.linked_to)
    return thread.assignee if thread is not None else None


async def _report_scopes(session: AsyncSession, report: Report) -> Sequence[RecordScope]:
    return [report_scope(report, await handler_of(session, report))]


async def _load_report(session: AsyncSession, report_id: uuid.UUID, lock: bool) -> Report | None:
    return await session.get(Report, report_id, with_for_update=lock)


REPORTS = Guard[Report](
    service=SERVICE,
    record_type="report",
    load_record=_load_report,
    scopes=_report_scopes,
    subject=lambda report: report.child_pseudonym,
    record_id=lambda report: str(report.id),
    context=access_context,
    not_found=messages.NO_SUCH_REPORT,
)
"""Load a report or 404, decide on it with the policy, audit the access."""
