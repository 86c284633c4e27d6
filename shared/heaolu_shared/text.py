"""Text fields from outside: no control characters, trimmed, bounded."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, StringConstraints

from heaolu_shared.messages import define, invalid

CONTROL_CHARACTERS = define(
    "validation.control-characters",
    et="Tekst sisaldab juhtmärke",
    en="The text contains control characters",
    ru="Текст содержит управляющие символы",
)

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise invalid(CONTROL_CHARACTERS)
    return unicodedata.normalize("NFC", value)


@dataclass(frozen=True)
class Bounded(GroupedMetadata):
    """Text without control or bidi-override characters, trimmed, of bounded length.

    Used as ``Annotated[str, Bounded(200, 1)]``: a real type for mypy and pydantic alike
    (newlines and tabs are allowed).
    """

    max_length: int
    min_length: int = 0

    def __iter__(self) -> Iterator[object]:
        yield StringConstraints(
            strip_whitespace=True, min_length=self.min_length, max_length=self.max_length
        )
        yield AfterValidator(_no_control_characters)


_CLEAN = AfterValidator(_no_control_characters)
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000), _CLEAN]
"""Free text of a record (findings, reasoning, facts): up to 10 000 characters."""
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), _CLEAN]
"""A line: a place, a provider's name, a role."""
NameText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _CLEAN
]
"""A person's given or family name."""
Username = Annotated[
    str,
    StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._@-]+$"),
]
"""A staff member's username in the identity provider: letters, digits and ``._@-``."""
