"""Substitution (asendamine): a worker's absence and who acts for them, time-boxed; the
access it gives is decided by the shared policy from these windows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import messages
from heaolu_casework.common.access import SERVICE, audit_list
from heaolu_casework.common.models import Substitution
from heaolu_casework.staffing import rules
from heaolu_casework.staffing.repository import SubstitutionRepository
from heaolu_shared import staff
from heaolu_shared.access import require_municipality
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import SubstitutionEndedV1, SubstitutionRecordedV1
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role


class SubstitutionEnded(Conflict):
    slug = "substitution-ended"


async def record_substitution(
    session: AsyncSession,
    principal: Principal,
    *,
    absent_username: str | None,
    substitute_username: str,
    starts_at: datetime,
    ends_at: datetime,
) -> Substitution:
    """A worker records their own absence, or a department head records one for a worker."""
    municipality = require_municipality(principal)
    if absent_username is None or absent_username == principal.username:
        absent_subject, absent_roles = principal.subject, set(principal.roles)
    else:
        if Role.DEPARTMENT_HEAD not in principal.roles:
            raise NotPermitted(messages.ABSENCE_RECORDED_BY_HEAD)
        absent = await staff.by_username(session, absent_username)
        if absent is None or absent.municipality != municipality:
            raise RuleViolation(
                messages.ABSENT_NOT_OF_MUNICIPALITY, extra={"field": "absent_username"}
            )
        absent_subject, absent_roles = absent.subject, set(absent.roles)
    substitute = await staff.by_username(session, substitute_username)
    if substitute is None or not rules.may_substitute(
        absent_roles, substitute.roles, substitute.municipality, municipality
    ):
        raise RuleViolation(
            messages.SUBSTITUTE_OF_MUNICIPALITY_AND_ROLE, extra={"field": "substitute_username"}
        )
    if substitute.subject == absent_subject:
        raise RuleViolation(messages.NO_SELF_SUBSTITUTION, extra={"field": "substitute_username"})
    rules.check_window(starts_at, ends_at)
    substitution = await SubstitutionRepository(session).add(
        Substitution(
            municipality=municipality,
            absent=absent_subject,
            substitute=substitute.subject,
            starts_at=starts_at,
            ends_at=ends_at,
            recorded_by=principal.subject,
        )
    )
    # Intake decides a substitute's access to reports and applications from the same window.
    await enqueue(
        session,
        SubstitutionRecordedV1(
            substitution_id=substitution.id,
            municipality=municipality,
            absent=absent_subject,
            substitute=substitution.substitute,
            starts_at=starts_at,
            ends_at=ends_at,
        ),
        subject=str(substitution.id),
    )
    return substitution


SUBSTITUTION_ORDER: Keyset[Any] = Keyset(
    columns=(Substitution.starts_at, Substitution.id),
    types=(datetime, uuid.UUID),
    key=lambda row: (row.Substitution.starts_at, row.Substitution.id),
)


async def substitutions_for(
    session: AsyncSession, principal: Principal, *, cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """The municipality's substitutions (department head) or the caller's own, with the
    colleagues' names; the list is audited (it names colleagues, not citizens)."""
    municipality = require_municipality(principal)
    subject = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    fetched = await SubstitutionRepository(session).named_page(
        municipality, subject, keyset=SUBSTITUTION_ORDER, cursor=cursor, limit=limit
    )
    await audit_list(
        session,
        principal,
        record_type="substitution_list",
        scope_id=f"municipality:{municipality}",
        purpose="substitutions",
    )
    return SUBSTITUTION_ORDER.page(fetched, limit)


async def end_substitution(
    session: AsyncSession,
    principal: Principal,
    substitution_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> Substitution:
    """The absent worker is back early: they (or their department head) end the window now; a
    window that has not started yet ends before it starts. Audited."""
    now = now or datetime.now(UTC)
    substitution = await SubstitutionRepository(session).get_for_update(substitution_id)
    if substitution is None or substitution.municipality != principal.municipality:
        raise ResourceNotFound(messages.NO_SUCH_SUBSTITUTION)
    if not rules.may_end_substitution(principal, substitution):
        raise NotPermitted(messages.SUBSTITUTION_ENDED_BY)
    check_version(substitution.version, if_match)
    if substitution.ends_at <= now:
        raise SubstitutionEnded(messages.SUBSTITUTION_ALREADY_ENDED)
    substitution.ends_at = max(now, substitution.starts_at)
    substitution.ended_early_by = principal.subject
    await flush_versioned(session)
    # Intake's copy of the window ends with it.
    await enqueue(
        session,
        SubstitutionEndedV1(substitution_id=substitution.id, ended_at=substitution.ends_at),
        subject=str(substitution.id),
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="update",
        record_type="substitution",
        record_id=str(substitution.id),
        subject_pseudonym=None,
        purpose="substitution ended early",
    )
    return substitution
