"""Intake's rules: receiving a report, announcing it, and who may see it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.models import Report
from heaolu_intake.repository import ReportRepository
from heaolu_intake.schemas import ReportCreate
from heaolu_shared.access import AccessContext, Action, Domain, RecordScope, decide, require
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.intake import ReportReceivedV1
from heaolu_shared.errors import NotPermitted, ResourceNotFound
from heaolu_shared.outbox import enqueue
from heaolu_shared.pseudonym import pseudonymize

SERVICE = "intake"
ANONYMOUS = "anonymous"


async def receive_report(
    session: AsyncSession, data: ReportCreate, reporter: Principal | None, pseudonym_key: str
) -> Report:
    """Store the report and its ``report.received`` event in the caller's transaction."""
    pseudonym = (
        pseudonymize(data.child_personal_code, pseudonym_key) if data.child_personal_code else None
    )
    report = await ReportRepository(session).add(
        Report(
            municipality=data.municipality,
            need_level=data.need_level,
            channel=data.channel,
            concern=data.concern,
            child_personal_code=data.child_personal_code,
            child_pseudonym=pseudonym,
            received_at=datetime.now(UTC),
            created_by=reporter.subject if reporter else ANONYMOUS,
        )
    )
    await enqueue(
        session,
        ReportReceivedV1(
            report_id=report.id,
            municipality=report.municipality,
            received_at=report.received_at,
            need_level=data.need_level,
            channel=report.channel,
            child_pseudonym=pseudonym,
        ),
        subject=str(report.id),
    )
    return report


def scope(report: Report) -> RecordScope:
    return RecordScope(
        domain=Domain.CHILD_PROTECTION,
        municipality=report.municipality,
        subject_pseudonym=report.child_pseudonym,
        record_id=str(report.id),
    )


def _ctx() -> AccessContext:
    return AccessContext(now=datetime.now(UTC))


async def read_report(
    session: AsyncSession, principal: Principal, report_id: uuid.UUID
) -> tuple[Report, bool]:
    """The report and whether the caller may see it whole (else only its receipt)."""
    report = await ReportRepository(session).get(report_id)
    if report is None:
        raise ResourceNotFound("no such report / sellist teadet pole")
    decision = decide(principal, Action.READ, scope(report), _ctx())
    if decision.allowed:
        await record_access(
            session,
            principal,
            service=SERVICE,
            action="read",
            record_type="report",
            record_id=str(report.id),
            subject_pseudonym=report.child_pseudonym,
            purpose="intake",
            decision=decision,
        )
        return report, True
    receipt = RecordScope(Domain.RECEIPT, report.municipality, assignee=report.created_by)
    require(principal, Action.READ, receipt, _ctx())
    return report, False


async def municipality_queue(
    session: AsyncSession,
    principal: Principal,
    *,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[Report]:
    """The municipality's incoming reports, for whoever routes them (the department head)."""
    probe = RecordScope(Domain.CHILD_PROTECTION, principal.municipality)
    if principal.municipality is None or not decide(principal, Action.LIST, probe, _ctx()).allowed:
        raise NotPermitted("the intake queue is for the municipality's department head")
    rows = await ReportRepository(session).queue(principal.municipality, after=after, limit=limit)
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="list",
        record_type="report_list",
        record_id=f"municipality:{principal.municipality}",
        subject_pseudonym=None,
        purpose="intake queue",
    )
    return rows


def refuse_export(principal: Principal) -> None:
    """Reports are never exported: the policy refuses it for every role."""
    require(principal, Action.EXPORT, RecordScope(Domain.CHILD_PROTECTION, None), _ctx())
