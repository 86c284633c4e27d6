"""The shared policy's NGTS rule: only designated specialists of the municipality."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from heaolu_shared.access import AccessContext, Action, Domain, RecordScope, decide
from heaolu_shared.auth import Principal
from heaolu_shared.roles import Role

NOW = datetime(2026, 12, 1, tzinfo=UTC)
LIST = RecordScope(Domain.NGTS, "0897")
DESIGNATED = AccessContext(now=NOW, designated_domains=frozenset({Domain.NGTS}))
NOT_DESIGNATED = AccessContext(now=NOW)


def user(*roles: str, municipality: str | None = "0897") -> Principal:
    return Principal(subject="s", roles=frozenset(roles), municipality=municipality)


@pytest.mark.parametrize("action", [Action.LIST, Action.READ, Action.UPDATE, Action.CREATE])
def test_a_designated_specialist_works_with_the_municipalitys_list(action: Action) -> None:
    assert decide(user(Role.NGTS_CASE_MANAGER), action, LIST, DESIGNATED).allowed


@pytest.mark.parametrize(
    ("principal", "ctx"),
    [
        (user(Role.NGTS_CASE_MANAGER), NOT_DESIGNATED),
        (user(Role.NGTS_CASE_MANAGER, municipality="0663"), DESIGNATED),
        (user(Role.DEPARTMENT_HEAD, Role.CHILD_PROTECTION_WORKER), DESIGNATED),
        (user(Role.DEPARTMENT_HEAD), NOT_DESIGNATED),
        (user(Role.CHILD_PROTECTION_WORKER), DESIGNATED),
        (user(Role.SKA_COUNSELLOR, municipality=None), DESIGNATED),
        (user(Role.SKA_CENTRAL_AUTHORITY, municipality=None), DESIGNATED),
        (user(Role.AUDITOR, municipality=None), DESIGNATED),
    ],
    ids=[
        "undesignated",
        "other-municipality",
        "head-designated-context",
        "head",
        "worker",
        "ska",
        "ska-central",
        Role.AUDITOR,
    ],
)
def test_everyone_else_is_refused(principal: Principal, ctx: AccessContext) -> None:
    for action in Action:
        assert not decide(principal, action, LIST, ctx).allowed


def test_nobody_exports_the_list() -> None:
    assert not decide(user(Role.NGTS_CASE_MANAGER), Action.EXPORT, LIST, DESIGNATED).allowed


def test_heads_keep_their_case_records() -> None:
    case = RecordScope(Domain.CHILD_PROTECTION, "0897")
    assert decide(user(Role.DEPARTMENT_HEAD), Action.READ, case, NOT_DESIGNATED).allowed
