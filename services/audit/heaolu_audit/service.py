"""Audit's rules: append to the hash chain, verify it, answer who accessed whose data."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_audit.models import AnomalyAlert, AuditRecord
from heaolu_audit.repository import OPENING_ACTIONS, AuditRepository, hour_window
from heaolu_shared.contracts.audit import AccessRecordedV1, AnomalyDetectedV1
from heaolu_shared.outbox import enqueue

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq",
    "event_id",
    "service",
    "occurred_at",
    "actor_subject",
    "actor_username",
    "actor_role",
    "actor_institution",
    "on_behalf_of",
    "subject_pseudonym",
    "record_type",
    "record_id",
    "action",
    "purpose",
    "request_id",
)
LATER_FIELDS = (("actor_sealed", None), ("withheld_from_subject", False))
"""Fields added after the chain began: hashed only when they differ from their default, so the
rows written before them keep their hashes."""


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def row_hash(prev_hash: str, record: AuditRecord | Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the row's canonical content."""
    if isinstance(record, Mapping):
        values = record
    else:
        values = {name: getattr(record, name) for name in HASHED_FIELDS}
        values.update({name: getattr(record, name) for name, _ in LATER_FIELDS})
    content = {name: _canonical(values[name]) for name in HASHED_FIELDS}
    for name, default in LATER_FIELDS:
        value = values.get(name)
        if value is not None and value != default:
            content[name] = _canonical(value)
    data = prev_hash + json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


CHAIN_TAIL = "heaolu_audit.chain_tail"


async def append(
    session: AsyncSession, event_id: uuid.UUID, access: AccessRecordedV1, anomaly_limit: int
) -> AuditRecord:
    """Append one record to the chain and raise an alert when its actor crosses the limit."""
    (row,) = await append_batch(session, [(event_id, access)], anomaly_limit)
    return AuditRecord(**row)


async def append_batch(
    session: AsyncSession,
    accesses: Sequence[tuple[uuid.UUID, AccessRecordedV1]],
    anomaly_limit: int,
) -> list[dict[str, Any]]:
    """Append records to the chain in the given order with one statement; returns their rows.

    The chain's lock is taken once and held to the end of the transaction, so the tail read
    once stays the tail for every further record the same transaction (a consumer's batch)
    appends. Then every record whose actor now opened more persons within the hour than
    ``anomaly_limit`` raises the alert of that hour, once.
    """
    repo = AuditRepository(session)
    tail: tuple[int, str] | None = session.info.get(CHAIN_TAIL)
    if tail is None:
        await repo.lock_chain()
        last = await repo.last()
        tail = (last[0], last[1]) if last else (0, GENESIS_HASH)
    seq, prev = tail
    rows: list[dict[str, Any]] = []
    for event_id, access in accesses:
        seq += 1
        row: dict[str, Any] = {
            "seq": seq,
            "event_id": event_id,
            "service": access.service,
            "occurred_at": access.occurred_at.astimezone(UTC),
            "actor_subject": access.actor_subject,
            "actor_username": access.actor_username,
            "actor_role": access.actor_role,
            "actor_institution": access.actor_institution,
            "on_behalf_of": access.on_behalf_of,
            "subject_pseudonym": access.subject_pseudonym,
            "record_type": access.record_type,
            "record_id": access.record_id,
            "action": access.action,
            "purpose": access.purpose,
            "request_id": access.request_id,
            "actor_sealed": access.actor_sealed,
            "withheld_from_subject": access.withheld_from_subject,
            "prev_hash": prev,
        }
        row["hash"] = prev = row_hash(prev, row)
        rows.append(row)
    await repo.add_many(rows)
    session.info[CHAIN_TAIL] = (seq, prev)
    opening = [
        row
        for row in rows
        if row["subject_pseudonym"] is not None and row["action"] in OPENING_ACTIONS
    ]
    if opening:
        counts = await repo.distinct_subjects_at(
            [(row["actor_subject"], row["occurred_at"]) for row in opening]
        )
        for row, distinct in zip(opening, counts, strict=True):
            if distinct > anomaly_limit:
                await _raise_alert(session, repo, row, distinct, anomaly_limit)
    return rows


async def _raise_alert(
    session: AsyncSession, repo: AuditRepository, row: Mapping[str, Any], distinct: int, limit: int
) -> None:
    window = hour_window(row["occurred_at"])
    alert_id = await repo.add_alert_once(
        actor=row["actor_subject"], window_start=window, distinct=distinct, limit=limit
    )
    if alert_id is not None:
        await enqueue(
            session,
            AnomalyDetectedV1(
                alert_id=alert_id,
                actor_subject=row["actor_subject"],
                distinct_subjects=distinct,
                limit=limit,
                window_start=window,
            ),
            subject=str(alert_id),
        )


@dataclass(frozen=True)
class Verification:
    valid: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str | None = None


async def verify_chain(session: AsyncSession) -> Verification:
    """Recompute the chain; name the first row whose content, link or position is wrong."""
    prev, expected_seq, checked = GENESIS_HASH, 1, 0
    async for record in AuditRepository(session).stream():
        if record.seq != expected_seq:
            return Verification(False, checked, expected_seq, "row missing")
        if record.prev_hash != prev:
            return Verification(False, checked, record.seq, "link to the previous row broken")
        if row_hash(prev, record) != record.hash:
            return Verification(False, checked, record.seq, "row content altered")
        prev, expected_seq, checked = record.hash, expected_seq + 1, checked + 1
    return Verification(True, checked)


async def search(session: AsyncSession, **filters: Any) -> tuple[list[AuditRecord], str | None]:
    return await AuditRepository(session).search(**filters)


async def alerts(
    session: AsyncSession, *, cursor: str | None, limit: int
) -> tuple[list[AnomalyAlert], str | None]:
    return await AuditRepository(session).alerts(cursor=cursor, limit=limit)
