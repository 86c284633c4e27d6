"""The rules of separation and substitute care, without I/O: the 72 hours (LasteKS §33, TsMS
§563²), the caps of the care forms, the age limit and the 90 days of temporary care (SHS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from heaolu_casework.care.schemas import PlacementIn
from heaolu_casework.common import messages
from heaolu_casework.common.enums import CareForm
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import RuleViolation

REMOVAL_HOURS = 72
"""LasteKS §33: the court must be able to rule within 72 hours of the separation."""
CAPACITY: dict[str, int] = {
    CareForm.FOSTER_FAMILY: 4,
    CareForm.FAMILY_HOME: 6,
    CareForm.SUBSTITUTE_HOME: 6,
}
"""SHS: children one foster family / family home / substitute home unit may care for; a
provider's registered capacity is at most this."""
TEMPORARY_CARE_DAYS = 90
"""SHS: temporary substitute care with the custodian's consent lasts up to 90 days, counted as
days of care: the first day of care is day 1 (ADR 0011)."""
CARE_AGE = 18
CARE_AGE_IN_EDUCATION = 19
"""SHS: substitute care lasts until the child comes of age; while in education, until 19."""
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class RemovalClocks:
    """When the custody-restriction application should reach the court, and when the court
    must have ruled."""

    court_filing_due_at: datetime
    ruling_due_at: datetime


def removal_clocks(
    separated_at: datetime,
    contact_until: datetime,
    now: datetime,
    *,
    filing_target_hours: int,
    calendar: WorkingDayCalendar,
) -> RemovalClocks:
    """The clocks of a separation: the ruling 72 hours after it, the filing at the configured
    target before that; 422 when the separation lies in the future or the contact arrangement
    does not end within the 72 hours."""
    if separated_at > now + CLOCK_SKEW:
        raise RuleViolation(messages.SEPARATION_IN_FUTURE, extra={"field": "separated_at"})
    ruling_due_at = calendar.add_hours_deadline(separated_at, REMOVAL_HOURS)
    if not separated_at < contact_until <= ruling_due_at:
        raise RuleViolation(messages.CONTACT_WITHIN_72_HOURS, extra={"field": "contact_until"})
    filing_due_at = calendar.add_hours_deadline(separated_at, filing_target_hours)
    return RemovalClocks(court_filing_due_at=filing_due_at, ruling_due_at=ruling_due_at)


def check_capacity(form: str, capacity: int) -> None:
    """A provider's registered capacity is at most the legal cap of its form."""
    if capacity > CAPACITY[form]:
        raise RuleViolation(
            messages.CAPACITY_OVER_LEGAL_CAP,
            extra={"field": "capacity", "cap": CAPACITY[form]},
            cap=CAPACITY[form],
        )


def over_capacity(
    capacity: int, in_care: int, *, guardian_consent: bool, ska_approval_ref: str | None
) -> bool:
    """Whether one more child takes the provider over its cap; 422 when it does without the
    guardians' consent and SKA's approval."""
    over = in_care + 1 > capacity
    if over and not (guardian_consent and ska_approval_ref):
        raise RuleViolation(
            messages.OVER_CAPACITY_NEEDS_APPROVAL,
            extra={"field": "ska_approval_ref", "capacity": capacity, "in_care": in_care},
            in_care=in_care,
            capacity=capacity,
        )
    return over


def _birthday(born: date, age: int) -> date:
    """The day a person born on ``born`` reaches ``age`` (born on 29 February: on 1 March in a
    common year, the day after 28 February ends)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def care_age_limit(born: date, in_education: bool) -> date:
    """The last day of substitute care: the day before the 18th birthday, or the 19th while the
    young person is in education (SHS)."""
    return _birthday(born, CARE_AGE_IN_EDUCATION if in_education else CARE_AGE) - timedelta(days=1)


def temporary_care_last_day(starts_on: date) -> date:
    """The last day of temporary care that started on ``starts_on``: 90 days of care counting the
    first day as day 1 (so it is not moved to a working day: care runs on days off too)."""
    return starts_on + timedelta(days=TEMPORARY_CARE_DAYS - 1)


def check_placement_dates(body: PlacementIn, born: date) -> date:
    """The placement's last day (the age limit when none is given); 422 naming the field when
    it breaks the temporary-care term or the age limit."""
    limit = care_age_limit(born, body.in_education)
    if body.starts_on > limit:
        raise RuleViolation(
            messages.CARE_AGE_LIMIT,
            extra={"field": "starts_on", "care_ends_by": limit.isoformat()},
        )
    if body.temporary:
        if not body.custodian_consent:
            raise RuleViolation(
                messages.TEMPORARY_CARE_NEEDS_CONSENT, extra={"field": "custodian_consent"}
            )
        last = temporary_care_last_day(body.starts_on)
        if body.ends_on is None or body.ends_on > last:
            raise RuleViolation(
                messages.TEMPORARY_CARE_90_DAYS,
                extra={"field": "ends_on", "last_day": last.isoformat()},
            )
    ends_on = body.ends_on or limit
    if ends_on < body.starts_on:
        raise RuleViolation(messages.CARE_ENDS_BEFORE_START, extra={"field": "ends_on"})
    if ends_on > limit:
        raise RuleViolation(
            messages.CARE_AGE_LIMIT, extra={"field": "ends_on", "care_ends_by": limit.isoformat()}
        )
    return ends_on
