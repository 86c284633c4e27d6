"""A case's plans: every revision listed newest first to whom may read the case, each plan
shown audited as a read of it."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import messages
from heaolu_casework.common.enums import RevisionStatus
from heaolu_casework.common.revisions import IncompleteRecord
from heaolu_casework.plans import service as plans
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound

from ..factories import a_case, audit_records, case_plan_in, child, head, known, worker

pytestmark = pytest.mark.integration


async def test_every_revision_newest_first_each_audited(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    case = await a_case(session, me, assignee=me.subject, person=child(with_code=True))
    first = await plans.start_case_plan(session, me, case.id, case_plan_in(complete=False))
    first.status = RevisionStatus.APPROVED
    await session.flush()
    second = await plans.start_case_plan(session, me, case.id, case_plan_in())

    shown, cursor = await plans.case_plans(session, me, case.id, limit=1)
    rest, end = await plans.case_plans(session, me, case.id, cursor=cursor, limit=1)
    assert [p.id for p in shown + rest] == [second.id, first.id] and end is None
    assert [p.number for p in shown + rest] == [f"{case.number}/JP2", f"{case.number}/JP1"]

    reads = [
        r
        for r in await audit_records(session)
        if r["record_type"] == "case_plan" and r["action"] == "read"
    ]
    assert sorted(r["record_id"] for r in reads) == sorted([str(first.id), str(second.id)])
    assert case.subject_pseudonym is not None
    assert {r["subject_pseudonym"] for r in reads} == {case.subject_pseudonym}

    everything, _ = await plans.case_plans(session, head(), case.id)
    assert len(everything) == 2


async def test_only_whom_may_read_the_case(session: AsyncSession) -> None:
    me = worker("kadri")
    case = await a_case(session, me, assignee=me.subject)
    with pytest.raises(NotPermitted):
        await plans.case_plans(session, worker("mart"), case.id)
    with pytest.raises(ResourceNotFound):
        await plans.case_plans(session, me, uuid.uuid4())


async def test_a_second_draft_and_an_incomplete_plan_are_refused_with_the_plans_messages(
    session: AsyncSession,
) -> None:
    me = worker("kadri")
    await known(session, me)
    case = await a_case(session, me, assignee=me.subject, person=child(with_code=True))
    draft = await plans.start_case_plan(session, me, case.id, case_plan_in(complete=False))
    with pytest.raises(Conflict) as second:
        await plans.start_case_plan(session, me, case.id, case_plan_in())
    assert second.value.detail is messages.CASE_PLAN_DRAFT_OPEN

    with pytest.raises(IncompleteRecord) as refused:
        await plans.approve_case_plan(session, me, draft.id, f'"{draft.version}"')
    missing = refused.value.extra["missing"]
    assert refused.value.detail is messages.CASE_PLAN_INCOMPLETE
    assert missing and refused.value.params == {"missing": ", ".join(missing)}
    assert refused.value.detail.render("et", **refused.value.params) == (
        f"Juhtumiplaani ei saa kinnitada, sest puudu on: {', '.join(missing)}"
    )
