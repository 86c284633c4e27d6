"""Service applications and administrative decisions (haldusakt): taking up an application as a
case, granting or refusing a service with its legal basis, reasoning and appeal notice, the PDF
delivered to the addressee, the referral to the provider and the follow-up of its delivery."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import clocks, messages
from heaolu_casework.common.access import (
    APPLICATIONS,
    CasePart,
    audit,
    case_rows,
    in_case,
    load_case,
)
from heaolu_casework.common.assignment import assign
from heaolu_casework.common.cases import check_same_child, open_case, publish, require_open
from heaolu_casework.common.enums import ApplicationStatus, CaseKind
from heaolu_casework.common.models import Case, Person, ServiceApplication
from heaolu_casework.common.repository import CaseRepository
from heaolu_casework.common.schemas import PersonIn
from heaolu_casework.decisions import rules
from heaolu_casework.decisions.document import (
    Addressee,
    challenge_text,
    decision_document,
    is_minor,
)
from heaolu_casework.decisions.models import AdministrativeDecision
from heaolu_casework.decisions.repository import ApplicationRepository, DecisionRepository
from heaolu_casework.decisions.schemas import DecisionIn, Delivery, Provision
from heaolu_casework.settings import get_settings
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import DecisionIssuedV1, ReferralSentV1
from heaolu_shared.contracts.intake import ApplicationReceivedV1
from heaolu_shared.contracts.services import SERVICE_CATALOGUE
from heaolu_shared.documents import render_pdf
from heaolu_shared.errors import Conflict, RuleViolation
from heaolu_shared.guard import Authorized
from heaolu_shared.pagination import Keyset

APPLICATION = "service_application"
DECISION = "administrative_decision"
DECISIONS = in_case(AdministrativeDecision, DECISION, messages.NO_SUCH_DECISION)


async def receive_application(session: AsyncSession, event: ApplicationReceivedV1) -> None:
    """An application from intake (or a consented NGTS handover) joins the municipality's queue,
    with its decision term."""
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
        record_type=APPLICATION,
        record_id=event.application_id,
        due_at=rules.application_due(
            event.received_at,
            event.decision_due_at,
            get_settings().application_decision_working_days,
            default_calendar(),
        ),
        municipality=event.municipality,
        assignee=None,
        subject_pseudonym=event.applicant_pseudonym,
    )


async def assign_application(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    username: str,
    if_match: str | None,
) -> ServiceApplication:
    application = await APPLICATIONS.load(session, application_id)
    decision = await assign(session, principal, application, username, if_match)
    await audit(
        session,
        principal,
        application,
        "update",
        APPLICATION,
        application.id,
        "assignment",
        decision,
    )
    return application


async def open_case_for_application(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    applicant: PersonIn,
    if_match: str | None,
) -> Case:
    """The specialist takes up the application as a social-services case."""
    application = (
        await APPLICATIONS.authorize(
            session, principal, application_id, Action.UPDATE, purpose=None
        )
    ).record
    check_version(application.version, if_match)
    if application.case_id is not None:
        raise Conflict(messages.APPLICATION_HAS_CASE)
    check_same_child(application.applicant_pseudonym, applicant, "applicant")
    case = await open_case(
        session,
        principal,
        municipality=application.municipality,
        kind=CaseKind.SOCIAL_SERVICES,
        child=applicant,
        origin="application",
        assignee=application.assignee or principal.subject,
        application_id=application.id,
    )
    application.case_id, application.status = case.id, ApplicationStatus.IN_CASE
    await flush_versioned(session)
    await clocks.follow(
        session, municipality=case.municipality, assignee=case.assignee, record_id=application.id
    )
    return case


async def _addressees(
    session: AsyncSession, case: Case, requested: Sequence[uuid.UUID], on: date
) -> list[Addressee]:
    """Whom the decision is addressed to: the persons named (each a person of the case), by
    default the client; a minor's decision goes to their legal representatives as well."""
    repository = CaseRepository(session)
    client = await session.get(Person, case.child_id)
    assert client is not None
    wanted = list(dict.fromkeys(requested)) or [case.child_id]
    people: list[Addressee] = []
    for person_id in wanted:
        person = await session.get(Person, person_id)
        if person is None or not await repository.takes_part(case.id, person_id):
            raise RuleViolation(
                messages.ADDRESSEE_NOT_OF_CASE, extra={"field": "addressee_person_ids"}
            )
        people.append(Addressee(person, representative=False))
    if any(a.person.id == client.id for a in people) and is_minor(client, on):
        representatives = await repository.representatives(case.id)
        if not representatives:
            raise RuleViolation(
                messages.MINOR_NEEDS_REPRESENTATIVE, extra={"field": "addressee_person_ids"}
            )
        people = [a for a in people if a.person.id != client.id]
        known = {a.person.id for a in people}
        people += [Addressee(p, True) for p in representatives if p.id not in known]
    return people


async def _application_of(
    session: AsyncSession, case: Case, application_id: uuid.UUID | None
) -> ServiceApplication | None:
    if application_id is None:
        return None
    application = await ApplicationRepository(session).get_for_update(application_id)
    if application is None or application.case_id != case.id:
        raise RuleViolation(messages.APPLICATION_NOT_OF_CASE, extra={"field": "application_id"})
    if application.status == ApplicationStatus.DECIDED:
        raise Conflict(messages.APPLICATION_ALREADY_DECIDED)
    return application


async def issue_decision(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: DecisionIn
) -> AdministrativeDecision:
    """Issue the decision, render its document, announce it, and refer a granted service to
    its provider."""
    case, access = await load_case(session, principal, case_id, Action.UPDATE, for_update=True)
    require_open(case)
    if body.service_code not in SERVICE_CATALOGUE:
        raise RuleViolation(
            messages.NO_SUCH_SERVICE,
            extra={"field": "service_code", "allowed": sorted(SERVICE_CATALOGUE)},
        )
    now = datetime.now(UTC)
    requested = body.addressee_person_ids or (
        [body.addressee_person_id] if body.addressee_person_id else []
    )
    addressees = await _addressees(
        session, case, requested, now.astimezone(default_calendar().tz).date()
    )
    application = await _application_of(session, case, body.application_id)
    count = await DecisionRepository(session).count_in_case(case.id)
    granted = body.outcome == "granted"
    decision = AdministrativeDecision(
        id=uuid.uuid4(),
        number=f"{case.number}/O{count + 1}",
        case_id=case.id,
        application_id=body.application_id,
        addressee_id=addressees[0].person.id,
        service_code=body.service_code,
        outcome=body.outcome,
        legal_basis=body.legal_basis,
        reasoning=body.reasoning,
        appeal_notice=body.appeal_notice or challenge_text(body.language, case.municipality),
        provider_code=body.provider_code if granted else None,
        provider_name=body.provider_name if granted else None,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        issued_at=now,
        issued_by=principal.subject,
        provision_status="pending" if granted else None,
    )
    decision.document = render_pdf(
        decision_document(
            decision,
            case,
            addressees,
            official=principal.name or principal.username or principal.subject,
            language=body.language,
        )
    )
    session.add(decision)
    if application is not None:
        application.status = ApplicationStatus.DECIDED
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
    if granted:
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
        DECISION,
        decision.id,
        f"decision: {body.outcome}",
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


async def _changed(
    session: AsyncSession, principal: Principal, decision_id: uuid.UUID, if_match: str | None
) -> Authorized[CasePart[AdministrativeDecision]]:
    access = await DECISIONS.authorize(session, principal, decision_id, Action.UPDATE, purpose=None)
    check_version(access.record.row.version, if_match)
    return access


async def record_delivery(
    session: AsyncSession,
    principal: Principal,
    decision_id: uuid.UUID,
    body: Delivery,
    if_match: str | None,
) -> AdministrativeDecision:
    """The decision reached its addressee (the appeal term runs from here)."""
    access = await _changed(session, principal, decision_id, if_match)
    decision, case = access.record.row, access.record.case
    if body.delivered_at < decision.issued_at:
        raise RuleViolation(messages.DELIVERED_BEFORE_ISSUED, extra={"field": "delivered_at"})
    decision.delivered_at, decision.delivery_channel = body.delivered_at, body.channel
    await flush_versioned(session)
    await audit(
        session, principal, case, "update", DECISION, decision.id, "delivery", access.decision
    )
    return decision


async def record_provision(
    session: AsyncSession,
    principal: Principal,
    decision_id: uuid.UUID,
    body: Provision,
    if_match: str | None,
) -> AdministrativeDecision:
    """Follow-up of a granted service: the provider started, delivered, ended or did not start."""
    access = await _changed(session, principal, decision_id, if_match)
    decision, case = access.record.row, access.record.case
    if decision.outcome != "granted":
        raise Conflict(messages.REFUSED_HAS_NO_PROVISION)
    rules.check_provision(decision.provision_status, body.status)
    decision.provision_status, decision.provision_note = body.status, body.note
    decision.provision_updated_at = datetime.now(UTC)
    await flush_versioned(session)
    await audit(
        session,
        principal,
        case,
        "update",
        DECISION,
        decision.id,
        f"provision: {body.status}",
        access.decision,
    )
    return decision
