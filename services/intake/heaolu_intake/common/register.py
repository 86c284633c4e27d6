"""The population-register port and the adapter shipped now.

Routing needs the municipality of a child's registered residence. In production this comes from
the population register over X-Road; the adapter here reads a local table seeded with synthetic
persons, behind the same port.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common.models import RegisteredPerson
from heaolu_shared.pseudonym import valid_personal_code


class PopulationRegister(Protocol):
    async def residence_of(self, personal_code: str) -> str | None:
        """The EHAK code of the person's registered residence, if known."""
        ...


class LocalPopulationRegister:
    """Reads ``registered_person``: synthetic persons for development and tests."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def residence_of(self, personal_code: str) -> str | None:
        person = await self.session.get(RegisteredPerson, personal_code)
        return person.residence_municipality if person else None


def _synthetic_code(prefix: str) -> str:
    for serial in range(1000):
        base = f"{prefix}{serial:03d}"
        for check in range(10):
            if valid_personal_code(base + str(check)):
                return base + str(check)
    raise ValueError(prefix)


SYNTHETIC_RESIDENTS: dict[str, str] = {
    _synthetic_code("5150515"): "0663",  # boy, 2015, Rakvere
    _synthetic_code("6120301"): "0663",  # girl, 2012, Rakvere
    _synthetic_code("5180712"): "0321",  # boy, 2018, Kohtla-Järve
    _synthetic_code("6100228"): "0897",  # girl, 2010, Viljandi
    _synthetic_code("5140909"): "0919",  # boy, 2014, Võru
    "61003150009": "0663",  # citizen.mari, a synthetic 16-year-old
    "38001085718": "0919",  # citizen.jaan
}
"""Synthetic persons of the local register: personal code → residence (EHAK)."""
