"""The rules of applying for a social service, without I/O: what may be applied for, whose
application it is, where it goes, and the term for deciding it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from heaolu_intake.applications.schemas import ServiceApplicationCreate
from heaolu_intake.common import messages
from heaolu_intake.common.access import ON_BEHALF_ROLES
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.contracts.services import SERVICE_CATALOGUE as SERVICES
from heaolu_shared.errors import RuleViolation
from heaolu_shared.roles import Role

SERVICE_CATALOGUE: dict[str, str] = {
    code: f"{labels['et']} / {labels['en']}" for code, labels in SERVICES.items()
}
"""The social services one may apply for, as the catalogue endpoint shows them."""


class CannotRoute(RuleViolation):
    slug = "cannot-route"


def require_catalogued(service_code: str) -> None:
    if service_code not in SERVICE_CATALOGUE:
        raise RuleViolation(
            messages.NO_SUCH_SERVICE,
            extra={"field": "service_code"},
            services=", ".join(sorted(SERVICE_CATALOGUE)),
        )


def applicant_code(principal: Principal, data: ServiceApplicationCreate) -> str:
    """Whose application it is: a citizen applies as themselves (the code from their sign-in,
    whatever the body says); a worker names the applicant."""
    if Role.CITIZEN in principal.roles and principal.personal_code:
        return principal.personal_code.removeprefix("EE")
    if principal.roles & ON_BEHALF_ROLES and data.applicant_personal_code:
        return data.applicant_personal_code
    raise RuleViolation(messages.NAME_THE_APPLICANT, extra={"field": "applicant_personal_code"})


@dataclass(frozen=True)
class Destination:
    municipality: str
    basis: Literal["residence", "stated"]


def destination(
    residence: str | None, data: ServiceApplicationCreate, principal: Principal
) -> Destination:
    """The municipality of the applicant's registered residence; else the one named in the
    application; else the applying worker's own; 422 when none is known."""
    if residence:
        return Destination(residence, "residence")
    stated = data.municipality or principal.municipality
    if stated is None:
        raise CannotRoute(messages.MUNICIPALITY_UNKNOWN, extra={"field": "municipality"})
    return Destination(stated, "stated")


def decision_due(
    received_at: datetime, working_days: int, calendar: WorkingDayCalendar
) -> datetime:
    """The term for deciding (HMS § 41): ``working_days`` working days of the Estonian calendar
    after the application was received."""
    return calendar.add_working_days_deadline(received_at, working_days)
