"""Estonia's local governments and counties by their EHAK codes, for county-level figures.

The classification is EHAK (Eesti haldus- ja asustusjaotuse klassifikaator, Statistics Estonia
and the Land Board) as it stands since the 2017 administrative reform and unchanged in its 2024
version: 79 local governments (15 towns, 64 rural municipalities) in 15 counties. The same codes
are the local administrative units of Eurostat's LAU list for Estonia (``EE`` + code).

Every municipality lies in exactly one county (``tests/unit/test_regions.py``). A code that EHAK
does not know is refused as an area (``unknown-area``); an event carrying one still counts in the
national figures, never in a county's.
"""

from __future__ import annotations

from types import MappingProxyType

COUNTIES: MappingProxyType[str, str] = MappingProxyType(
    {
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
)

_BY_COUNTY: dict[str, dict[str, str]] = {
    "0037": {
        "0141": "Anija vald",
        "0198": "Harku vald",
        "0245": "Jõelähtme vald",
        "0296": "Keila linn",
        "0304": "Kiili vald",
        "0338": "Kose vald",
        "0353": "Kuusalu vald",
        "0424": "Loksa linn",
        "0431": "Lääne-Harju vald",
        "0446": "Maardu linn",
        "0651": "Raasiku vald",
        "0653": "Rae vald",
        "0718": "Saku vald",
        "0726": "Saue vald",
        "0784": "Tallinn",
        "0890": "Viimsi vald",
    },
    "0039": {"0205": "Hiiumaa vald"},
    "0045": {
        "0130": "Alutaguse vald",
        "0251": "Jõhvi vald",
        "0321": "Kohtla-Järve linn",
        "0442": "Lüganuse vald",
        "0511": "Narva linn",
        "0514": "Narva-Jõesuu linn",
        "0735": "Sillamäe linn",
        "0803": "Toila vald",
    },
    "0050": {"0247": "Jõgeva vald", "0486": "Mustvee vald", "0618": "Põltsamaa vald"},
    "0052": {"0255": "Järva vald", "0567": "Paide linn", "0834": "Türi vald"},
    "0056": {"0184": "Haapsalu linn", "0441": "Lääne-Nigula vald", "0907": "Vormsi vald"},
    "0060": {
        "0191": "Haljala vald",
        "0272": "Kadrina vald",
        "0661": "Rakvere vald",
        "0663": "Rakvere linn",
        "0792": "Tapa vald",
        "0901": "Vinni vald",
        "0903": "Viru-Nigula vald",
        "0928": "Väike-Maarja vald",
    },
    "0064": {"0284": "Kanepi vald", "0622": "Põlva vald", "0708": "Räpina vald"},
    "0068": {
        "0214": "Häädemeeste vald",
        "0303": "Kihnu vald",
        "0430": "Lääneranna vald",
        "0624": "Pärnu linn",
        "0638": "Põhja-Pärnumaa vald",
        "0712": "Saarde vald",
        "0809": "Tori vald",
    },
    "0071": {
        "0293": "Kehtna vald",
        "0317": "Kohila vald",
        "0503": "Märjamaa vald",
        "0668": "Rapla vald",
    },
    "0074": {"0478": "Muhu vald", "0689": "Ruhnu vald", "0714": "Saaremaa vald"},
    "0079": {
        "0171": "Elva vald",
        "0283": "Kambja vald",
        "0291": "Kastre vald",
        "0432": "Luunja vald",
        "0528": "Nõo vald",
        "0586": "Peipsiääre vald",
        "0793": "Tartu linn",
        "0796": "Tartu vald",
    },
    "0081": {"0557": "Otepää vald", "0824": "Tõrva vald", "0855": "Valga vald"},
    "0084": {
        "0480": "Mulgi vald",
        "0615": "Põhja-Sakala vald",
        "0897": "Viljandi linn",
        "0899": "Viljandi vald",
    },
    "0087": {
        "0142": "Antsla vald",
        "0698": "Rõuge vald",
        "0732": "Setomaa vald",
        "0917": "Võru vald",
        "0919": "Võru linn",
    },
}

MUNICIPALITIES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        code: (name, county)
        for county, members in _BY_COUNTY.items()
        for code, name in members.items()
    }
)
"""EHAK code of a local government -> (its name, the EHAK code of its county)."""


def municipalities_of(county: str) -> list[str]:
    """The EHAK codes of the municipalities in ``county``."""
    return sorted(code for code, (_, c) in MUNICIPALITIES.items() if c == county)


def county_of(municipality: str) -> str | None:
    """The county ``municipality`` lies in; ``None`` for a code EHAK does not know."""
    found = MUNICIPALITIES.get(municipality)
    return found[1] if found else None


def municipality_name(code: str) -> str:
    return MUNICIPALITIES.get(code, (code, ""))[0]
