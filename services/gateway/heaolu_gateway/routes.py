"""The declarative route table: which path goes to which service, and who may call it.

The gateway enforces route-level rules only; record-level decisions belong to the services,
which validate the token again with the same shared code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DataClass(StrEnum):
    """How sensitive a route's data is; drives the response headers the gateway adds."""

    PUBLIC = "public"
    PERSONAL = "personal"
    PROTECTED = "protected"
    """Personal data under STAR's no-copy rules (e.g. the NGTS list)."""


@dataclass(frozen=True)
class Route:
    prefix: str
    service: str
    public: bool = False
    roles: frozenset[str] | None = None
    """Roles of which the caller needs one; ``None`` means any authenticated caller."""
    data_class: DataClass = DataClass.PERSONAL


COURT_ROLES = frozenset(
    {
        "child_protection_worker",
        "social_services_specialist",
        "department_head",
        "ska_counsellor",
        "ska_central_authority",
    }
)
"""Court work: the municipalities' child-protection staff and SKA."""

ROUTES: tuple[Route, ...] = (
    Route("/api/intake/v1/public/", "intake", public=True, data_class=DataClass.PUBLIC),
    Route("/api/intake/v1/", "intake"),
    Route("/api/casework/v1/", "casework"),
    Route("/api/court/v1/", "court", roles=COURT_ROLES),
    Route("/api/ngts/v1/", "ngts", data_class=DataClass.PROTECTED),
    Route("/api/reporting/v1/", "reporting"),
    Route("/api/audit/v1/", "audit"),
)


def match(path: str, routes: tuple[Route, ...] = ROUTES) -> Route | None:
    """The route with the longest prefix matching ``path``."""
    best: Route | None = None
    for route in routes:
        if path.startswith(route.prefix) and (best is None or len(route.prefix) > len(best.prefix)):
            best = route
    return best
