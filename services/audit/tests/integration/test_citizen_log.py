"""A citizen's own access log never shows the act of reporting nor anything about a reporter."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_audit.repository import AuditRepository
from heaolu_audit.service import append, row_hash, verify_chain
from heaolu_shared.contracts.audit import AccessRecordedV1
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration

CHILD = "0123456789abcdef0123456789abcdef"


def _access(**fields: object) -> AccessRecordedV1:
    values: dict[str, object] = {
        "service": "intake",
        "actor_subject": "head-subject",
        "actor_username": "head.synthetic",
        "actor_role": Role.DEPARTMENT_HEAD,
        "actor_institution": "0663",
        "subject_pseudonym": CHILD,
        "record_type": "report",
        "record_id": str(uuid.uuid4()),
        "action": "read",
        "purpose": "intake",
        "occurred_at": datetime.now(UTC),
    }
    return AccessRecordedV1.model_validate(values | fields)


async def test_withheld_records_stay_out_of_the_subjects_log_but_not_the_auditors(
    session: AsyncSession,
) -> None:
    created = _access(
        actor_subject="sealed",
        actor_username=None,
        actor_role="sealed",
        actor_institution="sealed",
        actor_sealed="c2VhbGVk",
        withheld_from_subject=True,
        action="create",
        purpose="report received",
    )
    revealed = _access(record_type="report_reporter", action="reveal", withheld_from_subject=True)
    read = _access()
    for access in (created, revealed, read):
        await append(session, uuid.uuid4(), access, anomaly_limit=100)

    repository = AuditRepository(session)
    own, _ = await repository.search(subject=CHILD, for_subject=True)
    assert [(r.action, r.record_type) for r in own] == [("read", "report")]
    everything, _ = await repository.search(subject=CHILD)
    assert len(everything) == 3
    sealed = next(r for r in everything if r.action == "create")
    assert sealed.actor_sealed == "c2VhbGVk" and sealed.actor_subject == "sealed"
    assert (await verify_chain(session)).valid


async def test_the_sealed_actor_and_the_withholding_are_covered_by_the_chain(
    session: AsyncSession,
) -> None:
    record = await append(
        session,
        uuid.uuid4(),
        _access(actor_sealed="c2VhbGVk", withheld_from_subject=True),
        anomaly_limit=100,
    )
    original = record.hash
    record.withheld_from_subject = False
    assert row_hash(record.prev_hash, record) != original
    record.withheld_from_subject, record.actor_sealed = True, "b3RoZXI="
    assert row_hash(record.prev_hash, record) != original
