"""The EHAK classification behind county figures: 79 local governments in 15 counties."""

from __future__ import annotations

from collections import Counter

from heaolu_reporting.common.regions import (
    COUNTIES,
    MUNICIPALITIES,
    county_of,
    municipalities_of,
    municipality_name,
)

PER_COUNTY = {
    "Harju maakond": 16,
    "Hiiu maakond": 1,
    "Ida-Viru maakond": 8,
    "Jõgeva maakond": 3,
    "Järva maakond": 3,
    "Lääne maakond": 3,
    "Lääne-Viru maakond": 8,
    "Põlva maakond": 3,
    "Pärnu maakond": 7,
    "Rapla maakond": 4,
    "Saare maakond": 3,
    "Tartu maakond": 8,
    "Valga maakond": 3,
    "Viljandi maakond": 4,
    "Võru maakond": 5,
}
"""Local governments per county since the 2017 reform (EHAK 2024)."""


def test_there_are_79_municipalities_in_15_counties() -> None:
    assert len(MUNICIPALITIES) == 79
    assert len(COUNTIES) == 15
    assert len(set(COUNTIES.values())) == 15


def test_every_municipality_lies_in_exactly_one_known_county() -> None:
    members = [code for county in COUNTIES for code in municipalities_of(county)]

    assert Counter(members) == Counter(list(MUNICIPALITIES))  # each once, none left out
    for code in MUNICIPALITIES:
        assert county_of(code) in COUNTIES
        assert sum(code in municipalities_of(county) for county in COUNTIES) == 1


def test_the_counties_hold_the_local_governments_ehak_gives_them() -> None:
    found = {COUNTIES[c]: len(municipalities_of(c)) for c in COUNTIES}
    assert found == PER_COUNTY
    # 15 towns (linn, Tallinn) and 64 rural municipalities (vald).
    towns = [n for n, _ in MUNICIPALITIES.values() if not n.endswith(" vald")]
    assert len(towns) == 15


def test_codes_are_four_digits_and_names_unique() -> None:
    assert all(len(code) == 4 and code.isdigit() for code in [*MUNICIPALITIES, *COUNTIES])
    assert len({name for name, _ in MUNICIPALITIES.values()}) == 79
    assert not set(MUNICIPALITIES) & set(COUNTIES)


def test_the_demo_municipalities_are_in_their_counties() -> None:
    assert county_of("0663") == "0060"  # Rakvere linn, Lääne-Viru
    assert county_of("0321") == "0045"  # Kohtla-Järve linn, Ida-Viru
    assert county_of("0899") == "0084"  # Viljandi maakond
    assert county_of("0919") == "0087"  # Võru linn, Võru
    assert municipality_name("0784") == "Tallinn"
    assert county_of("9999") is None and municipality_name("9999") == "9999"
