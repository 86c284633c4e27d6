"""Emitting audit records: every read or change of personal data, through the outbox.

The record travels in the same transaction as the read or change it describes, so there is no
access without its trail and no trail of an access that was rolled back.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.access import Decision
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.audit import AccessRecordedV1
from heaolu_shared.logs import request_id_var
from heaolu_shared.outbox import enqueue

ROLE_PRECEDENCE = (
    "department_head",
    "child_protection_worker",
    "social_services_specialist",
    "ngts_case_manager",
    "ska_central_authority",
    "ska_counsellor",
    "auditor",
    "professional_reporter",
    "citizen",
    "service",
    "public",
)
SKA_ROLES = frozenset({"ska_counsellor", "ska_central_authority"})


def acting_role(principal: Principal) -> str:
    """The role the principal acts in, for the trail."""
    return next((r for r in ROLE_PRECEDENCE if r in principal.roles), "unknown")


def institution(principal: Principal) -> str:
    """The principal's institution: the municipality's EHAK code, SKA, or none."""
    if principal.municipality:
        return principal.municipality
    return "SKA" if not principal.roles.isdisjoint(SKA_ROLES) else "none"


ANONYMOUS = Principal(subject="anonymous", roles=frozenset({"public"}))
"""The actor of a request without a token (the public report route)."""


async def record_access(
    session: AsyncSession,
    principal: Principal | None,
    *,
    service: str,
    action: str,
    record_type: str,
    record_id: str,
    subject_pseudonym: str | None,
    purpose: str,
    decision: Decision | None = None,
) -> None:
    """Add one audit record for an access to personal data to the caller's transaction."""
    principal = principal or ANONYMOUS
    await enqueue(
        session,
        AccessRecordedV1(
            service=service,
            actor_subject=principal.subject,
            actor_username=principal.username,
            actor_role=acting_role(principal),
            actor_institution=institution(principal),
            on_behalf_of=decision.on_behalf_of if decision else None,
            subject_pseudonym=subject_pseudonym,
            record_type=record_type,
            record_id=record_id,
            action=action,
            purpose=purpose,
            occurred_at=datetime.now(UTC),
            request_id=request_id_var.get(),
        ),
        subject=subject_pseudonym or record_id,
        source=service,
    )
