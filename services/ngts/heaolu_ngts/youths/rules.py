"""Which rows of the register's answer may be stored (STAR regulation §8(11)-(12)).

A youth is stored only when aged 16-26 on the query date, resident in the municipality and
meeting none of the conditions the regulation lists; everyone else is refused and only counted.
"""

from __future__ import annotations

from datetime import date

from heaolu_ngts.youths.register import CONDITION_FLAGS, RegisterRow
from heaolu_shared.pseudonym import birth_date_of, valid_personal_code

MIN_AGE, MAX_AGE = 16, 26


def age_on(born: date, day: date) -> int:
    """Completed years on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def refusal_reason(row: RegisterRow, *, municipality: str, query_date: date) -> str | None:
    """Why the row may not be stored, or ``None`` when it may (the first failing condition)."""
    if not valid_personal_code(row.personal_code):
        return "invalid_personal_code"
    if not MIN_AGE <= age_on(birth_date_of(row.personal_code), query_date) <= MAX_AGE:
        return "outside_age_range"
    if row.residence != municipality:
        return "other_municipality"
    for flag in CONDITION_FLAGS:
        if getattr(row, flag):
            return flag
    return None
