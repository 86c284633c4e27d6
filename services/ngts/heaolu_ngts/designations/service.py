"""The department head designates the specialists who may work with the municipality's list."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import SERVICE
from heaolu_ngts.common.models import Designation
from heaolu_ngts.designations.repository import DesignationRepository
from heaolu_shared import staff
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.errors import NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.roles import Role


def require_head(principal: Principal, municipality: str | None = None) -> str:
    """The head's municipality; 403 for anyone else (heads do not see the list itself)."""
    own = principal.municipality
    if Role.DEPARTMENT_HEAD not in principal.roles or own is None:
        raise NotPermitted(messages.HEAD_ONLY)
    if municipality is not None and municipality != own:
        raise NotPermitted(messages.HEAD_ONLY)
    return own


def check_dates(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise RuleViolation(messages.DESIGNATION_DATES, extra={"field": "ends_on"})


async def _audit(
    session: AsyncSession, principal: Principal, row: Designation, action: str
) -> None:
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="ngts_designation",
        record_id=str(row.id),
        subject_pseudonym=None,
        purpose="designation of an NGTS specialist",
    )


async def designate(
    session: AsyncSession,
    *,
    principal: Principal,
    specialist_username: str,
    starts_on: date,
    ends_on: date | None,
    now: datetime,
) -> Designation:
    municipality = require_head(principal)
    check_dates(starts_on, ends_on)
    specialist = await staff.by_username(session, specialist_username)
    if (
        specialist is None
        or specialist.municipality != municipality
        or Role.NGTS_CASE_MANAGER not in specialist.roles
    ):
        raise RuleViolation(messages.SPECIALIST_UNKNOWN, extra={"field": "specialist_username"})
    row = await DesignationRepository(session).add(
        Designation(
            id=uuid.uuid4(),
            municipality=municipality,
            specialist_subject=specialist.subject,
            specialist_username=specialist_username,
            starts_on=starts_on,
            ends_on=ends_on,
            designated_by=principal.subject,
            designated_at=now,
        )
    )
    await _audit(session, principal, row, "create")
    return row


async def designations(session: AsyncSession, *, principal: Principal) -> Sequence[Designation]:
    return await DesignationRepository(session).of_municipality(require_head(principal))


async def end_designation(
    session: AsyncSession,
    *,
    principal: Principal,
    designation_id: uuid.UUID,
    ends_on: date,
    if_match: str | None,
) -> Designation:
    row = await DesignationRepository(session).get(designation_id)
    if row is None:
        raise ResourceNotFound(messages.DESIGNATION_NOT_FOUND)
    require_head(principal, row.municipality)
    check_version(row.version, if_match)
    check_dates(row.starts_on, ends_on)
    row.ends_on = ends_on
    await flush_versioned(session)
    await _audit(session, principal, row, "update")
    return row
