"""Court's rules without I/O: clocks from the separation, completeness, filing, ages,
Brussels IIb request contents, and who sees which side of a record."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from heaolu_court.brussels.models import BrusselsRequest, BrusselsTask
from heaolu_court.brussels.schemas import RequestIn
from heaolu_court.brussels.service import check_request
from heaolu_court.common.access import access_context, decide_any
from heaolu_court.custody.models import CustodyApplication
from heaolu_court.custody.schemas import Ruling
from heaolu_court.custody.service import (
    WrongState,
    check_ruling,
    clocks_from_separation,
    may_file,
    missing_fields,
)
from heaolu_court.klat.models import KlatOpinionRequest
from heaolu_court.klat.service import age_on, check_age, ska_opinion_state
from heaolu_court.settings import Settings
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import RuleViolation
from heaolu_shared.roles import Role


def principal(username: str, role: str, municipality: str | None = None) -> Principal:
    return Principal(
        subject=username, username=username, roles=frozenset({role}), municipality=municipality
    )


WORKER = principal("rakvere.worker", Role.CHILD_PROTECTION_WORKER, "0663")
HEAD = principal("rakvere.head", Role.DEPARTMENT_HEAD, "0663")
OTHER_HEAD = principal("kohtla-jarve.head", Role.DEPARTMENT_HEAD, "0321")
COUNSELLOR = principal("ska.counsellor", Role.SKA_COUNSELLOR)
CENTRAL = principal("ska.central", Role.SKA_CENTRAL_AUTHORITY)


def application(**values: object) -> CustodyApplication:
    base: dict[str, object] = {
        "id": uuid.uuid4(),
        "municipality": "0663",
        "assignee": WORKER.subject,
        "status": "completed",
    }
    return CustodyApplication(**(base | values))


def test_both_clocks_count_from_the_separation() -> None:
    calendar = default_calendar()
    separated = datetime(2026, 12, 24, 22, 30, tzinfo=UTC)
    filing, ruling = clocks_from_separation(separated, 48, calendar)
    assert filing == calendar.add_hours_deadline(separated, 48)
    assert ruling == calendar.add_hours_deadline(separated, 72)
    assert filing < ruling


def test_an_application_lacking_the_childs_opinion_and_its_reason_is_incomplete() -> None:
    draft = application(facts="x", danger="x")
    missing = missing_fields(draft)
    assert "child_opinion" in missing and "court_name" in missing and "facts" not in missing
    draft.child_opinion_missing_reason = "Laps on imik"
    assert "child_opinion" not in missing_fields(draft)


def test_filing_needs_the_heads_approval_only_where_the_municipality_requires_it() -> None:
    requiring = Settings(head_approval_municipalities=["0663"])
    with pytest.raises(RuleViolation):
        may_file(application(), requiring)
    may_file(application(), Settings(head_approval_municipalities=[]))
    may_file(application(status="approved"), requiring)
    with pytest.raises(WrongState):
        may_file(application(status="draft"), requiring)


def test_a_ruling_cannot_precede_the_filing() -> None:
    filed_at = datetime(2026, 12, 1, 10, tzinfo=UTC)
    filed = application(status="filed", filed_at=filed_at)
    with pytest.raises(RuleViolation):
        check_ruling(
            filed,
            Ruling(outcome="granted", ruled_at=datetime(2026, 12, 1, 9, tzinfo=UTC)),
            filed_at,
        )
    with pytest.raises(WrongState):
        check_ruling(application(), Ruling(outcome="granted", ruled_at=filed_at), filed_at)


@pytest.mark.parametrize(
    ("birth", "exception_needed"),
    [(date(2016, 6, 1), True), (date(2012, 6, 1), False), (date(2008, 6, 1), True)],
)
def test_ages_outside_twelve_to_eighteen_need_a_reason(birth: date, exception_needed: bool) -> None:
    on = date(2026, 6, 2)
    if exception_needed:
        with pytest.raises(RuleViolation):
            check_age(birth, on, None)
        assert check_age(birth, on, "põhjendus") is True
    else:
        assert check_age(birth, on, None) is False


def test_age_counts_the_birthday() -> None:
    assert age_on(date(2014, 6, 2), date(2026, 6, 1)) == 11
    assert age_on(date(2014, 6, 2), date(2026, 6, 2)) == 12


def test_the_application_states_skas_opinion_or_its_absence() -> None:
    assert ska_opinion_state(None) == "not_requested"
    assert ska_opinion_state(KlatOpinionRequest(status="requested")) == "pending"
    answered = KlatOpinionRequest(status="answered", opinion="not_suitable")
    assert ska_opinion_state(answered) == "not_suitable"


def test_art82_needs_funding_and_duration_and_kinds_follow_articles() -> None:
    body = {
        "article": "art82",
        "kind": "placement_consent",
        "direction": "outgoing",
        "member_state": "LV",
        "foreign_authority": "Latvian central authority",
        "child": "Sünteetiline laps",
        "reasons": "Paigutus sugulaste juurde",
    }
    with pytest.raises(RuleViolation):
        check_request(RequestIn.model_validate(body))
    check_request(RequestIn.model_validate(body | {"funding": "KOV", "expected_duration": "1 a"}))
    with pytest.raises(RuleViolation):
        check_request(RequestIn.model_validate(body | {"article": "art79"}))


def test_each_party_sees_its_side_of_a_record() -> None:
    ctx = access_context()
    request = KlatOpinionRequest(id=uuid.uuid4(), municipality="0663", assignee=WORKER.subject)
    for who, allowed in (
        (WORKER, True),
        (HEAD, True),
        (COUNSELLOR, True),
        (CENTRAL, False),
        (OTHER_HEAD, False),
    ):
        assert decide_any(who, Action.READ, request.scopes(), ctx).allowed is allowed, who.username
    brussels = BrusselsRequest(id=uuid.uuid4())
    task = BrusselsTask(id=uuid.uuid4(), municipality="0663", assignee=None)
    assert decide_any(CENTRAL, Action.READ, brussels.scopes(), ctx).allowed
    assert not decide_any(HEAD, Action.READ, brussels.scopes(), ctx).allowed
    assert not decide_any(COUNSELLOR, Action.READ, brussels.scopes(), ctx).allowed
    assert decide_any(HEAD, Action.READ, task.scopes(), ctx).allowed
    assert not decide_any(WORKER, Action.READ, task.scopes(), ctx).allowed
    assert not decide_any(OTHER_HEAD, Action.READ, task.scopes(), ctx).allowed
    custody = application()
    assert not decide_any(COUNSELLOR, Action.READ, custody.scopes(), ctx).allowed
    assert not decide_any(CENTRAL, Action.READ, custody.scopes(), ctx).allowed
