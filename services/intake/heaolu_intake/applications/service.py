"""Applications for social services: a citizen applies for themselves or a worker for someone;
routed like a report; the specialist handling it reads it; the applicant follows its status."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.applications.models import ServiceApplication
from heaolu_intake.applications.repository import ApplicationRepository
from heaolu_intake.applications.rules import (
    applicant_code,
    decision_due,
    destination,
    require_catalogued,
)
from heaolu_intake.applications.schemas import ServiceApplicationCreate
from heaolu_intake.common import messages
from heaolu_intake.common.access import SERVICE, access_context
from heaolu_intake.common.keys import Keys
from heaolu_intake.common.register import PopulationRegister
from heaolu_shared.access import Domain, RecordScope
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.contracts.casework import AssignmentChangedV1, DecisionIssuedV1
from heaolu_shared.contracts.intake import ApplicationReceivedV1
from heaolu_shared.errors import NotPermitted
from heaolu_shared.guard import Guard
from heaolu_shared.outbox import enqueue
from heaolu_shared.pseudonym import pseudonymize
from heaolu_shared.roles import Role


def application_scope(application: ServiceApplication) -> RecordScope:
    return RecordScope(
        domain=Domain.SOCIAL_SERVICES,
        municipality=application.municipality,
        assignee=application.assignee,
        subject_pseudonym=application.applicant_pseudonym,
        record_id=str(application.id),
    )


async def _scopes(session: AsyncSession, application: ServiceApplication) -> list[RecordScope]:
    return [application_scope(application)]


async def _load(
    session: AsyncSession, application_id: uuid.UUID, lock: bool
) -> ServiceApplication | None:
    return await session.get(ServiceApplication, application_id, with_for_update=lock)


APPLICATIONS = Guard[ServiceApplication](
    service=SERVICE,
    record_type="service_application",
    load_record=_load,
    scopes=_scopes,
    subject=lambda application: application.applicant_pseudonym,
    record_id=lambda application: str(application.id),
    context=access_context,
    not_found=messages.NO_SUCH_APPLICATION,
)
"""Load an application or 404, decide on it (with substitutions), audit the read."""


async def apply_for_service(
    session: AsyncSession,
    *,
    principal: Principal,
    data: ServiceApplicationCreate,
    keys: Keys,
    register: PopulationRegister,
    decision_working_days: int,
    calendar: WorkingDayCalendar,
    now: datetime,
) -> ServiceApplication:
    """Store, route and announce an application; its term is set from the calendar."""
    require_catalogued(data.service_code)
    code = applicant_code(principal, data)
    goes_to = destination(await register.residence_of(code), data, principal)
    due_at = decision_due(now, decision_working_days, calendar)
    application = await ApplicationRepository(session).add(
        ServiceApplication(
            id=uuid.uuid4(),
            service_code=data.service_code,
            municipality=goes_to.municipality,
            routing_basis=goes_to.basis,
            applicant_personal_code=code,
            applicant_pseudonym=pseudonymize(code, keys.pseudonym_key),
            description=data.description,
            created_by=principal.subject,
            received_at=now,
            decision_due_at=due_at,
            status="received",
        )
    )
    await APPLICATIONS.audit(
        session,
        principal,
        application,
        action="create",
        purpose="application received",
        decision=None,
    )
    await enqueue(
        session,
        ApplicationReceivedV1(
            application_id=application.id,
            service_code=application.service_code,
            municipality=goes_to.municipality,
            applicant_pseudonym=application.applicant_pseudonym,
            received_at=now,
            decision_due_at=due_at,
        ),
        subject=str(application.id),
    )
    return application


async def my_applications(
    session: AsyncSession,
    *,
    principal: Principal,
    pseudonym_key: str,
    cursor: str | None,
    limit: int,
) -> tuple[list[ServiceApplication], str | None]:
    """A page of a citizen's own applications with their status and term (audited as a read of
    their own data)."""
    if Role.CITIZEN not in principal.roles:
        raise NotPermitted(messages.FOR_SIGNED_IN_CITIZEN)
    code = principal.personal_code.removeprefix("EE") if principal.personal_code else None
    own = pseudonymize(code, pseudonym_key) if code else None
    page = await ApplicationRepository(session).of_applicant(
        principal.subject, own, cursor=cursor, limit=limit
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
    return page


async def follow_assignment(session: AsyncSession, event: AssignmentChangedV1) -> None:
    """Casework (re)assigned the application: intake's access and the status the applicant
    sees follow, unless intake holds a later assignment already."""
    application = await ApplicationRepository(session).get(event.intake_record_id)
    if application is None:
        return
    if application.assigned_at is not None and application.assigned_at > event.changed_at:
        return
    application.assignee, application.assigned_at = event.assignee, event.changed_at
    if application.status != "decided":
        application.status = "being_handled" if event.assignee else "received"
    await session.flush()


async def follow_decision(session: AsyncSession, event: DecisionIssuedV1) -> None:
    """A decision on an application: the applicant sees it decided, and how."""
    if event.application_id is None:
        return
    application = await ApplicationRepository(session).get(event.application_id)
    if application is not None:
        application.status, application.outcome = "decided", event.outcome
        await session.flush()
