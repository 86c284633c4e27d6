"""The register port through which a round's list arrives, and the synthetic adapter.

In production the list is the answer of the STAR register query over X-Road (an adapter that can
come later behind the same port). The synthetic adapter invents youths for development, tests
and benchmarks: valid personal codes, names made of syllables, contacts under ``.invalid``, and
a configurable share of rows that fail one of the regulation's conditions.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from heaolu_shared.pseudonym import valid_personal_code

CONDITION_FLAGS = (
    "studying",
    "working",
    "registered_unemployed",
    "lacks_work_capacity",
    "in_job_support_service",
    "entrepreneur",
    "childcare_benefit",
    "in_custody",
    "in_service",
)
"""The conditions of STAR regulation §8(11): a youth on the list meets none of them."""


@dataclass(frozen=True)
class Guardian:
    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class RegisterRow:
    """One row of the register's answer, before NGTS checks it."""

    personal_code: str
    given_name: str
    family_name: str
    residence: str
    email: str | None = None
    phone: str | None = None
    guardian: Guardian | None = None
    education: str | None = None
    last_employment: str | None = None
    studying: bool = False
    working: bool = False
    registered_unemployed: bool = False
    lacks_work_capacity: bool = False
    in_job_support_service: bool = False
    entrepreneur: bool = False
    childcare_benefit: bool = False
    in_custody: bool = False
    in_service: bool = False


class YouthRegister(Protocol):
    def query(self, municipality: str, query_date: date) -> AsyncIterator[RegisterRow]:
        """The rows of the municipality's list for the round of ``query_date``."""
        ...


GIVEN_NAMES = (
    "Mari", "Liis", "Kadri", "Anu", "Triin", "Kertu", "Grete", "Eliise", "Maria", "Sandra",
    "Jaan", "Mihkel", "Rasmus", "Karl", "Markus", "Oliver", "Robin", "Sander", "Kevin", "Marten",
)  # fmt: skip
SYLLABLES = (
    "ka", "ru", "mä", "le", "pi", "so", "tu", "va", "ne", "lo", "ri", "se",
    "ma", "kõ", "ja", "ve", "ta", "ilu", "ots", "mets", "saar", "kask", "põld", "lepp",
)  # fmt: skip
EDUCATION = (
    "põhiharidus",
    "põhiharidus (katkestatud keskharidus)",
    "üldkeskharidus",
    "kutseharidus (katkestatud)",
    "kutsekeskharidus",
)
EMPLOYMENT = (None, "müüja", "laotööline", "kokaabi", "klienditeenindaja", "ehitustööline")


def _code(rng: random.Random, born: date) -> str:
    century = 5 if born.year >= 2000 else 3
    gender = century + rng.randrange(2)
    base = f"{gender}{born:%y%m%d}{rng.randrange(1000):03d}"
    return next(base + str(c) for c in range(10) if valid_personal_code(base + str(c)))


def _family_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


class SyntheticYouthRegister:
    """Invented youths; the same municipality and round always give the same list."""

    def __init__(self, size: int, failing_share: float) -> None:
        self.size = size
        self.failing_share = failing_share

    def row(self, rng: random.Random, municipality: str, query_date: date) -> RegisterRow:
        fails = rng.random() < self.failing_share
        reason = rng.choice(("age", "residence", *CONDITION_FLAGS)) if fails else None
        min_age, max_age = (27, 30) if reason == "age" else (16, 26)
        youngest = date(query_date.year - min_age, query_date.month, query_date.day)
        span = (youngest - date(query_date.year - max_age - 1, query_date.month, 16)).days
        born = youngest - timedelta(days=rng.randrange(max(span, 1)))
        given = rng.choice(GIVEN_NAMES)
        family = _family_name(rng)
        minor = (query_date - born).days < 18 * 365
        return RegisterRow(
            personal_code=_code(rng, born),
            given_name=given,
            family_name=family,
            residence="0000" if reason == "residence" else municipality,
            email=f"{given.lower()}.{rng.randrange(10**6)}@example.invalid",
            phone=f"+3725{rng.randrange(10**7):07d}",
            guardian=Guardian(name=f"{rng.choice(GIVEN_NAMES)} {family}", phone="+3725" + "0" * 7)
            if minor
            else None,
            education=rng.choice(EDUCATION),
            last_employment=rng.choice(EMPLOYMENT),
            **({reason: True} if reason in CONDITION_FLAGS else {}),
        )

    async def query(self, municipality: str, query_date: date) -> AsyncIterator[RegisterRow]:
        rng = random.Random(f"{municipality}:{query_date.isoformat()}")  # noqa: S311 (synthetic)
        for _ in range(self.size):
            yield self.row(rng, municipality, query_date)
