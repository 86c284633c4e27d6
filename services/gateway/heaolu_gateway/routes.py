"""The declarative route table: which path goes to which service, and who may call it.

The gateway enforces route-level rules only; record-level decisions belong to the services,
which validate the token again with the same shared code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from heaolu_shared.roles import Role


class DataClass(StrEnum):
    """How sensitive a route's data is; drives the response headers the gateway adds."""

    PUBLIC = "public"
    PERSONAL = "personal"
    PROTECTED = "protected"
    """Personal data under STAR's no-copy rules (e.g. the NGTS list)."""
    AGGREGATE = "aggregate"
    """Statistics without personal data (reporting): a browser may keep them, no shared cache."""


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
        Role.CHILD_PROTECTION_WORKER,
        Role.SOCIAL_SERVICES_SPECIALIST,
        Role.DEPARTMENT_HEAD,
        Role.SKA_COUNSELLOR,
        Role.SKA_CENTRAL_AUTHORITY,
    }
)
"""Court work: the municipalities' child-protection staff and SKA."""

ROUTES: tuple[Route, ...] = (
    Route("/api/intake/v1/public/", "intake", public=True, data_class=DataClass.PUBLIC),
    Route("/api/intake/v1/", "intake"),
    Route("/api/casework/v1/", "casework"),
    Route("/api/court/v1/", "court", roles=COURT_ROLES),
    Route("/api/ngts/v1/", "ngts", data_class=DataClass.PROTECTED),
    Route(
        "/api/reporting/v1/ska-feed/",
        "reporting",
        roles=frozenset({Role.SKA_FEED_CONSUMER, Role.SKA_COUNSELLOR, Role.SKA_CENTRAL_AUTHORITY}),
    ),
    Route(
        "/api/reporting/v1/",
        "reporting",
        roles=frozenset(
            {
                Role.DEPARTMENT_HEAD,
                Role.SKA_COUNSELLOR,
                Role.SKA_CENTRAL_AUTHORITY,
                Role.CHILD_PROTECTION_WORKER,
                Role.SOCIAL_SERVICES_SPECIALIST,
                Role.NGTS_CASE_MANAGER,
            }
        ),
        data_class=DataClass.AGGREGATE,
    ),
    Route("/api/audit/v1/", "audit"),
)


def match(path: str, routes: tuple[Route, ...] = ROUTES) -> Route | None:
    """The route with the longest prefix matching ``path``."""
    best: Route | None = None
    for route in routes:
        if path.startswith(route.prefix) and (best is None or len(route.prefix) > len(best.prefix)):
            best = route
    return best
