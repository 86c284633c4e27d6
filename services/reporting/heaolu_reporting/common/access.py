"""Who may see which figures. Nobody sees a person: every figure is a count over many.

- SKA (counsellors, the central authority) sees every municipality, county and the nation;
- a department head sees their own municipality;
- workers see their own caseload figures;
- the SKA feed's service account and SKA users pull the feed; nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Response

from heaolu_reporting.common.regions import COUNTIES, MUNICIPALITIES, municipalities_of
from heaolu_reporting.messages import (
    BOTH_AREAS,
    FEED_ONLY_SKA,
    NATIONAL_ONLY,
    NO_MUNICIPALITY,
    NO_ROLE,
    OTHER_MUNICIPALITY,
    UNKNOWN_AREA_TITLE,
    UNKNOWN_COUNTY,
    UNKNOWN_MUNICIPALITY,
)
from heaolu_shared.auth import Principal
from heaolu_shared.errors import DomainError, NotPermitted
from heaolu_shared.roles import Role

SKA_ROLES = frozenset({Role.SKA_COUNSELLOR, Role.SKA_CENTRAL_AUTHORITY})
FEED_ROLES = SKA_ROLES | {Role.SKA_FEED_CONSUMER}
WORKER_ROLES = frozenset(
    {Role.CHILD_PROTECTION_WORKER, Role.SOCIAL_SERVICES_SPECIALIST, Role.NGTS_CASE_MANAGER}
)
CACHE_CONTROL = "private, max-age=60"


class Level(StrEnum):
    MUNICIPALITY = "municipality"
    COUNTY = "county"
    NATIONAL = "national"


@dataclass(frozen=True)
class Area:
    """The area figures are computed for; ``municipalities`` is ``None`` for the whole nation."""

    level: Level
    code: str | None
    municipalities: tuple[str, ...] | None


class UnknownArea(DomainError):
    status, slug, title = 400, "unknown-area", UNKNOWN_AREA_TITLE


def area_for(
    principal: Principal,
    municipality: str | None,
    county: str | None,
    *,
    national_only: bool = False,
) -> Area:
    """The area ``principal`` asked for, if they may see it; 403 otherwise. A national-only
    table (the central authority's) is SKA's and has no smaller area."""
    if national_only:
        if not principal.has_any_role(*SKA_ROLES):
            raise NotPermitted(NATIONAL_ONLY)
        if municipality or county:
            raise UnknownArea(NATIONAL_ONLY)
    if municipality and county:
        raise UnknownArea(BOTH_AREAS)
    if county is not None and county not in COUNTIES:
        raise UnknownArea(UNKNOWN_COUNTY)
    if municipality is not None and municipality not in MUNICIPALITIES:
        raise UnknownArea(UNKNOWN_MUNICIPALITY)
    if principal.has_any_role(*SKA_ROLES):
        if municipality:
            return Area(Level.MUNICIPALITY, municipality, (municipality,))
        if county:
            return Area(Level.COUNTY, county, tuple(municipalities_of(county)))
        return Area(Level.NATIONAL, None, None)
    if principal.has_any_role(Role.DEPARTMENT_HEAD):
        own = principal.municipality
        if own is None:
            raise NotPermitted(NO_MUNICIPALITY)
        if county is not None or (municipality is not None and municipality != own):
            raise NotPermitted(OTHER_MUNICIPALITY)
        return Area(Level.MUNICIPALITY, own, (own,))
    raise NotPermitted(NO_ROLE)


def require_worker(principal: Principal) -> str:
    """The worker's subject id, for their own caseload; 403 for anyone else."""
    if not principal.has_any_role(*WORKER_ROLES):
        raise NotPermitted(NO_ROLE)
    return principal.subject


def require_feed_reader(principal: Principal) -> None:
    if not principal.has_any_role(*FEED_ROLES):
        raise NotPermitted(FEED_ONLY_SKA)


async def private_cache(response: Response) -> None:
    """Router dependency: figures may be kept by the caller's browser, never a shared cache."""
    response.headers["Cache-Control"] = CACHE_CONTROL


PrivateCache = Annotated[None, Depends(private_cache)]
