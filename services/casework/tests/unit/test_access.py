"""Who may read and change a case, an assessment and an application: casework's records put
into the shared deny-by-default policy, for every role and relation to the record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from heaolu_casework.common.access import substituted
from heaolu_casework.common.models import Guarded, PreliminaryAssessment, ServiceApplication
from heaolu_shared.access import AccessContext, Action, Domain, decide
from heaolu_shared.auth import Principal
from heaolu_shared.roles import Role

from ..factories import KOHTLA_JARVE, RAKVERE, case, counsellor, head, principal, window, worker

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
ME = worker("kadri")


def _allowed(
    who: Principal, action: Action, record: Guarded, ctx: AccessContext | None = None
) -> bool:
    return decide(who, action, record.scope(), ctx or AccessContext(now=NOW)).allowed


@pytest.mark.parametrize("action", [Action.READ, Action.LIST, Action.UPDATE])
def test_the_assigned_worker_reads_and_changes_their_case(action: Action) -> None:
    assert _allowed(ME, action, case(assignee=ME.subject))


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (worker("mart"), False),
        (head(), True),
        (head(KOHTLA_JARVE), False),
        (worker("kadri", municipality=KOHTLA_JARVE), False),
        (counsellor(), False),
        (principal(Role.NGTS_CASE_MANAGER), False),
        (principal(Role.AUDITOR, municipality=None), False),
    ],
)
def test_others_only_as_the_head_of_the_municipality(who: Principal, allowed: bool) -> None:
    assert _allowed(who, Action.READ, case(assignee=ME.subject)) is allowed


def test_a_case_of_another_kind_than_the_workers_role_stays_closed_to_them() -> None:
    assert not _allowed(ME, Action.READ, case("social_services", assignee=ME.subject))
    social = principal(Role.SOCIAL_SERVICES_SPECIALIST)
    assert _allowed(social, Action.READ, case("social_services", assignee=social.subject))
    assert _allowed(social, Action.READ, case("child_protection", assignee=social.subject))


@pytest.mark.parametrize(
    ("starts", "days", "municipality", "allowed"),
    [
        (NOW - timedelta(days=1), 2, RAKVERE, True),
        (NOW + timedelta(hours=1), 2, RAKVERE, False),
        (NOW - timedelta(days=3), 2, RAKVERE, False),
        (NOW - timedelta(days=1), 2, KOHTLA_JARVE, False),
    ],
)
def test_a_substitute_acts_for_the_absent_worker_only_inside_the_window(
    starts: datetime, days: float, municipality: str, allowed: bool
) -> None:
    substitute = worker("liis")
    ctx = AccessContext(
        now=NOW, substitutions=[window(ME.subject, substitute.subject, starts, days, municipality)]
    )
    the_case = case(assignee=ME.subject)
    assert _allowed(substitute, Action.UPDATE, the_case, ctx) is allowed
    assert (ME.subject in substituted(substitute, ctx)) is allowed


def test_skas_counsellor_reads_a_case_only_under_an_open_request_and_never_changes_it() -> None:
    the_case = case(assignee=ME.subject)
    ska = counsellor()
    asked = AccessContext(now=NOW, counselling_records=frozenset({str(the_case.id)}))
    assert _allowed(ska, Action.READ, the_case, asked)
    assert not _allowed(ska, Action.UPDATE, the_case, asked)
    assert not _allowed(ska, Action.READ, the_case)


def test_nobody_exports_a_case() -> None:
    for who in (ME, head()):
        assert not _allowed(who, Action.EXPORT, case(assignee=who.subject))


def test_an_assessment_is_child_protection_and_an_application_social_services() -> None:
    assessment = PreliminaryAssessment(id=uuid.uuid4(), municipality=RAKVERE, assignee=None)
    application = ServiceApplication(
        id=uuid.uuid4(), municipality=RAKVERE, assignee=None, applicant_pseudonym="p" * 32
    )
    assert assessment.scope().domain is Domain.CHILD_PROTECTION
    assert application.scope().domain is Domain.SOCIAL_SERVICES
    assert application.scope().subject_pseudonym == "p" * 32
    assert case("social_services").scope().domain is Domain.SOCIAL_SERVICES
