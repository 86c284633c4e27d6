"""Service applications and administrative decisions (haldusakt): granting or refusing a
service with its legal basis, reasoning and appeal notice, the PDF delivered to the addressee,
the referral to the provider and the follow-up of the provider's delivery."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import deadlines as clocks
from heaolu_casework.cases import (
    _check_same_child,
    audit,
    case_rows,
    load_case,
    open_case,
    publish,
    require_open,
)
from heaolu_casework.models import (
    AdministrativeDecision,
    Case,
    Person,
    ServiceApplication,
)
from heaolu_casework.repository import ApplicationRepository, CaseRepository
from heaolu_casework.schemas import DecisionIn, Delivery, PersonIn, Provision
from heaolu_casework.service import SERVICE, access_context, assign
from heaolu_casework.settings import get_settings
from heaolu_shared.access import Action, Decision, Domain, RecordScope, require
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import DecisionIssuedV1, ReferralSentV1
from heaolu_shared.contracts.intake import ApplicationReceivedV1
from heaolu_shared.documents import Document, Section, render_pdf
from heaolu_shared.errors import Conflict, ResourceNotFound, RuleViolation
from heaolu_shared.pagination import Keyset

OUTCOME_ET = {"granted": "rahuldada", "refused": "jätta rahuldamata"}


# --- applications ----------------------------------------------------------------------------


async def receive_application(session: AsyncSession, event: ApplicationReceivedV1) -> None:
    """An application from intake joins the municipality's queue, with its decision term."""
    inserted = await ApplicationRepository(session).add_pending_once(
        application_id=event.application_id,
        municipality=event.municipality,
        service_code=event.service_code,
        applicant_pseudonym=event.applicant_pseudonym,
        received_at=event.received_at,
    )
    if not inserted:
        return
    await clocks.open_clock(
        session,
        kind="application_decision",
        record_type="service_application",
        record_id=event.application_id,
        due_at=default_calendar().add_working_days_deadline(
            event.received_at, get_settings().application_decision_working_days
        ),
        municipality=event.municipality,
        assignee=None,
        subject_pseudonym=event.applicant_pseudonym,
    )


def application_scope(application: ServiceApplication) -> RecordScope:
    return RecordScope(
        domain=Domain.SOCIAL_SERVICES,
        municipality=application.municipality,
        assignee=application.assignee,
        subject_pseudonym=application.applicant_pseudonym,
        record_id=str(application.id),
    )


async def _application(session: AsyncSession, application_id: uuid.UUID) -> ServiceApplication:
    application = await session.get(ServiceApplication, application_id)
    if application is None:
        raise ResourceNotFound("no such application / sellist taotlust pole")
    return application


async def _audit_application(
    session: AsyncSession,
    principal: Principal,
    application: ServiceApplication,
    action: str,
    purpose: str,
    decision: Decision,
) -> None:
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="service_application",
        record_id=str(application.id),
        subject_pseudonym=application.applicant_pseudonym,
        purpose=purpose,
        decision=decision,
    )


async def read_application(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> ServiceApplication:
    application = await _application(session, application_id)
    decision = require(
        principal,
        Action.READ,
        application_scope(application),
        await access_context(session, principal),
    )
    await _audit_application(
        session, principal, application, "read", "service application", decision
    )
    return application


async def assign_application(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    username: str,
    if_match: str | None,
) -> ServiceApplication:
    application = await _application(session, application_id)
    decision = await assign(
        session, principal, application, application_scope(application), username, if_match
    )
    await _audit_application(session, principal, application, "update", "assignment", decision)
    return application


async def open_case_for_application(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    applicant: PersonIn,
    if_match: str | None,
) -> Case:
    """The specialist takes up the application as a social-services case."""
    application = await _application(session, application_id)
    require(
        principal,
        Action.UPDATE,
        application_scope(application),
        await access_context(session, principal),
    )
    check_version(application.version, if_match)
    if application.case_id is not None:
        raise Conflict("the application already has a case")
    _check_same_child(application.applicant_pseudonym, applicant, "applicant")
    case = await open_case(
        session,
        principal,
        municipality=application.municipality,
        kind="social_services",
        child=applicant,
        origin="application",
        assignee=application.assignee or principal.subject,
        application_id=application.id,
    )
    application.case_id, application.status = case.id, "in_case"
    await flush_versioned(session)
    await clocks.follow(
        session, municipality=case.municipality, assignee=case.assignee, record_id=application.id
    )
    return case


# --- decisions -------------------------------------------------------------------------------


def _document(decision: AdministrativeDecision, case: Case, addressee: Person) -> Document:
    granted = decision.outcome == "granted"
    period = ""
    if decision.starts_on:
        period = f"\nAlates {decision.starts_on:%d.%m.%Y}" + (
            f" kuni {decision.ends_on:%d.%m.%Y}" if decision.ends_on else ""
        )
    sections = [
        Section(
            "Adressaat",
            f"{addressee.given_name} {addressee.family_name}"
            + (f", isikukood {addressee.personal_code}" if addressee.personal_code else "")
            + (f"\n{addressee.address}" if addressee.address else ""),
        ),
        Section(
            "Otsus",
            f"Teenuse {decision.service_code} taotlus {OUTCOME_ET[decision.outcome]}.{period}",
        ),
        Section("Õiguslik alus", decision.legal_basis),
        Section("Põhjendus", decision.reasoning),
    ]
    if granted:
        sections.append(
            Section("Teenuse osutaja", f"{decision.provider_name} ({decision.provider_code})")
        )
    sections += [
        Section("Vaidlustamine", decision.appeal_notice),
        Section("Juhtum", f"{case.number}, omavalitsus {case.municipality}"),
    ]
    return Document(
        title="Haldusakt: otsus sotsiaalteenuse kohta",
        reference=decision.number,
        issued_at=decision.issued_at.astimezone(default_calendar().tz),
        sections=sections,
    )


async def issue_decision(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: DecisionIn
) -> AdministrativeDecision:
    """Issue the decision, render its document, announce it, and refer a granted service to
    its provider."""
    case, access = await load_case(session, principal, case_id, Action.UPDATE, for_update=True)
    require_open(case)
    addressee_id = body.addressee_person_id or case.child_id
    repository = CaseRepository(session)
    addressee = await session.get(Person, addressee_id)
    if addressee is None or not await repository.takes_part(case.id, addressee_id):
        raise RuleViolation(
            "the addressee is not a person of this case", extra={"field": "addressee_person_id"}
        )
    application: ServiceApplication | None = None
    if body.application_id:
        application = await session.get(
            ServiceApplication, body.application_id, with_for_update=True
        )
        if application is None or application.case_id != case.id:
            raise RuleViolation(
                "the application is not this case's", extra={"field": "application_id"}
            )
        if application.status == "decided":
            raise Conflict("the application is already decided")
    count = await repository.count(AdministrativeDecision, case.id)
    now = datetime.now(UTC)
    decision = AdministrativeDecision(
        id=uuid.uuid4(),
        number=f"{case.number}/O{count + 1}",
        case_id=case.id,
        application_id=body.application_id,
        addressee_id=addressee_id,
        service_code=body.service_code,
        outcome=body.outcome,
        legal_basis=body.legal_basis,
        reasoning=body.reasoning,
        appeal_notice=body.appeal_notice,
        provider_code=body.provider_code if body.outcome == "granted" else None,
        provider_name=body.provider_name if body.outcome == "granted" else None,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        issued_at=now,
        issued_by=principal.subject,
        provision_status="pending" if body.outcome == "granted" else None,
    )
    decision.document = render_pdf(_document(decision, case, addressee))
    session.add(decision)
    if application is not None:
        application.status = "decided"
        await clocks.meet(session, application.id)
    await session.flush()
    await publish(
        session,
        DecisionIssuedV1(
            decision_id=decision.id,
            case_id=case.id,
            municipality=case.municipality,
            service_code=body.service_code,
            outcome=body.outcome,
            issued_at=now,
            application_id=body.application_id,
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    if body.outcome == "granted":
        assert body.provider_code is not None
        await publish(
            session,
            ReferralSentV1(
                referral_id=decision.id,
                municipality=case.municipality,
                provider_code=body.provider_code,
                service_code=body.service_code,
                starts_on=body.starts_on,
                subject_pseudonym=case.subject_pseudonym,
            ),
            decision.id,
        )
    await audit(
        session,
        principal,
        case,
        "create",
        "administrative_decision",
        decision.id,
        f"decision: {body.outcome}",
        access,
    )
    return decision


async def _load_decision(
    session: AsyncSession, principal: Principal, decision_id: uuid.UUID, action: Action
) -> tuple[AdministrativeDecision, Case, Decision]:
    decision = await session.get(AdministrativeDecision, decision_id)
    if decision is None:
        raise ResourceNotFound("no such decision / sellist otsust pole")
    case, access = await load_case(session, principal, decision.case_id, action)
    return decision, case, access


async def read_decision(
    session: AsyncSession, principal: Principal, decision_id: uuid.UUID, *, document: bool = False
) -> AdministrativeDecision:
    decision, case, access = await _load_decision(session, principal, decision_id, Action.READ)
    await audit(
        session,
        principal,
        case,
        "read",
        "administrative_decision",
        decision.id,
        "decision document" if document else "decision",
        access,
    )
    return decision


DECISION_ORDER: Keyset[AdministrativeDecision] = Keyset(
    columns=(AdministrativeDecision.issued_at, AdministrativeDecision.id),
    types=(datetime, uuid.UUID),
    key=lambda d: (d.issued_at, d.id),
)


async def case_decisions(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[AdministrativeDecision], str | None]:
    return await case_rows(
        session, principal, case_id, AdministrativeDecision, DECISION_ORDER, "decisions", **page
    )


async def record_delivery(
    session: AsyncSession,
    principal: Principal,
    decision_id: uuid.UUID,
    body: Delivery,
    if_match: str | None,
) -> AdministrativeDecision:
    """The decision reached its addressee (the appeal term runs from here)."""
    decision, case, access = await _load_decision(session, principal, decision_id, Action.UPDATE)
    check_version(decision.version, if_match)
    if body.delivered_at < decision.issued_at:
        raise RuleViolation("delivered before it was issued", extra={"field": "delivered_at"})
    decision.delivered_at, decision.delivery_channel = body.delivered_at, body.channel
    await flush_versioned(session)
    await audit(
        session,
        principal,
        case,
        "update",
        "administrative_decision",
        decision.id,
        "delivery",
        access,
    )
    return decision


PROVISION_FLOW = {
    "pending": {"started", "not_started"},
    "started": {"delivered", "ended"},
    "delivered": {"ended"},
    "not_started": {"started"},
}


async def record_provision(
    session: AsyncSession,
    principal: Principal,
    decision_id: uuid.UUID,
    body: Provision,
    if_match: str | None,
) -> AdministrativeDecision:
    """Follow-up of a granted service: the provider started, delivered, ended or did not start."""
    decision, case, access = await _load_decision(session, principal, decision_id, Action.UPDATE)
    check_version(decision.version, if_match)
    if decision.outcome != "granted":
        raise Conflict("a refused service has no provision to follow")
    allowed = PROVISION_FLOW.get(decision.provision_status or "", set())
    if body.status not in allowed:
        raise RuleViolation(
            f"provision cannot go from {decision.provision_status} to {body.status}",
            extra={"field": "status", "allowed": sorted(allowed)},
        )
    decision.provision_status, decision.provision_note = body.status, body.note
    decision.provision_updated_at = datetime.now(UTC)
    await flush_versioned(session)
    await audit(
        session,
        principal,
        case,
        "update",
        "administrative_decision",
        decision.id,
        f"provision: {body.status}",
        access,
    )
    return decision
