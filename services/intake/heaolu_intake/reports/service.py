"""Receiving and handling reports: store, route, link and announce a report; read it whole or
as its receipt; assign, re-route, reveal the reporter. Keyword-only functions taking a session;
they flush, the edge commits."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common import messages
from heaolu_intake.common.access import REPORTS, handler_of, report_scope, time_context
from heaolu_intake.common.keys import Keys
from heaolu_intake.common.models import Report
from heaolu_intake.common.receipts import receipt_number, receipt_scope
from heaolu_intake.common.register import PopulationRegister
from heaolu_intake.reports.repository import ReportRepository
from heaolu_intake.reports.rules import (
    entered_on_behalf,
    refuse_adults,
    report_age_band,
    reporter_identity,
    route,
)
from heaolu_intake.reports.schemas import ReportCreate
from heaolu_shared import staff
from heaolu_shared.access import Action, require
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import local_today
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import AssignmentChangedV1
from heaolu_shared.contracts.intake import (
    ReportAssignedV1,
    ReportLinkedV1,
    ReportReceivedV2,
    ReportRoutedV1,
)
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.pseudonym import pseudonymize
from heaolu_shared.roles import Role
from heaolu_shared.sealing import Sealer
from heaolu_shared.statements import deferred_writes, insert_new

ANONYMOUS = "anonymous"


async def receive_report(
    session: AsyncSession,
    data: ReportCreate,
    reporter: Principal | None,
    *,
    keys: Keys,
    register: PopulationRegister,
    now: datetime,
) -> Report:
    """Store, route, link and announce a report (``reporter`` None: the public route)."""
    repo = ReportRepository(session)
    refuse_adults(data, local_today(now))
    code = data.child.personal_code
    pseudonym = pseudonymize(code, keys.pseudonym_key) if code else None
    routed = route(await register.residence_of(code) if code else None, data.location.municipality)
    thread = await repo.open_thread_for(pseudonym) if pseudonym else None
    urgent = data.need_level == "in_danger"
    report = Report(
        id=uuid.uuid4(),
        receipt_number=receipt_number(),
        municipality=thread.municipality if thread else routed.municipality,
        routing_basis=routed.basis,
        need_level=data.need_level,
        urgent=urgent,
        channel=data.channel if reporter is not None else "web",
        concern_category=data.concern.category,
        concern=data.concern.text,
        observed_on=data.observed_on,
        child_personal_code=code,
        child_name=data.child.name,
        child_birth_date=data.child.birth_date,
        child_description=data.child.description,
        child_pseudonym=pseudonym,
        location_municipality=data.location.municipality,
        location_text=data.location.address or data.location.description,
        involved=[p.model_dump(mode="json", exclude_none=True) for p in data.involved],
        status="linked" if thread else "received",
        linked_to=thread.id if thread else None,
        created_by=reporter.subject if reporter else ANONYMOUS,
        entered_by=reporter.subject if reporter and entered_on_behalf(reporter) else None,
        received_at=now,
    )
    identity = reporter_identity(data, reporter)
    if identity is not None:
        report.reporter_sealed = keys.sealer.seal(
            json.dumps(identity, ensure_ascii=False).encode(), str(report.id)
        )
    # The report row, its audit record and its event, none read back: held until the commit,
    # and sent as one autocommit statement when the request read nothing before them (a report
    # without a personal code and without an Idempotency-Key), else as two executions.
    async with deferred_writes(session, until_commit=True):
        await insert_new(session, report)
        # Who created the report is the reporter: their identity travels only sealed.
        await record_access(
            session,
            reporter,
            service=REPORTS.service,
            action="create",
            record_type="report",
            record_id=str(report.id),
            subject_pseudonym=pseudonym,
            purpose="report received",
            sealer=keys.sealer,
        )
        if thread is not None and thread.municipality is not None:
            await enqueue(
                session,
                ReportLinkedV1(
                    report_id=report.id,
                    thread_report_id=thread.id,
                    municipality=thread.municipality,
                    received_at=now,
                    need_level=data.need_level,
                    urgent=urgent,
                ),
                subject=str(thread.id),
            )
        elif thread is None and report.municipality is not None:
            await enqueue(
                session,
                ReportReceivedV2(
                    report_id=report.id,
                    municipality=report.municipality,
                    received_at=now,
                    need_level=data.need_level,
                    child_pseudonym=pseudonym,
                    urgent=urgent,
                    age_band=report_age_band(report, now),
                    concern_category=report.concern_category,
                    child_name=report.child_name,
                ),
                subject=str(report.id),
            )
    return report


async def sees_channel(session: AsyncSession, principal: Principal, report: Report) -> bool:
    """How a report came in characterises its reporter: only its handling worker sees it."""
    return await handler_of(session, report) == principal.subject


@dataclass(frozen=True)
class ReportView:
    """A report as the caller may see it: whole (decided and audited), or only its receipt."""

    report: Report
    whole: bool


async def read_report(
    session: AsyncSession, *, principal: Principal, report_id: uuid.UUID
) -> ReportView:
    """The report whole for those who handle it (audited); its receipt for its reporter;
    403 for everyone else."""
    report = await REPORTS.load(session, report_id)
    decision = await REPORTS.decide(session, principal, report, Action.READ)
    if decision.allowed:
        await REPORTS.audit(
            session, principal, report, action="read", purpose="intake", decision=decision
        )
        return ReportView(report, whole=True)
    require(principal, Action.READ, receipt_scope(report), time_context())
    return ReportView(report, whole=False)


async def assign(
    session: AsyncSession,
    *,
    principal: Principal,
    report_id: uuid.UUID,
    assignee_username: str,
    if_match: str | None,
    now: datetime,
) -> Report:
    """The department head assigns a report to a worker of the municipality."""
    report = await REPORTS.load(session, report_id)
    if Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted(messages.ASSIGNED_BY_HEAD)
    decision = require(principal, Action.UPDATE, report_scope(report), time_context())
    check_version(report.version, if_match)
    worker = await staff.by_username(session, assignee_username)
    if worker is None or worker.municipality != report.municipality:
        raise RuleViolation(messages.ASSIGNEE_OF_MUNICIPALITY, extra={"field": "assignee_username"})
    report.assignee, report.assigned_at = worker.subject, now
    await flush_versioned(session)
    await REPORTS.audit(
        session, principal, report, action="update", purpose="assignment", decision=decision
    )
    if report.linked_to is None and report.municipality is not None:
        await enqueue(
            session,
            ReportAssignedV1(
                report_id=report.id,
                municipality=report.municipality,
                assignee=worker.subject,
                assigned_at=now,
            ),
            subject=str(report.id),
        )
    return report


async def reroute(
    session: AsyncSession,
    *,
    principal: Principal,
    report_id: uuid.UUID,
    municipality: str,
    if_match: str | None,
) -> Report:
    """Send a report to another municipality: an explicit, audited action (the department
    head of its municipality, or SKA from the triage queue)."""
    report = await REPORTS.load(session, report_id)
    decision = require(principal, Action.UPDATE, report_scope(report), time_context())
    if report.municipality is not None and Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted(messages.REROUTED_BY_HEAD)
    if municipality == report.municipality:
        raise RuleViolation(messages.ALREADY_THERE, extra={"field": "municipality"})
    check_version(report.version, if_match)
    previous = report.municipality
    report.municipality = municipality
    report.routing_basis = "reroute"
    report.assignee = None
    await flush_versioned(session)
    await REPORTS.audit(
        session, principal, report, action="update", purpose="re-routing", decision=decision
    )
    await enqueue(
        session,
        ReportRoutedV1(
            report_id=report.id,
            municipality=municipality,
            previous_municipality=previous,
            basis="reroute",
            received_at=report.received_at,
            need_level=report.need_level,
            urgent=report.urgent,
            child_pseudonym=report.child_pseudonym,
            age_band=report_age_band(report, report.received_at),
            concern_category=report.concern_category,
            child_name=report.child_name,
        ),
        subject=str(report.id),
    )
    return report


async def reveal_reporter(
    session: AsyncSession, *, principal: Principal, report_id: uuid.UUID, sealer: Sealer
) -> dict[str, object]:
    """The reporter's identity, for the report's handling worker only; audited."""
    report = await REPORTS.load(session, report_id)
    handler = await handler_of(session, report)
    if handler is None or handler != principal.subject:
        raise NotPermitted(messages.ONLY_HANDLER_REVEALS)
    require(principal, Action.READ, report_scope(report, handler), time_context())
    # That there is a reporter to reveal is itself about the reporter: not in the family's log.
    await REPORTS.audit(
        session,
        principal,
        report,
        action="reveal",
        purpose="reporter identity revealed",
        decision=None,
        record_type="report_reporter",
        withheld_from_subject=True,
    )
    if report.reporter_sealed is None:
        return {"anonymous": True}
    identity: dict[str, object] = json.loads(sealer.open(report.reporter_sealed, str(report.id)))
    return identity


async def follow_assignment(session: AsyncSession, event: AssignmentChangedV1) -> None:
    """Casework (re)assigned the assessment behind a report thread: intake's access follows,
    unless intake holds a later assignment already."""
    report = await ReportRepository(session).get(event.intake_record_id)
    if report is None:
        return
    if report.assigned_at is not None and report.assigned_at > event.changed_at:
        return
    report.assignee, report.assigned_at = event.assignee, event.changed_at
    await session.flush()
