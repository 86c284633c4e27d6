"""Route-level access checks shared by services (record-level rules come with the access model)."""

from __future__ import annotations

from collections.abc import Iterable

from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted


def require_any_role(principal: Principal, roles: Iterable[str]) -> None:
    """Refuse with 403 unless the principal holds one of ``roles``."""
    if principal.roles.isdisjoint(roles):
        raise NotPermitted("your role does not allow this action / teie roll seda ei luba")


def require_municipality(principal: Principal) -> str:
    """The principal's municipality; 403 for users who belong to none."""
    if principal.municipality is None:
        raise NotPermitted("this action needs a municipality / toiming eeldab omavalitsust")
    return principal.municipality
