"""The outreach rules: message first, voluntary participation, consent before a plan."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from heaolu_ngts.common import messages
from heaolu_ngts.common.enums import Answer, Channel, YouthStatus
from heaolu_ngts.outreach import rules
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import Conflict, RuleViolation

S = YouthStatus


def test_the_first_contact_is_a_message_and_a_call_follows_wants_help_or_no_answer() -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.after_contact(S.LISTED, Channel.PHONE, None)
    assert refused.value.detail is messages.PHONE_NEEDS_ANSWER
    assert refused.value.extra == {"field": "channel"}
    assert rules.after_contact(S.LISTED, Channel.SMS, None) is S.CONTACTED
    assert rules.after_contact(S.CONTACTED, Channel.SMS, Answer.NO_ANSWER) is S.NO_ANSWER
    assert rules.after_contact(S.NO_ANSWER, Channel.PHONE, Answer.WANTS_HELP) is S.WANTS_HELP


def test_a_meeting_needs_the_youths_wish() -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.after_contact(S.NO_ANSWER, Channel.MEETING, None)
    assert refused.value.detail is messages.MEETING_NEEDS_WISH
    assert rules.after_contact(S.WANTS_HELP, Channel.MEETING, None) is S.WANTS_HELP


def test_does_not_want_help_ends_the_work() -> None:
    assert rules.after_contact(S.CONTACTED, Channel.EMAIL, Answer.DOES_NOT_WANT_HELP) is (
        S.DECLINED
    )
    for channel in Channel:
        with pytest.raises(RuleViolation) as refused:
            rules.after_contact(S.DECLINED, channel, None)
        assert refused.value.detail is messages.DECLINED_ENDS_WORK
    with pytest.raises(RuleViolation):
        rules.check_consent(S.DECLINED)


def test_consent_comes_before_the_plan_and_the_plan_before_the_outcome() -> None:
    with pytest.raises(RuleViolation):
        rules.check_consent(S.NO_ANSWER)
    rules.check_consent(S.WANTS_HELP)
    with pytest.raises(RuleViolation) as refused:
        rules.check_plan(S.WANTS_HELP)
    assert refused.value.detail is messages.PLAN_NEEDS_CONSENT
    rules.check_plan(S.CONSENTED)
    with pytest.raises(Conflict):
        rules.check_consent(S.CONSENTED)
    with pytest.raises(RuleViolation):
        rules.check_outcome(S.CONSENTED)
    rules.check_outcome(S.PLANNED)


def test_the_follow_up_runs_six_calendar_months_after_the_goal() -> None:
    calendar = WorkingDayCalendar()
    reached = datetime(2026, 8, 31, 9, tzinfo=UTC)
    until = rules.follow_up_until(reached, 6, calendar)
    expected_day = calendar.local_date(reached).replace(year=2027, month=2, day=28)
    assert until == calendar.end_of_local_day(expected_day)
