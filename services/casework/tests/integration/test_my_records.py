"""A citizen sees the cases about them and about the children in their custody, in every
municipality, and nothing else; each listing is audited as their own read."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.cases import citizens
from heaolu_casework.cases import service as cases
from heaolu_casework.cases.schemas import PartyIn
from heaolu_casework.common.schemas import PersonIn
from heaolu_shared.errors import NotPermitted

from ..factories import (
    KOHTLA_JARVE,
    a_case,
    audit_records,
    child,
    citizen,
    head,
    personal_code,
    worker,
)

pytestmark = pytest.mark.integration


def _adult(code: str, family: str = "Demo-Vanem") -> PersonIn:
    return PersonIn(given_name="Jaan", family_name=family, personal_code=code)


async def test_own_cases_and_the_childrens_in_custody(session: AsyncSession) -> None:
    teen = personal_code(date(2010, 3, 15), female=True)
    parent = personal_code(date(1980, 1, 8))
    me = worker("kadri")
    about_teen = await a_case(session, me, assignee=me.subject, person=_teen(teen))
    elsewhere = await a_case(session, worker("olga", municipality=KOHTLA_JARVE), person=_teen(teen))
    of_child = await a_case(session, me, assignee=me.subject, person=child(with_code=True))
    await cases.add_party(
        session,
        me,
        of_child.id,
        PartyIn(
            person=_adult(parent),
            role="legal_representative",
            legal_basis="vanem",
            has_custody=True,
        ),
    )
    without_custody = await a_case(session, me, assignee=me.subject, person=child(with_code=True))
    await cases.add_party(
        session,
        me,
        without_custody.id,
        PartyIn(
            person=_adult(parent),
            role="legal_representative",
            legal_basis="vanem",
            has_custody=False,
        ),
    )
    await a_case(session, me, assignee=me.subject, person=child(with_code=True))

    teen_rows, _ = await citizens.my_records(session, citizen(teen), cursor=None, limit=50)
    assert {(r.Case.id, r.relation) for r in teen_rows} == {
        (about_teen.id, "self"),
        (elsewhere.id, "self"),
    }
    assert {r.person_name for r in teen_rows} == {"Mari Demo-Teismeline"}

    parent_principal = citizen(parent)
    parent_rows, _ = await citizens.my_records(session, parent_principal, cursor=None, limit=50)
    assert [(r.Case.id, r.relation) for r in parent_rows] == [(of_child.id, "child")]

    reads = [
        r for r in await audit_records(session) if r["actor_subject"] == parent_principal.subject
    ]
    assert [(r["action"], r["record_id"], r["purpose"]) for r in reads] == [
        ("read", str(of_child.id), "citizen's own data")
    ]
    assert reads[0]["subject_pseudonym"] == of_child.subject_pseudonym


def _teen(code: str) -> PersonIn:
    return PersonIn(given_name="Mari", family_name="Demo-Teismeline", personal_code=code)


async def test_a_stranger_sees_none_and_staff_are_refused(session: AsyncSession) -> None:
    me = worker("kadri")
    await a_case(session, me, assignee=me.subject, person=child(with_code=True))
    stranger = citizen(personal_code(date(1990, 6, 1)))
    assert await citizens.my_records(session, stranger, cursor=None, limit=50) == ([], None)
    for staff in (me, head()):
        with pytest.raises(NotPermitted):
            await citizens.citizen(staff)
