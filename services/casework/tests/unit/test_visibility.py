"""What the access rules let a caller list, as the SQL filter every list uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from heaolu_casework.common.access import visibility
from heaolu_shared.access import AccessContext
from heaolu_shared.auth import Principal
from heaolu_shared.roles import Role

from ..factories import KOHTLA_JARVE, RAKVERE, window

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def principal(*roles: Role, municipality: str | None = RAKVERE) -> Principal:
    return Principal(subject="me", roles=frozenset(roles), municipality=municipality)


def test_a_worker_sees_their_own_and_the_absent_colleagues_of_their_roles_domain() -> None:
    ctx = AccessContext(
        now=NOW,
        substitutions=[
            window("away", "me", NOW - timedelta(days=1), days=2),
            window("later", "me", NOW + timedelta(days=1), days=1),
            window("elsewhere", "me", NOW - timedelta(days=1), days=2, municipality=KOHTLA_JARVE),
        ],
    )
    seen = visibility(principal(Role.CHILD_PROTECTION_WORKER), ctx)
    assert seen.assignees == {"me", "away"}
    assert seen.kinds == {"child_protection"}
    assert not seen.whole_municipality


def test_a_head_sees_the_whole_municipality() -> None:
    seen = visibility(principal(Role.DEPARTMENT_HEAD), AccessContext(now=NOW))
    assert seen.whole_municipality
    assert seen.kinds == {"child_protection", "social_services"}


def test_a_counsellor_sees_only_records_under_an_open_request() -> None:
    record = uuid.uuid4()
    ctx = AccessContext(now=NOW, counselling_records=frozenset({str(record)}))
    seen = visibility(principal(Role.SKA_COUNSELLOR, municipality=None), ctx)
    assert seen.record_ids == {record}
    assert not seen.whole_municipality and not seen.kinds
