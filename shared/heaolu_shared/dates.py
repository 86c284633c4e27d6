"""Dates and times from outside, within plausible ranges.

A date a caller sends is checked against a fixed range before it reaches a rule or the database:
the year 0001 or 9999 is a typing slip or a probe, and a time at the edge of the calendar
overflows once converted to UTC. Fixed bounds (rather than "N years before today") keep the
validation independent of the clock.

* :data:`BirthDate`: 1900-01-01 … 2100-12-31 (any living person, parents included).
* :data:`RecordDate`, :data:`RecordDatetime`: 2000-01-01 … 2100-12-31, for the dates of what is
  recorded now (observations, placements, plans, activities, substitutions): every child of a
  current case was born after 2000-01-01 minus a few years, and nothing is planned a century
  ahead. A record time needs a time zone and is converted to UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

from heaolu_shared.messages import define, invalid

EARLIEST_BIRTH = date(1900, 1, 1)
EARLIEST_RECORD = date(2000, 1, 1)
LATEST = date(2100, 12, 31)

OUT_OF_RANGE = define(
    "validation.date-range",
    et="Kuupäev peab jääma vahemikku {earliest} kuni {latest}",
    en="The date must lie between {earliest} and {latest}",
    ru="Дата должна быть в пределах от {earliest} до {latest}",
)


def _between(earliest: date) -> AfterValidator:
    def check(value: date) -> date:
        if not earliest <= value <= LATEST:
            raise invalid(OUT_OF_RANGE, earliest=earliest.isoformat(), latest=LATEST.isoformat())
        return value

    return AfterValidator(check)


def _record_time(value: datetime) -> datetime:
    # Compare the local calendar date first: converting 9999-12-31T00:00-23:00 to UTC overflows.
    if not EARLIEST_RECORD <= value.date() <= LATEST:
        raise invalid(OUT_OF_RANGE, earliest=EARLIEST_RECORD.isoformat(), latest=LATEST.isoformat())
    return value.astimezone(UTC)


BirthDate = Annotated[
    date,
    _between(EARLIEST_BIRTH),
    Field(description=f"A birth date, {EARLIEST_BIRTH} … {LATEST}"),
]
RecordDate = Annotated[
    date,
    _between(EARLIEST_RECORD),
    Field(description=f"A date of the record, {EARLIEST_RECORD} … {LATEST}"),
]
RecordDatetime = Annotated[
    AwareDatetime,
    AfterValidator(_record_time),
    Field(description=f"A time with its zone, {EARLIEST_RECORD} … {LATEST}"),
]
