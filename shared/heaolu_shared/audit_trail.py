"""Emitting audit records: every read or change of personal data, through the outbox.

The record travels in the same transaction as the read or change it describes, so there is no
access without its trail and no trail of an access that was rolled back.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.access import Decision
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.audit import (
    MAX_RECORDS_PER_EVENT,
    AccessedRecord,
    AccessesRecordedV1,
    AccessRecordedV1,
)
from heaolu_shared.logs import request_id_var
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role
from heaolu_shared.sealing import Sealer

ROLE_PRECEDENCE = (
    Role.DEPARTMENT_HEAD,
    Role.CHILD_PROTECTION_WORKER,
    Role.SOCIAL_SERVICES_SPECIALIST,
    Role.NGTS_CASE_MANAGER,
    Role.SKA_CENTRAL_AUTHORITY,
    Role.SKA_COUNSELLOR,
    Role.AUDITOR,
    Role.PROFESSIONAL_REPORTER,
    Role.CITIZEN,
    Role.SERVICE,
    Role.PUBLIC,
)
SKA_ROLES = frozenset({Role.SKA_COUNSELLOR, Role.SKA_CENTRAL_AUTHORITY})


def acting_role(principal: Principal) -> str:
    """The role the principal acts in, for the trail."""
    return next((r for r in ROLE_PRECEDENCE if r in principal.roles), "unknown")


def institution(principal: Principal) -> str:
    """The principal's institution: the municipality's EHAK code, SKA, or none."""
    if principal.municipality:
        return principal.municipality
    return "SKA" if not principal.roles.isdisjoint(SKA_ROLES) else "none"


ANONYMOUS = Principal(subject="anonymous", roles=frozenset({Role.PUBLIC}))
"""The actor of a request without a token (the public report route)."""

SEALED = "sealed"
"""What the clear actor fields of a record with a sealed actor say."""


def seal_actor(principal: Principal, sealer: Sealer, record_id: str) -> str:
    """The actor's identity sealed for the trail (base64), the record id bound in."""
    identity = {
        "subject": principal.subject,
        "username": principal.username,
        "role": acting_role(principal),
        "institution": institution(principal),
    }
    sealed = sealer.seal(json.dumps(identity).encode(), record_id)
    return base64.b64encode(sealed).decode()


def open_actor(actor_sealed: str, sealer: Sealer, record_id: str) -> dict[str, str | None]:
    """The sealed actor of a record (offence proceedings only; the caller audits the opening)."""
    identity: dict[str, str | None] = json.loads(
        sealer.open(base64.b64decode(actor_sealed), record_id)
    )
    return identity


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
    sealer: Sealer | None = None,
    withheld_from_subject: bool = False,
) -> None:
    """Add one audit record for an access to personal data to the caller's transaction.

    With ``sealer`` the actor is a protected reporter (LasteKS §27): who they are (account,
    username, role, institution) travels only sealed, and the record is withheld from the
    subject's own access log, as is any record marked ``withheld_from_subject``.
    """
    principal = principal or ANONYMOUS
    sealed = seal_actor(principal, sealer, record_id) if sealer is not None else None
    await enqueue(
        session,
        AccessRecordedV1(
            service=service,
            actor_subject=SEALED if sealed else principal.subject,
            actor_username=None if sealed else principal.username,
            actor_role=SEALED if sealed else acting_role(principal),
            actor_institution=SEALED if sealed else institution(principal),
            actor_sealed=sealed,
            withheld_from_subject=withheld_from_subject or sealed is not None,
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


async def record_accesses(
    session: AsyncSession,
    principal: Principal,
    *,
    service: str,
    action: str,
    purpose: str,
    records: Sequence[tuple[str, str, str | None]],
    decision: Decision | None = None,
) -> None:
    """Add one audit record per ``(record type, record id, subject pseudonym)`` of ``records`` to
    the caller's transaction, for one act that reached them all (a page of names): they travel
    as one event per :data:`~heaolu_shared.contracts.audit.MAX_RECORDS_PER_EVENT`, and the
    audit service appends each as a record of its own (ADR 0032)."""
    for start in range(0, len(records), MAX_RECORDS_PER_EVENT):
        part = records[start : start + MAX_RECORDS_PER_EVENT]
        await enqueue(
            session,
            AccessesRecordedV1(
                service=service,
                actor_subject=principal.subject,
                actor_username=principal.username,
                actor_role=acting_role(principal),
                actor_institution=institution(principal),
                on_behalf_of=decision.on_behalf_of if decision else None,
                action=action,
                purpose=purpose,
                occurred_at=datetime.now(UTC),
                request_id=request_id_var.get(),
                records=[
                    AccessedRecord(record_type=kind, record_id=rid, subject_pseudonym=pseudonym)
                    for kind, rid, pseudonym in part
                ],
            ),
            # The Kafka key: an id of a record, never a person's pseudonym or name.
            subject=part[0][1],
            source=service,
        )
