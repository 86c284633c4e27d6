"""The rules of receiving a report, without I/O: who the report is about (a child, not an
adult), where it goes, who entered it, what is sealed about the reporter, the age band."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from heaolu_intake.common import messages
from heaolu_intake.common.access import ON_BEHALF_ROLES
from heaolu_intake.common.models import Report
from heaolu_intake.reports.schemas import ReportCreate
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import local_today
from heaolu_shared.contracts.bands import AgeBand, age_band
from heaolu_shared.errors import RuleViolation
from heaolu_shared.pseudonym import birth_date_of
from heaolu_shared.roles import Role

ADULT_AGE = 18
REPORTING_ROLES = (
    Role.PROFESSIONAL_REPORTER,
    Role.CHILD_PROTECTION_WORKER,
    Role.SOCIAL_SERVICES_SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.SKA_COUNSELLOR,
    Role.CITIZEN,
)
"""Roles that may report while signed in (anyone may report on the public route)."""

RoutingBasis = Literal["residence", "location", "ska_triage"]


class NotAChild(RuleViolation):
    slug, title = "not-a-child", messages.NOT_A_CHILD_TITLE


def age_on(birth: date, day: date) -> int:
    """Full years on ``day`` of someone born on ``birth``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def child_birth_date(data: ReportCreate) -> date | None:
    code = data.child.personal_code
    return birth_date_of(code) if code else data.child.birth_date


def refuse_adults(data: ReportCreate, today: date) -> None:
    """A report about a person of 18 or more is refused, with directions to adult services."""
    birth = child_birth_date(data)
    if birth is not None and age_on(birth, today) >= ADULT_AGE:
        raise NotAChild(messages.NOT_A_CHILD, extra={"field": "child"})


@dataclass(frozen=True)
class Route:
    municipality: str | None
    """None: SKA's triage queue."""
    basis: RoutingBasis


def route(residence: str | None, location: str | None) -> Route:
    """The municipality of the child's registered residence; else where the child is; else
    SKA's triage queue (ADR 0007)."""
    if residence:
        return Route(residence, "residence")
    if location:
        return Route(location, "location")
    return Route(None, "ska_triage")


def entered_on_behalf(reporter: Principal | None) -> bool:
    """A worker or helpline counsellor entered the report for someone who called or wrote."""
    return reporter is not None and bool(reporter.roles & ON_BEHALF_ROLES)


def reporter_identity(data: ReportCreate, reporter: Principal | None) -> dict[str, object] | None:
    """What is sealed about the reporter: the contacts they gave and, for a signed-in reporter
    who is not entering it on someone's behalf, their account."""
    identity: dict[str, object] = (
        data.reporter.model_dump(exclude_none=True) if data.reporter else {}
    )
    if reporter is not None and not entered_on_behalf(reporter):
        identity |= {"account": reporter.subject, "username": reporter.username}
    return identity or None


def report_age_band(report: Report, on: datetime) -> AgeBand | None:
    """The child's age band for the events (reporting and the SKA feed never see the birth
    date)."""
    code = report.child_personal_code
    birth = birth_date_of(code) if code else report.child_birth_date
    return age_band(birth, local_today(on)) if birth else None
