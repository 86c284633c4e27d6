"""The rules of custody-restriction applications: opened from a separation with both clocks
counted from the separation, completed, approved where the municipality requires it, filed with
its PDF, ruled on.

The module stays whole past 400 lines because it is one state machine (draft, completed,
approved, filed, ruled) whose steps share the same guards; split, each half would need the
other's states."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import clocks, messages
from heaolu_court.common.access import audit, listed_page, load
from heaolu_court.common.models import Deadline
from heaolu_court.common.repository import next_number
from heaolu_court.custody import repository
from heaolu_court.custody.document import render
from heaolu_court.custody.models import ApplicationStatus, CustodyApplication
from heaolu_court.custody.schemas import ApplicationDraft, Ruling
from heaolu_court.settings import Settings, get_settings
from heaolu_shared import staff
from heaolu_shared.access import Action, Decision
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar, default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import RemovalRecordedV1
from heaolu_shared.contracts.court import (
    CourtApplicationFiledV1,
    CourtApplicationOpenedV1,
    CourtApplicationWithdrawnV1,
    CourtRulingRecordedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role

RECORD_TYPE = "custody_application"
RULING_HOURS = 72
CLOCK_SKEW = timedelta(minutes=5)

REQUIRED_FIELDS = (
    "court_name",
    "facts",
    "danger",
    "measures_taken",
    "temporary_location",
    "contact_arrangement",
    "requested_measure",
    "official_name",
    "official_position",
)
EDITABLE = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.COMPLETED})


class WrongState(Conflict):
    slug = "wrong-state"


def clocks_from_separation(
    separated_at: datetime, filing_target_hours: int, calendar: WorkingDayCalendar
) -> tuple[datetime, datetime]:
    """``(filing_due_at, ruling_due_at)``: both count from the separation, not its recording."""
    return (
        calendar.add_hours_deadline(separated_at, filing_target_hours),
        calendar.add_hours_deadline(separated_at, RULING_HOURS),
    )


def missing_fields(application: CustodyApplication) -> list[str]:
    """What the application still lacks before it can be completed."""
    missing = [f for f in REQUIRED_FIELDS if not getattr(application, f)]
    if not (application.child_opinion or application.child_opinion_missing_reason):
        missing.append("child_opinion")
    return missing


def approval_required(municipality: str, settings: Settings) -> bool:
    return municipality in settings.head_approval_municipalities


def may_file(application: CustodyApplication, settings: Settings) -> None:
    """Raise unless the application is ready to go to the court."""
    if application.status == ApplicationStatus.APPROVED:
        return
    if application.status == ApplicationStatus.COMPLETED:
        if approval_required(application.municipality, settings):
            raise RuleViolation(messages.NOT_APPROVED, extra={"field": "status"})
        return
    raise WrongState(messages.WRONG_STATE, extra={"status": application.status})


def check_ruling(application: CustodyApplication, ruling: Ruling, now: datetime) -> None:
    if application.status != ApplicationStatus.FILED:
        raise WrongState(messages.WRONG_STATE, extra={"status": application.status})
    if ruling.ruled_at > now + CLOCK_SKEW:
        raise RuleViolation(messages.IN_FUTURE, extra={"field": "ruled_at"})
    assert application.filed_at is not None
    if ruling.ruled_at < application.filed_at:
        raise RuleViolation(messages.RULING_BEFORE_FILING, extra={"field": "ruled_at"})


async def open_from_removal(
    session: AsyncSession,
    removal: RemovalRecordedV1,
    *,
    now: datetime,
    settings: Settings | None = None,
) -> CustodyApplication:
    """The draft application of a separation, with both clocks from ``separated_at``; a
    repeated event finds the draft already there."""
    settings = settings or get_settings()
    existing = await repository.by_removal(session, removal.removal_id)
    if existing is not None:
        return existing
    filing_due, ruling_due = clocks_from_separation(
        removal.separated_at, settings.court_filing_target_hours, default_calendar()
    )
    application = CustodyApplication(
        id=uuid.uuid4(),
        number=await next_number(
            session, "HK", removal.municipality, default_calendar().local_date(now).year
        ),
        removal_id=removal.removal_id,
        case_id=removal.case_id,
        case_number=removal.case_number,
        municipality=removal.municipality,
        assignee=removal.assignee,
        subject_pseudonym=removal.subject_pseudonym,
        status=ApplicationStatus.DRAFT,
        legal_ground=removal.legal_ground,
        separated_at=removal.separated_at,
        filing_due_at=filing_due,
        ruling_due_at=ruling_due,
        attachments=[],
        opened_at=now,
    )
    session.add(application)
    await session.flush()
    for kind, due in (("court_filing", filing_due), ("court_ruling", ruling_due)):
        await clocks.open_clock(
            session,
            kind=kind,
            record_type=RECORD_TYPE,
            record_id=application.id,
            due_at=due,
            municipality=application.municipality,
            assignee=application.assignee,
            subject_pseudonym=application.subject_pseudonym,
            case_id=application.case_id,
        )
    await enqueue(
        session,
        CourtApplicationOpenedV1(
            application_id=application.id,
            removal_id=application.removal_id,
            case_id=application.case_id,
            municipality=application.municipality,
            separated_at=application.separated_at,
            opened_at=now,
            filing_due_at=filing_due,
            ruling_due_at=ruling_due,
            subject_pseudonym=application.subject_pseudonym,
        ),
        subject=str(application.id),
        source="court",
    )
    return application


async def list_applications(
    session: AsyncSession,
    principal: Principal,
    *,
    case_id: uuid.UUID | None,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[CustodyApplication], str | None]:
    """The applications the principal may see, newest first: a head all of the municipality's,
    a worker those assigned to them."""
    if principal.municipality is None:
        return [], None
    assignees = None if Role.DEPARTMENT_HEAD in principal.roles else [principal.subject]
    fetched = await repository.page(
        session,
        municipality=principal.municipality,
        assignees=assignees,
        case_id=case_id,
        status=status,
        cursor=cursor,
        limit=limit,
    )
    return await listed_page(
        session, principal, repository.ORDER, fetched, limit, RECORD_TYPE, "court applications"
    )


async def _changing(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID, if_match: str | None
) -> tuple[CustodyApplication, Decision]:
    """The application locked for a change the principal may make, at the version named."""
    application, decision = await load(
        session, principal, CustodyApplication, application_id, Action.UPDATE, for_update=True
    )
    check_version(application.version, if_match)
    return application, decision


async def edit(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    body: ApplicationDraft,
    if_match: str | None,
) -> CustodyApplication:
    """Write parts of the application; a completed one goes back to draft."""
    application, decision = await _changing(session, principal, application_id, if_match)
    if application.status not in EDITABLE:
        raise WrongState(messages.WRONG_STATE, extra={"status": application.status})
    for name, value in body.model_dump(exclude_unset=True, mode="json").items():
        setattr(application, name, value)
    application.status = ApplicationStatus.DRAFT
    application.completed_at = None
    await flush_versioned(session)
    await audit(
        session, principal, application, "update", RECORD_TYPE, "court application", decision
    )
    return application


async def complete(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CustodyApplication:
    application, decision = await _changing(session, principal, application_id, if_match)
    if application.status != ApplicationStatus.DRAFT:
        raise WrongState(messages.WRONG_STATE, extra={"status": application.status})
    missing = missing_fields(application)
    if missing:
        raise RuleViolation(messages.INCOMPLETE, extra={"missing": missing})
    application.status = ApplicationStatus.COMPLETED
    application.completed_at = now or datetime.now(UTC)
    await flush_versioned(session)
    await audit(
        session,
        principal,
        application,
        "update",
        RECORD_TYPE,
        "court application completed",
        decision,
    )
    return application


async def approve(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CustodyApplication:
    """The department head approves a completed application (where the municipality requires
    it)."""
    application, decision = await _changing(session, principal, application_id, if_match)
    if Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted(messages.ONLY_HEAD)
    if not approval_required(application.municipality, get_settings()):
        raise RuleViolation(messages.APPROVAL_NOT_REQUIRED, extra={"field": "status"})
    if application.status != ApplicationStatus.COMPLETED:
        raise WrongState(messages.WRONG_STATE, extra={"status": application.status})
    application.status = ApplicationStatus.APPROVED
    application.approved_by = principal.subject
    application.approved_at = now or datetime.now(UTC)
    await flush_versioned(session)
    await audit(
        session,
        principal,
        application,
        "update",
        RECORD_TYPE,
        "court application approved",
        decision,
    )
    return application


async def assign(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    assignee_username: str,
    if_match: str | None,
) -> CustodyApplication:
    """The department head gives the application to a worker of the municipality."""
    application, decision = await _changing(session, principal, application_id, if_match)
    if Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted(messages.ONLY_HEAD)
    row = await staff.by_username(session, assignee_username)
    if row is None or row.municipality != application.municipality:
        raise RuleViolation(messages.ASSIGNEE_UNKNOWN, extra={"field": "assignee_username"})
    application.assignee = row.subject
    await flush_versioned(session)
    await clocks.follow(session, application.id, assignee=row.subject)
    await audit(
        session,
        principal,
        application,
        "update",
        RECORD_TYPE,
        "court application assigned",
        decision,
    )
    return application


async def file(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CustodyApplication:
    """File the application: record the time, render the PDF, meet the filing clock, tell
    casework (``court_application.filed``)."""
    settings = get_settings()
    now = now or datetime.now(UTC)
    application, decision = await _changing(session, principal, application_id, if_match)
    may_file(application, settings)
    application.status = ApplicationStatus.FILED
    application.filed_at = now
    application.filed_by = principal.subject
    authority = settings.municipality_names.get(
        application.municipality, f"Omavalitsus {application.municipality}"
    )
    application.document = render(application, authority)
    await flush_versioned(session)
    await clocks.meet(session, application.id, ["court_filing"])
    await enqueue(
        session,
        CourtApplicationFiledV1(
            application_id=application.id,
            removal_id=application.removal_id,
            case_id=application.case_id,
            municipality=application.municipality,
            separated_at=application.separated_at,
            filed_at=now,
            filing_due_at=application.filing_due_at,
            ruling_due_at=application.ruling_due_at,
            within_target=now <= application.filing_due_at,
            within_72_hours=now <= application.ruling_due_at,
            head_approved=application.approved_at is not None,
            subject_pseudonym=application.subject_pseudonym,
        ),
        subject=str(application.id),
        source="court",
    )
    await audit(
        session, principal, application, "update", RECORD_TYPE, "court application filed", decision
    )
    return application


async def record_ruling(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    body: Ruling,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CustodyApplication:
    """The court's ruling and its time; published so casework can end a refused separation."""
    now = now or datetime.now(UTC)
    application, decision = await _changing(session, principal, application_id, if_match)
    check_ruling(application, body, now)
    application.status = ApplicationStatus.RULED
    application.ruling_outcome = body.outcome
    application.ruled_at = body.ruled_at
    application.court_case_number = body.court_case_number
    application.ruling_notes = body.notes
    await flush_versioned(session)
    await clocks.meet(session, application.id, ["court_ruling"])
    assert application.filed_at is not None
    await enqueue(
        session,
        CourtRulingRecordedV1(
            application_id=application.id,
            removal_id=application.removal_id,
            case_id=application.case_id,
            municipality=application.municipality,
            outcome=body.outcome,
            separated_at=application.separated_at,
            filed_at=application.filed_at,
            ruled_at=body.ruled_at,
            within_72_hours=body.ruled_at <= application.ruling_due_at,
            subject_pseudonym=application.subject_pseudonym,
        ),
        subject=str(application.id),
        source="court",
    )
    await audit(session, principal, application, "update", RECORD_TYPE, "court ruling", decision)
    return application


async def withdraw(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CustodyApplication:
    """The child went home before the ruling: the application is withdrawn, its clocks stop
    and casework ends the separation (``court_application.withdrawn``)."""
    now = now or datetime.now(UTC)
    application, decision = await _changing(session, principal, application_id, if_match)
    if application.status in (ApplicationStatus.RULED, ApplicationStatus.WITHDRAWN):
        raise WrongState(messages.WRONG_STATE, extra={"status": application.status})
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = now
    await flush_versioned(session)
    await clocks.cancel(session, application.id)
    await enqueue(
        session,
        CourtApplicationWithdrawnV1(
            application_id=application.id,
            removal_id=application.removal_id,
            case_id=application.case_id,
            municipality=application.municipality,
            reason="child_returned_home",
            separated_at=application.separated_at,
            withdrawn_at=now,
            subject_pseudonym=application.subject_pseudonym,
        ),
        subject=str(application.id),
        source="court",
    )
    await audit(
        session, principal, application, "update", RECORD_TYPE, "child returned home", decision
    )
    return application


async def document_of(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> tuple[CustodyApplication, bytes]:
    """The filed application's PDF (a read of personal data, audited)."""
    application, decision = await load(
        session, principal, CustodyApplication, application_id, Action.READ
    )
    if application.filed_at is None:
        raise WrongState(messages.WRONG_STATE, extra={"status": application.status})
    await session.refresh(application, ["document"])
    assert application.document is not None
    await audit(
        session, principal, application, "read", RECORD_TYPE, "court application document", decision
    )
    return application, application.document


async def clocks_of(
    session: AsyncSession, records: Sequence[CustodyApplication]
) -> dict[uuid.UUID, list[Deadline]]:
    rows = await clocks.of_records(session, [r.id for r in records])
    out: dict[uuid.UUID, list[Deadline]] = {r.id: [] for r in records}
    for row in rows:
        out[row.record_id].append(row)
    return out
