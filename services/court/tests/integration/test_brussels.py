"""Brussels IIb against a real database: an Art. 80 request flows SKA -> municipality ->
report -> SKA's answer; each side sees only its part."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.brussels import service
from heaolu_court.brussels.models import BrusselsRequest, BrusselsTask
from heaolu_court.brussels.schemas import AnswerIn, ReportIn, RequestIn, TaskIn
from heaolu_court.common import messages
from heaolu_court.common.access import load
from heaolu_court.contacts.service import seed_demo_contacts
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.messaging import outbox
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration

CENTRAL = Principal(
    subject="s-2", username="ska.central", roles=frozenset({Role.SKA_CENTRAL_AUTHORITY})
)
COUNSELLOR = Principal(
    subject="s-1", username="ska.counsellor", roles=frozenset({Role.SKA_COUNSELLOR})
)
HEAD = Principal(
    subject="h-1",
    username="rakvere.head",
    roles=frozenset({Role.DEPARTMENT_HEAD}),
    municipality="0663",
)
WORKER = Principal(
    subject="w-1",
    username="rakvere.worker",
    roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
    municipality="0663",
)
OTHER_HEAD = Principal(
    subject="h-2",
    username="kohtla-jarve.head",
    roles=frozenset({Role.DEPARTMENT_HEAD}),
    municipality="0321",
)

ART80 = RequestIn(
    article="art80",
    kind="report_on_child",
    direction="incoming",
    member_state="FI",
    foreign_authority="Keskusviranomainen, Helsinki",
    foreign_reference="FI-2026/77",
    child="Sünteetiline Laps, sündinud 2015",
    reasons="Soome kohtus on pooleli hooldusõiguse vaidlus.",
)


async def test_art80_flow(session: AsyncSession) -> None:
    now = datetime.now(UTC)
    await seed_demo_contacts(session, default_calendar().local_date(now))
    with pytest.raises(NotPermitted):
        await service.open_request(session, COUNSELLOR, ART80)
    request = await service.open_request(session, CENTRAL, ART80, now=now)
    assert request.due_at == default_calendar().calendar_days_term(now, 30)

    task = await service.assign_task(
        session, CENTRAL, request.id, TaskIn(municipality="0663", question="Palun aruanne.")
    )
    # The municipality sees its task, never the request; another municipality sees neither.
    assert [t.id for t in (await service.my_tasks(session, HEAD, cursor=None, limit=50))[0]] == [
        task.id
    ]
    assert await service.my_tasks(session, OTHER_HEAD, cursor=None, limit=50) == ([], None)
    with pytest.raises(NotPermitted):
        await load(session, HEAD, BrusselsRequest, request.id, Action.READ)
    with pytest.raises(NotPermitted):
        await load(session, OTHER_HEAD, BrusselsTask, task.id, Action.READ)
    with pytest.raises(NotPermitted):
        await load(session, WORKER, BrusselsTask, task.id, Action.READ)

    with pytest.raises(Conflict):
        await service.answer(
            session, CENTRAL, request.id, AnswerIn(answer="x"), f'"{request.version}"'
        )
    with pytest.raises(NotPermitted):
        await service.report(session, CENTRAL, task.id, ReportIn(report="x"), f'"{task.version}"')
    reported = await service.report(
        session,
        HEAD,
        task.id,
        ReportIn(report="Laps elab emaga, käib koolis."),
        f'"{task.version}"',
    )
    assert reported.status == "reported"
    answered = await service.answer(
        session, CENTRAL, request.id, AnswerIn(answer="Aruanne lisatud."), f'"{request.version}"'
    )
    assert answered.status == "answered"

    types = list(
        await session.scalars(
            sa.select(outbox.c.event_type).where(
                outbox.c.event_type.like("ee.heaolu.court.brussels%")
            )
        )
    )
    assert types == [
        "ee.heaolu.court.brussels_request.opened.v1",
        "ee.heaolu.court.brussels_task.assigned.v1",
        "ee.heaolu.court.brussels_task.reported.v1",
        "ee.heaolu.court.brussels_request.answered.v1",
    ]
    audited = list(
        await session.scalars(
            sa.select(outbox.c.payload["data"]["record_type"].astext).where(
                outbox.c.event_type == "ee.heaolu.audit.access.recorded.v1",
                outbox.c.payload["data"]["record_type"].astext.like("brussels%"),
            )
        )
    )
    assert audited.count("brussels_request") >= 2 and audited.count("brussels_task") >= 2


async def test_art82_needs_funding_and_duration_and_tasks_need_a_contact(
    session: AsyncSession,
) -> None:
    with pytest.raises(RuleViolation):
        await service.open_request(
            session,
            CENTRAL,
            RequestIn.model_validate(
                ART80.model_dump() | {"article": "art82", "kind": "placement_consent"}
            ),
        )
    request = await service.open_request(
        session,
        CENTRAL,
        RequestIn.model_validate(
            ART80.model_dump()
            | {
                "article": "art82",
                "kind": "placement_consent",
                "direction": "outgoing",
                "funding": "Kohalik omavalitsus",
                "expected_duration": "12 kuud",
            }
        ),
    )
    with pytest.raises(RuleViolation) as no_contact:
        await service.assign_task(
            session, CENTRAL, request.id, TaskIn(municipality="0999", question="Aruanne")
        )
    assert no_contact.value.detail is messages.NO_CONTACT
    assert no_contact.value.extra == {"field": "municipality"}
