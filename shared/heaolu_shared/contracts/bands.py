"""Coarse categories that events carry instead of exact personal values."""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

AgeBand = Literal["0-2", "3-6", "7-11", "12-14", "15-17", "18-26", "27+"]
"""Age in whole years, banded: early childhood, pre-school, school ages, KLAT ages (12-17) and
the youth guarantee's 16-26 fall on band edges a report needs."""

_BANDS: tuple[tuple[int, AgeBand], ...] = tuple(
    (int(band.split("-")[0].rstrip("+")), band) for band in get_args(AgeBand)
)


def age_band(birth: date, on: date) -> AgeBand:
    """The age band of someone born on ``birth``, on the day ``on``."""
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    band: AgeBand = "0-2"
    for lower, name in _BANDS:
        if age >= lower:
            band = name
    return band
