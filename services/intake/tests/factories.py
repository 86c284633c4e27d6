"""Test data for intake's tests: builder functions instead of dictionaries copied from test to
test. Every person is synthetic; personal codes are generated with a valid check digit (a
serial number of 9xx, so they stay apart from the synthetic register's residents)."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime
from typing import Any

from heaolu_intake.applications.models import ServiceApplication
from heaolu_intake.applications.schemas import ServiceApplicationCreate
from heaolu_intake.common.keys import Keys
from heaolu_intake.common.models import Report
from heaolu_intake.reports.schemas import ReportCreate
from heaolu_shared.auth import Principal
from heaolu_shared.pseudonym import valid_personal_code
from heaolu_shared.roles import Role
from heaolu_shared.sealing import Sealer

RAKVERE, VORU, VILJANDI = "0663", "0919", "0897"
KEYS = Keys(pseudonym_key="test-pseudonym-key", sealer=Sealer("test-reporter-key"))

_serials = itertools.count(900)


def personal_code(born: date, *, male: bool = True) -> str:
    """A fresh valid synthetic personal code of someone born on ``born``."""
    century = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (0 if male else 1)
    while True:
        serial = next(_serials) % 1000
        base = f"{century}{born:%y%m%d}{serial:03d}"
        for check in range(10):
            if valid_personal_code(base + str(check)):
                return base + str(check)


def born_years_before(today: date, years: int) -> date:
    """A birth date ``years`` full years before ``today`` (29 February falls back a day)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def principal(
    name: str,
    *roles: Role,
    municipality: str | None = RAKVERE,
    code: str | None = None,
) -> Principal:
    return Principal(
        subject=f"{name}-subject",
        username=name,
        roles=frozenset(roles),
        municipality=municipality,
        personal_code=f"EE{code}" if code else None,
    )


def worker(name: str = "worker", municipality: str = RAKVERE) -> Principal:
    return principal(name, Role.CHILD_PROTECTION_WORKER, municipality=municipality)


def specialist(name: str = "specialist", municipality: str = VORU) -> Principal:
    return principal(name, Role.SOCIAL_SERVICES_SPECIALIST, municipality=municipality)


def head(name: str = "head", municipality: str = RAKVERE) -> Principal:
    return principal(name, Role.DEPARTMENT_HEAD, municipality=municipality)


def teacher(name: str = "teacher", municipality: str = RAKVERE) -> Principal:
    return principal(name, Role.PROFESSIONAL_REPORTER, municipality=municipality)


def counsellor(name: str = "counsellor") -> Principal:
    return principal(name, Role.SKA_COUNSELLOR, municipality=None)


def citizen(code: str, name: str = Role.CITIZEN) -> Principal:
    return principal(name, Role.CITIZEN, municipality=None, code=code)


def report_body(child_code: str | None = None, **changes: Any) -> dict[str, Any]:
    """The JSON of a valid report about a child (a fresh child unless ``child_code``)."""
    code = child_code or personal_code(date(2015, 5, 15))
    return {
        "child": {"personal_code": code},
        "location": {"municipality": RAKVERE, "description": "Kooli juures"},
        "need_level": "in_need",
        "concern": {"category": "school_absence", "text": "Laps puudub koolist."},
        "channel": "school",
    } | changes


def report_create(child_code: str | None = None, **changes: Any) -> ReportCreate:
    return ReportCreate.model_validate(report_body(child_code, **changes))


def application_create(**changes: Any) -> ServiceApplicationCreate:
    return ServiceApplicationCreate.model_validate(
        {
            "service_code": "home_care",
            "municipality": VORU,
            "description": "Vajan abi koduste toimetustega",
        }
        | changes
    )


def report(**fields: Any) -> Report:
    """A report row (not stored): received in Rakvere, nobody assigned."""
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "receipt_number": "0A1B-2C3D-4E5F",
        "municipality": RAKVERE,
        "routing_basis": "residence",
        "need_level": "in_need",
        "urgent": False,
        "channel": "school",
        "concern_category": "school_absence",
        "concern": "Laps puudub koolist.",
        "child_pseudonym": "p" * 32,
        "status": "received",
        "linked_to": None,
        "assignee": None,
        "created_by": "teacher-subject",
        "received_at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        "version": 1,
    } | fields
    return Report(**values)


def application(**fields: Any) -> ServiceApplication:
    """An application row (not stored) to Võru, nobody assigned."""
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "service_code": "home_care",
        "municipality": VORU,
        "routing_basis": "stated",
        "applicant_personal_code": "38001085718",
        "applicant_pseudonym": "a" * 32,
        "description": "Vajan abi koduste toimetustega",
        "created_by": "citizen-subject",
        "received_at": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        "status": "received",
        "assignee": None,
    } | fields
    return ServiceApplication(**values)
