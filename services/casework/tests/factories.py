"""Synthetic test data for casework's unit and integration tests: callers, persons with valid
synthetic personal codes, request bodies and records, built with their defaults filled in and
any field overridable. Names carry "Demo-" so nobody mistakes them for real people.

The builders without a session need no database (unit tests); those taking a session write
through the service's own functions (integration tests).
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.assessments.schemas import NEEDS_DOMAINS, NeedsAssessmentIn
from heaolu_casework.care import service as care
from heaolu_casework.care.schemas import CareProviderIn, PlacementIn, RemovalIn
from heaolu_casework.common.access import remember_name
from heaolu_casework.common.cases import open_case
from heaolu_casework.common.enums import AssessmentStatus, CaseKind, CaseStatus, RevisionStatus
from heaolu_casework.common.models import Case, NeedsAssessment, PreliminaryAssessment
from heaolu_casework.common.schemas import PersonIn
from heaolu_casework.plans.schemas import ActivityIn, CasePlanIn
from heaolu_shared import staff
from heaolu_shared.access import Substitution
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.messaging import outbox
from heaolu_shared.pseudonym import CENTURIES, valid_personal_code
from heaolu_shared.roles import Role
from heaolu_shared.testing import audit_records_sent

RAKVERE, KOHTLA_JARVE, VILJANDI, VORU = "0663", "0321", "0897", "0919"
_random = random.Random()


def _suffix(n: int = 8) -> str:
    return uuid.uuid4().hex[:n]


# --- people --------------------------------------------------------------------------------------


def personal_code(born: date = date(2015, 5, 15), *, female: bool = False) -> str:
    """A valid synthetic personal code (isikukood) of someone born on ``born``: a random serial,
    and the check digit the shared validator accepts (it holds the one implementation of the
    rule, two rounds of weights included)."""
    century = next(g for g, start in CENTURIES.items() if start <= born.year < start + 100)
    first = int(century) + (1 if female else 0)
    base = f"{first}{born:%y%m%d}{_random.randint(0, 999):03d}"
    return next(base + str(d) for d in range(10) if valid_personal_code(base + str(d)))


def principal(*roles: Role, name: str = "worker", municipality: str | None = RAKVERE) -> Principal:
    """A caller with ``roles`` (a child-protection worker by default) and a unique subject."""
    return Principal(
        subject=f"{name}-{_suffix()}",
        username=f"{name}.{_suffix(6)}",
        roles=frozenset(roles or (Role.CHILD_PROTECTION_WORKER,)),
        municipality=municipality,
        name=f"{name.title()} Demo-Tamm",
    )


def worker(name: str = "worker", *roles: Role, municipality: str = RAKVERE) -> Principal:
    return principal(*roles, name=name, municipality=municipality)


def specialist(name: str = "specialist", municipality: str = RAKVERE) -> Principal:
    return principal(Role.SOCIAL_SERVICES_SPECIALIST, name=name, municipality=municipality)


def head(municipality: str = RAKVERE) -> Principal:
    return principal(Role.DEPARTMENT_HEAD, name="head", municipality=municipality)


def counsellor() -> Principal:
    return principal(Role.SKA_COUNSELLOR, name="ska", municipality=None)


def citizen(code: str) -> Principal:
    """A citizen signed in with their personal code (through TARA in production)."""
    return Principal(
        subject=f"citizen-{_suffix()}",
        username=f"citizen.{_suffix(6)}",
        roles=frozenset({Role.CITIZEN}),
        personal_code=code,
        name="Demo Kodanik",
    )


def child(
    born: date | None = None, family: str = "Demo-Kask", *, with_code: bool = False
) -> PersonIn:
    """A child (or client); with a personal code that carries the birth date when asked."""
    birth = born or date(2015, 5, 15)
    return PersonIn(
        given_name="Mari",
        family_name=family,
        birth_date=birth,
        personal_code=personal_code(birth, female=True) if with_code else None,
    )


def parent(family: str = "Demo-Kask", born: date = date(1985, 3, 2)) -> PersonIn:
    return PersonIn(
        given_name="Tiina",
        family_name=family,
        personal_code=personal_code(born, female=True),
        address="Demo tn 1, Rakvere",
    )


def born_years_ago(years: int, days: int = 0, *, today: date | None = None) -> date:
    """A birth date ``years`` years (and ``days`` days) before ``today``."""
    on = today or date.today()
    return date(on.year - years, on.month, min(on.day, 28)) - timedelta(days=days)


def window(
    absent: str, substitute: str, starts_at: datetime, days: float, municipality: str = RAKVERE
) -> Substitution:
    """A substitution window as the access policy sees it."""
    return Substitution(absent, substitute, municipality, starts_at, starts_at + timedelta(days))


# --- request bodies ------------------------------------------------------------------------------


def needs_assessment_in(*, complete: bool = True, **fields: Any) -> NeedsAssessmentIn:
    """A needs assessment over every LasteKS §28(2) domain with sources, the child's opinion and a
    conclusion (``complete=False``: an empty draft); ``fields`` override."""
    body: dict[str, Any] = {}
    if complete:
        body = {
            "findings": {
                d: {"finding": f"Demo finding: {d}", "need": "some"} for d in NEEDS_DOMAINS
            },
            "sources": [{"kind": "home_visit", "on": "2026-11-02"}],
            "child_opinion": "Tahan koju jääda.",
            "child_heard_on": "2026-11-02",
            "conclusion": "Abivajadus on olemas.",
        }
    return NeedsAssessmentIn.model_validate(body | fields)


def needs_assessment(*, complete: bool = True, **fields: Any) -> NeedsAssessment:
    """An unsaved needs-assessment draft holding :func:`needs_assessment_in`'s answers."""
    body = needs_assessment_in(complete=complete)
    record = NeedsAssessment(
        id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        revision=1,
        status=RevisionStatus.DRAFT,
        findings={k: v.model_dump(mode="json") for k, v in body.findings.items()},
        sources=[s.model_dump(mode="json") for s in body.sources],
        child_opinion=body.child_opinion,
        child_heard_on=body.child_heard_on,
        child_opinion_missing_reason=body.child_opinion_missing_reason,
        conclusion=body.conclusion,
        created_by="worker",
    )
    for name, value in fields.items():
        setattr(record, name, value)
    return record


def action_item(**fields: Any) -> dict[str, Any]:
    return {
        "goal": "Laps käib koolis",
        "activities": "Koolipsühholoogi kohtumised",
        "responsible": ["Demo-Kool"],
        "starts_on": "2026-12-01",
        "ends_on": "2027-02-28",
        "evaluation_on": "2027-03-01",
        "evaluation_method": "Vestlus kooliga",
    } | fields


def case_plan_in(*, complete: bool = True, **fields: Any) -> CasePlanIn:
    """A case plan with every field of regulation no. 10, the caregiver's involvement and the
    child's opinion (``complete=False``: an empty draft); ``fields`` override."""
    body: dict[str, Any] = {}
    if complete:
        body = {
            "specialist_contact": "+372 5555 0000, demo@rakvere.ee",
            "assessed_need": {
                name: f"Demo: {name}"
                for name in (
                    "social_network",
                    "economic_situation",
                    "housing",
                    "health_and_coping",
                    "social_status",
                    "obstacles",
                    "resources",
                    "earlier_assessments",
                )
            },
            "action_plan": [action_item()],
            "caregiver_involvement": {
                "informed_on": "2026-11-20",
                "how": "Kohtumisel",
                "involvement": "Osales plaani koostamisel",
            },
            "child_opinion": "Tahan, et ema oleks kodus.",
            "next_review_on": "2027-03-01",
        }
    return CasePlanIn.model_validate(body | fields)


def placement_in(provider_code: str = "FF-DEMO-1", **fields: Any) -> PlacementIn:
    return PlacementIn.model_validate(
        {"provider_code": provider_code, "starts_on": date.today()} | fields
    )


def care_provider_in(
    code: str = "FF-DEMO-1", form: str = "foster_family", capacity: int = 4, **fields: Any
) -> CareProviderIn:
    return CareProviderIn.model_validate(
        {"code": code, "name": "Demo foster family", "form": form, "capacity": capacity} | fields
    )


def removal_in(separated_at: datetime, contact_hours: float = 48, **fields: Any) -> RemovalIn:
    return RemovalIn.model_validate(
        {
            "separated_at": separated_at,
            "facts": "Demo: the custodian endangered the child.",
            "legal_ground": "custodian_caused_danger",
            "temporary_location": "Demo turvakodu",
            "contact_arrangement": "Supervised visits",
            "contact_until": separated_at + timedelta(hours=contact_hours),
        }
        | fields
    )


def activity_in(occurred_at: datetime, **fields: Any) -> ActivityIn:
    return ActivityIn.model_validate(
        {"kind": "note", "occurred_at": occurred_at, "summary": "Demo note"} | fields
    )


# --- records without a database ------------------------------------------------------------------


def case(
    kind: str = CaseKind.CHILD_PROTECTION,
    *,
    municipality: str = RAKVERE,
    assignee: str | None = None,
    number: str = "0663-2026-000001",
) -> Case:
    """An unsaved case."""
    return Case(
        id=uuid.uuid4(),
        number=number,
        municipality=municipality,
        kind=kind,
        status=CaseStatus.OPEN,
        child_id=uuid.uuid4(),
        subject_pseudonym=_suffix(32),
        assignee=assignee,
        origin="direct",
        opened_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
        opened_by="worker",
    )


# --- records in the database ---------------------------------------------------------------------


async def known(session: AsyncSession, *principals: Principal) -> None:
    """Workers seen by casework (the staff directory, with their names)."""
    for p in principals:
        await staff.register(session, p)
        await remember_name(session, p)


async def a_case(
    session: AsyncSession,
    opener: Principal,
    *,
    assignee: str | None = None,
    kind: str = CaseKind.CHILD_PROTECTION,
    person: PersonIn | None = None,
) -> Case:
    return await open_case(
        session,
        opener,
        municipality=opener.municipality or RAKVERE,
        kind=kind,
        child=person or child(),
        origin="direct",
        assignee=assignee,
    )


async def pending_assessment(
    session: AsyncSession,
    *,
    received_at: datetime,
    need_level: str = "in_need",
    municipality: str = RAKVERE,
    child_name: str | None = None,
) -> PreliminaryAssessment:
    """A report's pending preliminary assessment, due 10 days after it was received."""
    assessment = PreliminaryAssessment(
        id=uuid.uuid4(),
        report_id=uuid.uuid4(),
        municipality=municipality,
        need_level=need_level,
        status=AssessmentStatus.PENDING,
        received_at=received_at,
        due_at=default_calendar().calendar_days_term(received_at, 10),
        urgent=need_level == "in_danger",
        child_name=child_name,
    )
    session.add(assessment)
    await session.flush()
    return assessment


async def foster_family(session: AsyncSession, code: str = "FF-DEMO-1", capacity: int = 4) -> str:
    """A foster family in the register (entered by a department head); its code."""
    await care.register_provider(session, head(), care_provider_in(code, capacity=capacity))
    return code


def days_ago(n: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=n)


async def published(session: AsyncSession, event_type: str) -> list[dict[str, Any]]:
    """The payloads of ``event_type`` events written to the outbox in this transaction."""
    rows = await session.scalars(
        sa.select(outbox.c.payload).where(outbox.c.event_type == event_type)
    )
    return [dict(row.get("data", row)) for row in rows]


async def audit_records(session: AsyncSession) -> list[dict[str, Any]]:
    """The audit records written to the outbox in this test's transaction."""
    return await audit_records_sent(session)
