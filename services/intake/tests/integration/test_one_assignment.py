"""One assignment: the worker casework assigns (and their active substitute) reads the intake
report behind the assessment and later reports linked to it; applications likewise, with the
applicant and what they asked; the applicant sees their application's status and term."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.applications.schemas import ServiceApplicationCreate
from heaolu_intake.applications.service import (
    APPLICATIONS,
    apply_for_service,
    follow_decision,
    my_applications,
)
from heaolu_intake.applications.service import follow_assignment as follow_application
from heaolu_intake.common.keys import Keys
from heaolu_intake.common.register import LocalPopulationRegister
from heaolu_intake.common.substitutions import end_substitution, follow_substitution
from heaolu_intake.reports.schemas import ReportCreate
from heaolu_intake.reports.service import (
    assign,
    follow_assignment,
    read_report,
    receive_report,
    sees_channel,
)
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.contracts.casework import (
    AssignmentChangedV1,
    DecisionIssuedV1,
    SubstitutionEndedV1,
    SubstitutionRecordedV1,
)
from heaolu_shared.errors import NotPermitted
from heaolu_shared.messaging import outbox
from heaolu_shared.roles import Role
from heaolu_shared.sealing import Sealer
from heaolu_shared.staff import register as register_staff

pytestmark = pytest.mark.integration

KEYS = Keys(pseudonym_key="test-pseudonym-key", sealer=Sealer("test-reporter-key"))
CHILD = "51505150120"


def _worker(name: str, role: Role = Role.CHILD_PROTECTION_WORKER, town: str = "0663") -> Principal:
    return Principal(
        subject=f"{name}-subject", username=name, roles=frozenset({role}), municipality=town
    )


WORKER, SUBSTITUTE, OTHER = _worker("worker"), _worker("substitute"), _worker("other")
HEAD = _worker("head", Role.DEPARTMENT_HEAD)
TEACHER = Principal(
    subject="teacher-subject", roles=frozenset({Role.PROFESSIONAL_REPORTER}), municipality="0663"
)


def _report(**changes: Any) -> ReportCreate:
    body: dict[str, Any] = {
        "child": {"personal_code": CHILD},
        "location": {"municipality": "0663", "description": "Kooli juures"},
        "need_level": "in_need",
        "concern": {"category": "school_absence", "text": "Laps puudub koolist."},
        "channel": "school",
    }
    return ReportCreate.model_validate(body | changes)


async def _receive(session: AsyncSession, **changes: Any) -> uuid.UUID:
    report = await receive_report(
        session,
        _report(**changes),
        TEACHER,
        keys=KEYS,
        register=LocalPopulationRegister(session),
        now=datetime.now(UTC),
    )
    return report.id


def _assigned(record: str, record_id: uuid.UUID, who: Principal | None, at: datetime) -> Any:
    return AssignmentChangedV1(
        intake_record=record,  # type: ignore[arg-type]
        intake_record_id=record_id,
        municipality="0663",
        assignee=who.subject if who else None,
        changed_at=at,
    )


async def _whole(session: AsyncSession, who: Principal, report_id: uuid.UUID) -> bool:
    try:
        return (await read_report(session, principal=who, report_id=report_id)).whole
    except NotPermitted:
        return False


async def test_the_worker_assigned_in_casework_reads_the_report_and_its_linked_reports(
    session: AsyncSession,
) -> None:
    thread = await _receive(session)
    assert not await _whole(session, WORKER, thread)

    await follow_assignment(session, _assigned("report", thread, WORKER, datetime.now(UTC)))
    linked = await _receive(session, need_level="in_danger")

    assert await _whole(session, WORKER, thread)
    assert await _whole(session, WORKER, linked)
    assert not await _whole(session, OTHER, thread)
    report = (await read_report(session, principal=WORKER, report_id=linked)).report
    assert report.linked_to == thread and await sees_channel(session, WORKER, report)
    assert not await sees_channel(session, HEAD, report)


async def test_an_active_substitute_reads_them_too_and_only_within_the_window(
    session: AsyncSession,
) -> None:
    thread = await _receive(session)
    await follow_assignment(session, _assigned("report", thread, WORKER, datetime.now(UTC)))
    window = SubstitutionRecordedV1(
        substitution_id=uuid.uuid4(),
        municipality="0663",
        absent=WORKER.subject,
        substitute=SUBSTITUTE.subject,
        starts_at=datetime.now(UTC) - timedelta(hours=1),
        ends_at=datetime.now(UTC) + timedelta(days=7),
    )
    await follow_substitution(session, window)
    assert await _whole(session, SUBSTITUTE, thread)

    await end_substitution(
        session,
        SubstitutionEndedV1(substitution_id=window.substitution_id, ended_at=datetime.now(UTC)),
    )
    assert not await _whole(session, SUBSTITUTE, thread)


async def test_an_older_assignment_does_not_undo_a_newer_one(session: AsyncSession) -> None:
    thread = await _receive(session)
    now = datetime.now(UTC)
    await follow_assignment(session, _assigned("report", thread, WORKER, now))
    await follow_assignment(session, _assigned("report", thread, OTHER, now - timedelta(minutes=5)))
    assert await _whole(session, WORKER, thread)
    assert not await _whole(session, OTHER, thread)


async def test_assigning_at_intake_is_announced_to_casework(session: AsyncSession) -> None:
    thread = await _receive(session)
    await register_staff(session, WORKER)
    report = (await read_report(session, principal=HEAD, report_id=thread)).report
    await assign(
        session,
        principal=HEAD,
        report_id=thread,
        assignee_username="worker",
        if_match=f'"{report.version}"',
        now=datetime.now(UTC),
    )
    payloads = (
        await session.scalars(
            sa.select(outbox.c.payload).where(
                outbox.c.event_type == "ee.heaolu.intake.report.assigned.v1"
            )
        )
    ).all()
    assert [p["data"]["assignee"] for p in payloads] == [WORKER.subject]


CITIZEN = Principal(
    subject="citizen-subject",
    roles=frozenset({Role.CITIZEN}),
    personal_code="EE38001085718",
)
SPECIALIST = _worker("specialist", Role.SOCIAL_SERVICES_SPECIALIST, "0919")


async def test_the_specialist_sees_the_applicant_and_the_request_and_the_applicant_the_status(
    session: AsyncSession,
) -> None:
    application = await apply_for_service(
        session,
        principal=CITIZEN,
        data=ServiceApplicationCreate.model_validate(
            {
                "service_code": "home_care",
                "municipality": "0919",
                "description": "Vajan abi koduste toimetustega",
            }
        ),
        keys=KEYS,
        register=LocalPopulationRegister(session),
        decision_working_days=10,
        calendar=default_calendar(),
        now=datetime.now(UTC),
    )
    term = default_calendar().add_working_days_deadline(application.received_at, 10)
    assert application.decision_due_at == term
    with pytest.raises(NotPermitted):
        await APPLICATIONS.authorize(
            session, SPECIALIST, application.id, Action.READ, purpose="test"
        )

    await follow_application(
        session,
        AssignmentChangedV1(
            intake_record="service_application",
            intake_record_id=application.id,
            municipality="0919",
            assignee=SPECIALIST.subject,
            changed_at=datetime.now(UTC),
        ),
    )
    seen = (
        await APPLICATIONS.authorize(
            session, SPECIALIST, application.id, Action.READ, purpose="test"
        )
    ).record
    assert (seen.applicant_personal_code, seen.description) == (
        "38001085718",
        "Vajan abi koduste toimetustega",
    )
    own, _ = await my_applications(
        session, principal=CITIZEN, pseudonym_key=KEYS.pseudonym_key, cursor=None, limit=10
    )
    assert [(a.id, a.status, a.decision_due_at) for a in own] == [
        (application.id, "being_handled", term)
    ]

    await follow_decision(
        session,
        DecisionIssuedV1(
            decision_id=uuid.uuid4(),
            case_id=uuid.uuid4(),
            municipality="0919",
            service_code="home_care",
            outcome="granted",
            issued_at=datetime.now(UTC),
            application_id=application.id,
        ),
    )
    own, _ = await my_applications(
        session, principal=CITIZEN, pseudonym_key=KEYS.pseudonym_key, cursor=None, limit=10
    )
    assert [(a.status, a.outcome) for a in own] == [("decided", "granted")]
    with pytest.raises(NotPermitted):
        await my_applications(
            session, principal=SPECIALIST, pseudonym_key=KEYS.pseudonym_key, cursor=None, limit=10
        )
