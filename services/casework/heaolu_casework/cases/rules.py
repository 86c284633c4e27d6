"""The rules of a case's life, without I/O: who opens which kind of case directly, who sees the
queue of new work and which kinds of it, and when a case with a child in care may close."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from heaolu_casework.common import messages
from heaolu_casework.common.access import case_kinds, domains_of
from heaolu_shared.access import Domain
from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.roles import Role

PLACEMENT_ENDING_REASONS = frozenset({"came_of_age", "died", "moved_abroad"})
"""Closing reasons that end substitute care with the case."""


def may_open_directly(principal: Principal, kind: str) -> bool:
    """A worker opens cases of the domains their roles reach; a department head of both kinds;
    only within their own municipality."""
    return principal.municipality is not None and kind in case_kinds(domains_of(principal))


def direct_assignee(principal: Principal) -> str | None:
    """A case a worker opens is theirs; one a department head opens waits in the queue."""
    return None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject


@dataclass(frozen=True)
class QueueScope:
    """What of the municipality's new work the caller sees in the queue."""

    municipality: str
    assessments: bool
    applications: bool
    case_kinds: frozenset[str]


def queue_scope(principal: Principal, self_assignment: Collection[str]) -> QueueScope:
    """The queue is the department head's; workers see it where the municipality lets them take
    work themselves, and only the kinds of work their roles reach."""
    municipality = principal.municipality
    is_head = Role.DEPARTMENT_HEAD in principal.roles
    if municipality is None or not (is_head or municipality in self_assignment):
        raise NotPermitted(messages.QUEUE_FOR_HEAD)
    domains = domains_of(principal)
    return QueueScope(
        municipality=municipality,
        assessments=Domain.CHILD_PROTECTION in domains,
        applications=Domain.SOCIAL_SERVICES in domains,
        case_kinds=case_kinds(domains),
    )


def check_closing(reason: str, children_in_care: int) -> None:
    """A case whose child is in substitute care closes only for a reason that ends the care
    (the child came of age, died or moved abroad)."""
    if children_in_care and reason not in PLACEMENT_ENDING_REASONS:
        raise RuleViolation(messages.CLOSING_WITH_CHILD_IN_CARE, extra={"field": "reason"})
