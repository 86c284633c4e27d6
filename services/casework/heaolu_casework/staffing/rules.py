"""The rules of substitution and counselling, without I/O: the window, who substitutes whom,
who ends a window, who sees a counselling request."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from heaolu_casework.common import messages
from heaolu_casework.common.assignment import WORKER_ROLES
from heaolu_casework.common.models import CounsellingRequest, Substitution
from heaolu_shared.auth import Principal
from heaolu_shared.errors import RuleViolation
from heaolu_shared.roles import Role

MAX_SUBSTITUTION = timedelta(days=366)


def check_window(starts_at: datetime, ends_at: datetime) -> None:
    """A window ends after it starts and lasts at most a year."""
    if ends_at <= starts_at or ends_at - starts_at > MAX_SUBSTITUTION:
        raise RuleViolation(messages.SUBSTITUTION_WINDOW, extra={"field": "ends_at"})


def may_substitute(
    absent_roles: Collection[str],
    substitute_roles: Collection[str],
    substitute_municipality: str | None,
    municipality: str,
) -> bool:
    """The substitute is a worker of the same municipality sharing a worker role with the
    absent one."""
    shared = set(absent_roles) & WORKER_ROLES & set(substitute_roles)
    return substitute_municipality == municipality and bool(shared)


def may_end_substitution(principal: Principal, substitution: Substitution) -> bool:
    """The absent worker, or a department head of the substitution's municipality."""
    if principal.municipality != substitution.municipality:
        return False
    return principal.subject == substitution.absent or Role.DEPARTMENT_HEAD in principal.roles


def counsellor(principal: Principal) -> bool:
    return Role.SKA_COUNSELLOR in principal.roles


def may_see_counselling(principal: Principal, request: CounsellingRequest) -> bool:
    """SKA's counselling service (to whom every request is addressed), the worker who asked,
    and the department head of the asking municipality."""
    if counsellor(principal):
        return True
    if principal.municipality != request.municipality:
        return False
    return principal.subject == request.opened_by or Role.DEPARTMENT_HEAD in principal.roles
