"""The case aggregate's shared life: one person record per personal code, opening a case (from
a preliminary assessment, an application or directly), and what every change of a case's
records needs (the case is open; events carry the case as their subject)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import messages
from heaolu_casework.common.access import SERVICE, audit
from heaolu_casework.common.enums import CaseStatus
from heaolu_casework.common.models import Case, CaseParty, Person
from heaolu_casework.common.repository import CaseRepository, PersonRepository
from heaolu_casework.common.schemas import PersonIn
from heaolu_casework.settings import get_settings
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.bands import age_band
from heaolu_shared.contracts.casework import CaseOpenedV1
from heaolu_shared.errors import Conflict, RuleViolation
from heaolu_shared.events import EventPayload
from heaolu_shared.outbox import enqueue
from heaolu_shared.pseudonym import birth_date_of, pseudonymize


class CaseClosed(Conflict):
    slug = "case-closed"


def require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise CaseClosed(messages.CASE_CLOSED)


async def publish(session: AsyncSession, payload: EventPayload, subject: uuid.UUID) -> None:
    """Announce ``payload`` through the outbox, keyed by the aggregate ``subject``."""
    await enqueue(session, payload, subject=str(subject), source=SERVICE)


def code_pseudonym(code: str | None) -> str | None:
    return pseudonymize(code, get_settings().pseudonym_key) if code else None


async def upsert_person(session: AsyncSession, municipality: str, data: PersonIn) -> Person:
    """One person record per personal code within a municipality: a known code updates it."""
    pseudonym = code_pseudonym(data.personal_code)
    person: Person | None = None
    if pseudonym:
        person = await PersonRepository(session).by_code(municipality, pseudonym)
    if person is None:
        person = Person(id=uuid.uuid4(), municipality=municipality, code_pseudonym=pseudonym)
        session.add(person)
    person.given_name = data.given_name
    person.family_name = data.family_name
    person.personal_code = data.personal_code
    person.birth_date = data.birth_date or _birth_date(data.personal_code)
    for name in ("address", "phone", "email"):
        value = getattr(data, name)
        if value is not None:
            setattr(person, name, str(value))
    await session.flush()
    return person


def _birth_date(code: str | None) -> date | None:
    return birth_date_of(code) if code else None


def person_in(person: Person) -> PersonIn:
    """The person's details as they were entered (already validated once)."""
    return PersonIn.model_construct(
        given_name=person.given_name,
        family_name=person.family_name,
        personal_code=person.personal_code,
        birth_date=person.birth_date,
        address=person.address,
        phone=person.phone,
        email=person.email,
    )


def check_same_child(expected_pseudonym: str | None, child: PersonIn, field: str) -> None:
    """The person must be the one the report or application was about."""
    if expected_pseudonym is None:
        return
    if child.personal_code is None:
        raise RuleViolation(
            messages.PERSONAL_CODE_REQUIRED, extra={"field": f"{field}.personal_code"}
        )
    if code_pseudonym(child.personal_code) != expected_pseudonym:
        raise RuleViolation(
            messages.PERSONAL_CODE_MISMATCH, extra={"field": f"{field}.personal_code"}
        )


async def open_case(
    session: AsyncSession,
    principal: Principal,
    *,
    municipality: str,
    kind: str,
    child: PersonIn,
    origin: str,
    assignee: str | None,
    preliminary_assessment_id: uuid.UUID | None = None,
    application_id: uuid.UUID | None = None,
) -> Case:
    """Open case management for the child (or client) and announce it."""
    person = await upsert_person(session, municipality, child)
    now = datetime.now(UTC)
    sequence = await CaseRepository(session).next_number()
    case = Case(
        id=uuid.uuid4(),
        number=f"{municipality}-{now:%Y}-{sequence:06d}",
        municipality=municipality,
        kind=kind,
        status=CaseStatus.OPEN,
        child_id=person.id,
        subject_pseudonym=person.code_pseudonym,
        assignee=assignee,
        origin=origin,
        preliminary_assessment_id=preliminary_assessment_id,
        application_id=application_id,
        opened_at=now,
        opened_by=principal.subject,
    )
    session.add(case)
    await session.flush()
    session.add(CaseParty(case_id=case.id, person_id=person.id, role="child"))
    await session.flush()
    await publish(
        session,
        CaseOpenedV1(
            case_id=case.id,
            municipality=municipality,
            kind=kind,
            opened_at=now,
            subject_pseudonym=case.subject_pseudonym,
            origin=origin,
            assignee=assignee,
            age_band=age_band(person.birth_date, now.date()) if person.birth_date else None,
        ),
        case.id,
    )
    await audit(session, principal, case, "create", "case", case.id, "case opened", None)
    return case
