"""Which register rows NGTS stores, and the synthetic register that feeds the import."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date

import pytest

from heaolu_ngts.youths.register import CONDITION_FLAGS, RegisterRow, SyntheticYouthRegister
from heaolu_ngts.youths.rules import age_on, refusal_reason
from heaolu_shared.pseudonym import valid_personal_code

QUERY = date(2026, 10, 15)


def code_born(born: date) -> str:
    base = f"{5 if born.year >= 2000 else 3}{born:%y%m%d}123"
    return next(base + str(c) for c in range(10) if valid_personal_code(base + str(c)))


def row(born: date, **changes: object) -> RegisterRow:
    base = RegisterRow(
        personal_code=code_born(born), given_name="Test", family_name="Noor", residence="0897"
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("born", "stored"),
    [
        (date(2010, 10, 15), True),  # 16 on the query date
        (date(2010, 10, 16), False),  # turns 16 the day after
        (date(1999, 10, 16), True),  # 26 until the day after the query
        (date(1999, 10, 15), False),  # 27 on the query date
    ],
)
def test_only_youths_aged_16_to_26_on_the_query_date_are_stored(born: date, stored: bool) -> None:
    reason = refusal_reason(row(born), municipality="0897", query_date=QUERY)
    assert (reason is None) is stored
    if not stored:
        assert reason == "outside_age_range"


@pytest.mark.parametrize("flag", CONDITION_FLAGS)
def test_a_youth_meeting_any_condition_of_the_regulation_is_refused(flag: str) -> None:
    youth = row(date(2004, 1, 1), **{flag: True})
    assert refusal_reason(youth, municipality="0897", query_date=QUERY) == flag


def test_invalid_codes_and_other_municipalities_are_refused() -> None:
    good = row(date(2004, 1, 1))
    bad_code = replace(good, personal_code=good.personal_code[:-1] + "x")
    assert refusal_reason(bad_code, municipality="0897", query_date=QUERY) == (
        "invalid_personal_code"
    )
    assert refusal_reason(good, municipality="0663", query_date=QUERY) == "other_municipality"


def test_age_counts_completed_years() -> None:
    assert age_on(date(2000, 3, 15), date(2026, 3, 14)) == 25
    assert age_on(date(2000, 3, 15), date(2026, 3, 15)) == 26


def test_the_synthetic_register_gives_the_same_list_with_the_configured_share_failing() -> None:
    register = SyntheticYouthRegister(size=2000, failing_share=0.06)

    async def collect() -> list[RegisterRow]:
        return [r async for r in register.query("0897", QUERY)]

    first, second = asyncio.run(collect()), asyncio.run(collect())
    assert first == second
    refused = [r for r in first if refusal_reason(r, municipality="0897", query_date=QUERY)]
    assert 60 <= len(refused) <= 200
    assert all(valid_personal_code(r.personal_code) for r in first)
