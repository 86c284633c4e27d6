"""The test data is what the validators of the API accept."""

from __future__ import annotations

from datetime import date

import pytest

from heaolu_shared.pseudonym import birth_date_of, valid_personal_code

from ..factories import case_plan_in, child, needs_assessment_in, parent, personal_code


@pytest.mark.parametrize(
    ("born", "female", "first"),
    [
        (date(2015, 5, 15), False, "5"),
        (date(2015, 5, 15), True, "6"),
        (date(1980, 1, 1), True, "4"),
        (date(1899, 12, 31), False, "1"),
    ],
)
def test_synthetic_personal_codes_are_valid_and_carry_the_birth_date(
    born: date, female: bool, first: str
) -> None:
    codes = {personal_code(born, female=female) for _ in range(200)}
    assert all(valid_personal_code(c) and c[0] == first for c in codes)
    assert {birth_date_of(c) for c in codes} == {born}
    assert len(codes) > 50, "the serials vary"


def test_the_bodies_built_pass_the_api_models() -> None:
    assert child(with_code=True).personal_code is not None
    assert parent().personal_code is not None
    assert len(needs_assessment_in().findings) == 9
    assert case_plan_in().action_plan
