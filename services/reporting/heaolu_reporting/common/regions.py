"""Municipalities (EHAK) and the counties they lie in, for county-level figures.

Only the municipalities the development realm knows are listed; a deployment loads the full
EHAK classification (79 municipalities in 15 counties) into this table. A municipality missing
here still counts in its own and the national figures, never in a county's.
"""

from __future__ import annotations

COUNTIES: dict[str, str] = {
    "0037": "Harju maakond",
    "0039": "Hiiu maakond",
    "0045": "Ida-Viru maakond",
    "0050": "Jõgeva maakond",
    "0052": "Järva maakond",
    "0056": "Lääne maakond",
    "0060": "Lääne-Viru maakond",
    "0064": "Põlva maakond",
    "0068": "Pärnu maakond",
    "0071": "Rapla maakond",
    "0074": "Saare maakond",
    "0079": "Tartu maakond",
    "0081": "Valga maakond",
    "0084": "Viljandi maakond",
    "0087": "Võru maakond",
}

MUNICIPALITIES: dict[str, tuple[str, str]] = {
    "0663": ("Rakvere linn", "0060"),
    "0321": ("Kohtla-Järve linn", "0045"),
    "0899": ("Viljandi linn", "0084"),
    "0919": ("Võru linn", "0087"),
}


def municipalities_of(county: str) -> list[str]:
    """The EHAK codes of the municipalities in ``county``."""
    return sorted(code for code, (_, c) in MUNICIPALITIES.items() if c == county)


def municipality_name(code: str) -> str:
    return MUNICIPALITIES.get(code, (code, ""))[0]
