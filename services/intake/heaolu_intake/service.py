"""Intake's rules: receiving, validating, routing, linking and protecting reports; applications."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.messages import NOT_A_CHILD, NOT_A_CHILD_TITLE
from heaolu_intake.models import Report, ServiceApplication, Substitution
from heaolu_intake.register import PopulationRegister
from heaolu_intake.repository import (
    ApplicationRepository,
    ReportRepository,
    SubstitutionRepository,
)
from heaolu_intake.schemas import ReportCreate, ServiceApplicationCreate
from heaolu_shared import staff
from heaolu_shared.access import (
    AccessContext,
    Action,
    Decision,
    Domain,
    RecordScope,
    decide,
    require,
)
from heaolu_shared.access import Substitution as SubstitutionWindow
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.bands import AgeBand, age_band
from heaolu_shared.contracts.casework import (
    AssignmentChangedV1,
    DecisionIssuedV1,
    SubstitutionEndedV1,
    SubstitutionRecordedV1,
)
from heaolu_shared.contracts.intake import (
    ApplicationReceivedV1,
    ReportAssignedV1,
    ReportLinkedV1,
    ReportReceivedV2,
    ReportRoutedV1,
)
from heaolu_shared.contracts.services import SERVICE_CATALOGUE as SERVICES
from heaolu_shared.errors import NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.idempotency import IdempotencyConflict
from heaolu_shared.outbox import enqueue
from heaolu_shared.pseudonym import birth_date_of, pseudonymize
from heaolu_shared.roles import Role
from heaolu_shared.sealing import Sealer

SERVICE = "intake"
ANONYMOUS = "anonymous"
TALLINN = ZoneInfo("Europe/Tallinn")
ADULT_AGE = 18
ON_BEHALF_ROLES = frozenset(
    {
        Role.CHILD_PROTECTION_WORKER,
        Role.SOCIAL_SERVICES_SPECIALIST,
        Role.DEPARTMENT_HEAD,
        Role.SKA_COUNSELLOR,
    }
)
SERVICE_CATALOGUE: dict[str, str] = {
    code: f"{labels['et']} / {labels['en']}" for code, labels in SERVICES.items()
}
"""The social services one may apply for, as the catalogue endpoint shows them."""


class NotAChild(RuleViolation):
    slug, title = "not-a-child", NOT_A_CHILD_TITLE


class CannotRoute(RuleViolation):
    slug = "cannot-route"


@dataclass(frozen=True)
class Keys:
    """The secrets intake works with."""

    pseudonym_key: str
    sealer: Sealer


def _hash(model: ReportCreate | ServiceApplicationCreate) -> str:
    return hashlib.sha256(model.model_dump_json().encode()).hexdigest()


def _receipt_number() -> str:
    raw = secrets.token_hex(6).upper()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _age_band(report: Report, on: datetime) -> AgeBand | None:
    """The child's age band for the events (reporting and the SKA feed never see the birth date)."""
    code = report.child_personal_code
    birth = birth_date_of(code) if code else report.child_birth_date
    return age_band(birth, on.astimezone(TALLINN).date()) if birth else None


def _refuse_adults(data: ReportCreate, today: date) -> None:
    birth = (
        birth_date_of(data.child.personal_code)
        if data.child.personal_code
        else data.child.birth_date
    )
    if birth is not None and age_on(birth, today) >= ADULT_AGE:
        raise NotAChild(NOT_A_CHILD, extra={"field": "child"})


def _idempotent_replay(existing: Report | ServiceApplication | None, request_hash: str) -> bool:
    if existing is None:
        return False
    if existing.request_hash != request_hash:
        raise IdempotencyConflict(
            "this Idempotency-Key was used for a different request / võti on juba kasutatud"
        )
    return True


def _reporter_identity(data: ReportCreate, reporter: Principal | None) -> dict[str, object] | None:
    identity: dict[str, object] = (
        data.reporter.model_dump(exclude_none=True) if data.reporter else {}
    )
    if reporter is not None and not (reporter.roles & ON_BEHALF_ROLES):
        identity |= {"account": reporter.subject, "username": reporter.username}
    return identity or None


async def receive_report(
    session: AsyncSession,
    data: ReportCreate,
    reporter: Principal | None,
    *,
    keys: Keys,
    register: PopulationRegister,
    idempotency_key: str | None,
) -> tuple[Report, bool]:
    """Store, route, link and announce a report; ``(report, created)`` — a replay is not created."""
    repo = ReportRepository(session)
    creator = reporter.subject if reporter else ANONYMOUS
    request_hash = _hash(data)
    if idempotency_key:
        existing = await repo.by_idempotency_key(creator, idempotency_key)
        if _idempotent_replay(existing, request_hash):
            assert existing is not None
            return existing, False
    now = datetime.now(UTC)
    _refuse_adults(data, now.astimezone(TALLINN).date())
    code = data.child.personal_code
    pseudonym = pseudonymize(code, keys.pseudonym_key) if code else None
    residence = await register.residence_of(code) if code else None
    if residence:
        municipality, basis = residence, "residence"
    elif data.location.municipality:
        municipality, basis = data.location.municipality, "location"
    else:
        municipality, basis = None, "ska_triage"
    thread = await repo.open_thread_for(pseudonym) if pseudonym else None
    urgent = data.need_level == "in_danger"
    entered_on_behalf = reporter is not None and bool(reporter.roles & ON_BEHALF_ROLES)
    report = Report(
        id=uuid.uuid4(),
        receipt_number=_receipt_number(),
        municipality=thread.municipality if thread else municipality,
        routing_basis=basis,
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
        created_by=creator,
        entered_by=reporter.subject if entered_on_behalf and reporter else None,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        received_at=now,
    )
    identity = _reporter_identity(data, reporter)
    if identity is not None:
        report.reporter_sealed = keys.sealer.seal(
            json.dumps(identity, ensure_ascii=False).encode(), str(report.id)
        )
    try:
        async with session.begin_nested():
            await repo.add(report)
    except IntegrityError:
        # The same key raced in from a retry that committed first: answer as a replay.
        if idempotency_key is None:
            raise
        session.expunge(report)
        existing = await repo.by_idempotency_key(creator, idempotency_key)
        if _idempotent_replay(existing, request_hash):
            assert existing is not None
            return existing, False
        raise
    await record_access(
        session,
        reporter,
        service=SERVICE,
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
                age_band=_age_band(report, now),
                concern_category=report.concern_category,
                child_name=report.child_name,
            ),
            subject=str(report.id),
        )
    return report, True


def scope(report: Report, assignee: str | None = None) -> RecordScope:
    """The report's scope; a linked report is handled by whoever handles its thread."""
    return RecordScope(
        domain=Domain.CHILD_PROTECTION,
        municipality=report.municipality,
        assignee=assignee if report.linked_to is not None else report.assignee,
        subject_pseudonym=report.child_pseudonym,
        record_id=str(report.id),
    )


async def handler_of(session: AsyncSession, report: Report) -> str | None:
    """The worker handling the report: its own assignee, or its thread's."""
    if report.linked_to is None:
        return report.assignee
    thread = await ReportRepository(session).get(report.linked_to)
    return thread.assignee if thread is not None else None


async def sees_channel(session: AsyncSession, principal: Principal, report: Report) -> bool:
    """How a report came in characterises its reporter: only its handling worker sees it."""
    return await handler_of(session, report) == principal.subject


async def report_scope(session: AsyncSession, report: Report) -> RecordScope:
    return scope(report, await handler_of(session, report))


def _ctx() -> AccessContext:
    return AccessContext(now=datetime.now(UTC))


async def access_context(session: AsyncSession, principal: Principal) -> AccessContext:
    """The time and the substitution windows (from casework's events) in which the principal
    acts for an absent colleague."""
    windows = [
        SubstitutionWindow(s.absent, s.substitute, s.municipality, s.starts_at, s.ends_at)
        for s in await SubstitutionRepository(session).for_substitute(principal.subject)
    ]
    return AccessContext(now=datetime.now(UTC), substitutions=windows)


async def _get(session: AsyncSession, report_id: uuid.UUID) -> Report:
    report = await ReportRepository(session).get(report_id)
    if report is None:
        raise ResourceNotFound("no such report / sellist teadet pole")
    return report


async def read_report(
    session: AsyncSession, principal: Principal, report_id: uuid.UUID
) -> tuple[Report, bool]:
    """The report and whether the caller may see it whole (else only its receipt)."""
    report = await _get(session, report_id)
    decision = decide(
        principal,
        Action.READ,
        await report_scope(session, report),
        await access_context(session, principal),
    )
    if decision.allowed:
        await _audit(session, principal, report, "read", "intake", decision)
        return report, True
    receipt = RecordScope(Domain.RECEIPT, report.municipality, assignee=report.created_by)
    require(principal, Action.READ, receipt, _ctx())
    return report, False


def receipt_status(report: Report) -> str:
    return "being_handled" if report.assignee or report.status != "received" else "received"


async def receipt_by_number(session: AsyncSession, receipt_number: str) -> Report:
    report = await ReportRepository(session).by_receipt(receipt_number)
    if report is None:
        raise ResourceNotFound("no report with this receipt number / sellise numbriga teadet pole")
    return report


async def queue(
    session: AsyncSession,
    principal: Principal,
    *,
    ska_triage: bool,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[Report]:
    """The municipality's incoming reports (or SKA's triage queue), newest first."""
    municipality = None if ska_triage else principal.municipality
    if not ska_triage and municipality is None:
        raise NotPermitted("the intake queue is for a municipality's workers")
    head = decide(
        principal, Action.LIST, RecordScope(Domain.CHILD_PROTECTION, municipality), _ctx()
    ).allowed
    if not head and ska_triage:
        raise NotPermitted("SKA's triage queue is for SKA's counsellors")
    rows = await ReportRepository(session).queue(
        municipality, assignee=None if head else principal.subject, after=after, limit=limit
    )
    visible = [r for r in rows if decide(principal, Action.LIST, scope(r), _ctx()).allowed]
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="list",
        record_type="report_list",
        record_id=f"municipality:{municipality or 'ska_triage'}",
        subject_pseudonym=None,
        purpose="intake queue",
    )
    return visible


async def assign(
    session: AsyncSession,
    principal: Principal,
    report_id: uuid.UUID,
    *,
    assignee_username: str,
    if_match: str | None,
) -> Report:
    """The department head assigns a report to a worker of the municipality."""
    report = await _get(session, report_id)
    if Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted("reports are assigned by the department head")
    decision = require(principal, Action.UPDATE, scope(report), _ctx())
    check_version(report.version, if_match)
    worker = await staff.by_username(session, assignee_username)
    if worker is None or worker.municipality != report.municipality:
        raise RuleViolation(
            "the assignee must be a worker of the report's municipality / "
            "vastutaja peab olema sama omavalitsuse töötaja",
            extra={"field": "assignee_username"},
        )
    now = datetime.now(UTC)
    report.assignee, report.assigned_at = worker.subject, now
    await flush_versioned(session)
    await _audit(session, principal, report, "update", "assignment", decision)
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


async def _audit(
    session: AsyncSession,
    principal: Principal,
    report: Report,
    action: str,
    purpose: str,
    decision: Decision | None,
    record_type: str = "report",
    *,
    withheld_from_subject: bool = False,
) -> None:
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type=record_type,
        record_id=str(report.id),
        subject_pseudonym=report.child_pseudonym,
        purpose=purpose,
        decision=decision,
        withheld_from_subject=withheld_from_subject,
    )


async def reroute(
    session: AsyncSession,
    principal: Principal,
    report_id: uuid.UUID,
    *,
    municipality: str,
    if_match: str | None,
) -> Report:
    """Send a report to another municipality: an explicit, audited action."""
    report = await _get(session, report_id)
    decision = require(principal, Action.UPDATE, scope(report), _ctx())
    if report.municipality is not None and Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted("a report is re-routed by its municipality's department head")
    if municipality == report.municipality:
        raise RuleViolation("the report is already there", extra={"field": "municipality"})
    check_version(report.version, if_match)
    previous = report.municipality
    report.municipality = municipality
    report.routing_basis = "reroute"
    report.assignee = None
    await flush_versioned(session)
    await _audit(session, principal, report, "update", "re-routing", decision)
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
            age_band=_age_band(report, report.received_at),
            concern_category=report.concern_category,
            child_name=report.child_name,
        ),
        subject=str(report.id),
    )
    return report


async def reveal_reporter(
    session: AsyncSession, principal: Principal, report_id: uuid.UUID, sealer: Sealer
) -> dict[str, object]:
    """The reporter's identity, for the report's assigned worker only; audited."""
    report = await _get(session, report_id)
    handler = await handler_of(session, report)
    if handler is None or handler != principal.subject:
        raise NotPermitted(
            "only the worker assigned to the report may see who reported / "
            "teataja isikut näeb ainult vastutav töötaja"
        )
    require(principal, Action.READ, scope(report, handler), _ctx())
    # That there is a reporter to reveal is itself about the reporter: not in the family's log.
    await _audit(
        session,
        principal,
        report,
        "reveal",
        "reporter identity revealed",
        None,
        "report_reporter",
        withheld_from_subject=True,
    )
    if report.reporter_sealed is None:
        return {"anonymous": True}
    identity: dict[str, object] = json.loads(sealer.open(report.reporter_sealed, str(report.id)))
    return identity


async def apply_for_service(
    session: AsyncSession,
    principal: Principal,
    data: ServiceApplicationCreate,
    *,
    keys: Keys,
    register: PopulationRegister,
    idempotency_key: str | None,
    decision_working_days: int = 10,
) -> tuple[ServiceApplication, bool]:
    """A citizen applies for themselves, or a worker for someone; routed by residence."""
    if data.service_code not in SERVICE_CATALOGUE:
        raise RuleViolation(
            "no such service in the catalogue / sellist teenust pole: "
            + ", ".join(sorted(SERVICE_CATALOGUE)),
            extra={"field": "service_code"},
        )
    if Role.CITIZEN in principal.roles and principal.personal_code:
        code = principal.personal_code.removeprefix("EE")
    elif principal.roles & ON_BEHALF_ROLES and data.applicant_personal_code:
        code = data.applicant_personal_code
    else:
        raise RuleViolation(
            "name the applicant's personal code / lisage taotleja isikukood",
            extra={"field": "applicant_personal_code"},
        )
    repo = ApplicationRepository(session)
    request_hash = _hash(data)
    if idempotency_key:
        existing = await repo.by_idempotency_key(principal.subject, idempotency_key)
        if _idempotent_replay(existing, request_hash):
            assert existing is not None
            return existing, False
    residence = await register.residence_of(code)
    municipality = residence or data.municipality or principal.municipality
    if municipality is None:
        raise CannotRoute(
            "the applicant's municipality is unknown; name it / märkige omavalitsus",
            extra={"field": "municipality"},
        )
    now = datetime.now(UTC)
    due_at = default_calendar().add_working_days_deadline(now, decision_working_days)
    application = await repo.add(
        ServiceApplication(
            id=uuid.uuid4(),
            service_code=data.service_code,
            municipality=municipality,
            routing_basis="residence" if residence else "stated",
            applicant_personal_code=code,
            applicant_pseudonym=pseudonymize(code, keys.pseudonym_key),
            description=data.description,
            created_by=principal.subject,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
            received_at=now,
            decision_due_at=due_at,
            status="received",
        )
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="create",
        record_type="service_application",
        record_id=str(application.id),
        subject_pseudonym=application.applicant_pseudonym,
        purpose="application received",
    )
    await enqueue(
        session,
        ApplicationReceivedV1(
            application_id=application.id,
            service_code=application.service_code,
            municipality=municipality,
            applicant_pseudonym=application.applicant_pseudonym,
            received_at=now,
            decision_due_at=due_at,
        ),
        subject=str(application.id),
    )
    return application, True


def application_scope(application: ServiceApplication) -> RecordScope:
    return RecordScope(
        domain=Domain.SOCIAL_SERVICES,
        municipality=application.municipality,
        assignee=application.assignee,
        subject_pseudonym=application.applicant_pseudonym,
        record_id=str(application.id),
    )


async def read_application(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> ServiceApplication:
    """The whole application (applicant, what was asked) for the specialist handling it, their
    substitute or the department head; audited."""
    application = await ApplicationRepository(session).get(application_id)
    if application is None:
        raise ResourceNotFound("no such application / sellist taotlust pole")
    decision = require(
        principal,
        Action.READ,
        application_scope(application),
        await access_context(session, principal),
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="read",
        record_type="service_application",
        record_id=str(application.id),
        subject_pseudonym=application.applicant_pseudonym,
        purpose="service application",
        decision=decision,
    )
    return application


async def my_applications(
    session: AsyncSession,
    principal: Principal,
    *,
    pseudonym_key: str,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[ServiceApplication]:
    """A citizen's own applications with their status and term (audited as a read of their
    own data)."""
    if Role.CITIZEN not in principal.roles:
        raise NotPermitted(
            "this list is for a signed-in citizen / nimekiri on sisseloginud kodanikule"
        )
    code = principal.personal_code.removeprefix("EE") if principal.personal_code else None
    own = pseudonymize(code, pseudonym_key) if code else None
    rows = await ApplicationRepository(session).of_applicant(
        principal.subject, own, after=after, limit=limit
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="list",
        record_type="service_application_list",
        record_id="own",
        subject_pseudonym=own,
        purpose="own applications",
    )
    return rows


# --- what intake follows from casework --------------------------------------------------------


async def follow_assignment(session: AsyncSession, event: AssignmentChangedV1) -> None:
    """Casework (re)assigned the record behind a report thread or an application: intake's
    access follows, unless intake holds a later assignment already."""
    record: Report | ServiceApplication | None
    if event.intake_record == "report":
        record = await ReportRepository(session).get(event.intake_record_id)
    else:
        record = await ApplicationRepository(session).get(event.intake_record_id)
    if record is None:
        return
    if record.assigned_at is not None and record.assigned_at > event.changed_at:
        return
    record.assignee, record.assigned_at = event.assignee, event.changed_at
    if isinstance(record, ServiceApplication) and record.status != "decided":
        record.status = "being_handled" if event.assignee else "received"
    await session.flush()


async def follow_substitution(session: AsyncSession, event: SubstitutionRecordedV1) -> None:
    await SubstitutionRepository(session).upsert(
        Substitution(
            id=event.substitution_id,
            municipality=event.municipality,
            absent=event.absent,
            substitute=event.substitute,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
        )
    )


async def end_substitution(session: AsyncSession, event: SubstitutionEndedV1) -> None:
    substitution = await SubstitutionRepository(session).get(event.substitution_id)
    if substitution is not None and event.ended_at < substitution.ends_at:
        substitution.ends_at = max(event.ended_at, substitution.starts_at)
        await session.flush()


async def follow_decision(session: AsyncSession, event: DecisionIssuedV1) -> None:
    """A decision on an application: the applicant sees it decided, and how."""
    if event.application_id is None:
        return
    application = await ApplicationRepository(session).get(event.application_id)
    if application is not None:
        application.status, application.outcome = "decided", event.outcome
        await session.flush()
