"""A fixed flow of intake, casework, court and NGTS events and the figures it must give, worked
out by hand."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from heaolu_shared.contracts import casework as cw
from heaolu_shared.contracts import court, intake, ngts
from heaolu_shared.events import CloudEvent, EventPayload, registry


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def ids(n: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(n)]


CHILD_A, CHILD_B, CHILD_C = "a" * 32, "b" * 32, "c" * 32
"""The services' pseudonyms of three children (reporting re-keys them)."""
CHILD_NAME = "Sünteetiline Nimi"
"""As intake's events carry it for worklists; reporting must not keep it."""


def flow() -> list[CloudEvent]:
    r1, r2, r3, r4 = ids(4)
    a1, a2, a3 = ids(3)
    c1, c3 = ids(2)
    removal, klat, y1, y2, round_id, inquiry = ids(6)
    q1, q2, q3, brussels_1, brussels_2, task = ids(6)
    payloads: list[EventPayload] = [
        intake.ReportReceivedV1(
            report_id=r1,
            municipality="0663",
            received_at=at(2),
            need_level="in_need",
            channel="school",
            child_pseudonym=CHILD_A,
            age_band="7-11",
            concern_category="school_absence",
            child_name=CHILD_NAME,
        ),
        intake.ReportReceivedV2(
            report_id=r2,
            municipality="0663",
            received_at=at(3),
            need_level="in_danger",
            child_pseudonym=CHILD_B,
            urgent=True,
        ),
        intake.ReportLinkedV1(
            report_id=r3,
            thread_report_id=r1,
            municipality="0663",
            received_at=at(4),
            need_level="in_need",
            urgent=False,
        ),
        intake.ReportReceivedV1(
            report_id=r4,
            municipality="0321",
            received_at=at(5),
            need_level="in_need",
            channel="helpline_116111",
            child_pseudonym=CHILD_C,
        ),
        cw.PreliminaryAssessmentDecidedV1(
            assessment_id=a1,
            report_id=r1,
            municipality="0663",
            outcome="open_case",
            decided_at=at(6),
            late=False,
            case_id=c1,
        ),
        cw.PreliminaryAssessmentDecidedV1(
            assessment_id=a2,
            report_id=r2,
            municipality="0663",
            outcome="not_opened",
            decided_at=at(15),
            late=True,
        ),
        cw.PreliminaryAssessmentDecidedV1(
            assessment_id=a3,
            report_id=r4,
            municipality="0321",
            outcome="open_case",
            decided_at=at(10),
            late=False,
            case_id=c3,
        ),
        cw.CaseOpenedV1(
            case_id=c1,
            municipality="0663",
            kind="child_protection",
            opened_at=at(6, 11),
            subject_pseudonym=CHILD_A,
            origin="preliminary_assessment",
            assignee="worker-1",
            age_band="7-11",
        ),
        cw.CaseOpenedV1(
            case_id=c3,
            municipality="0321",
            kind="child_protection",
            opened_at=at(10, 11),
            subject_pseudonym=CHILD_C,
            origin="preliminary_assessment",
            assignee="worker-2",
        ),
        # The court's filing arrives before the removal it belongs to (another topic).
        court.CourtApplicationFiledV1(
            application_id=uuid.uuid4(),
            removal_id=removal,
            case_id=c1,
            municipality="0663",
            separated_at=at(7),
            filed_at=at(9, 12),
            filing_due_at=at(9),
            ruling_due_at=at(7) + timedelta(hours=72),
            within_target=False,
            within_72_hours=True,
            head_approved=True,
        ),
        cw.RemovalRecordedV1(
            removal_id=removal,
            case_id=c1,
            municipality="0663",
            separated_at=at(7),
            legal_ground="custodian_caused_danger",
            court_filing_due_at=at(9),
            ruling_due_at=at(7) + timedelta(hours=72),
            subject_pseudonym=CHILD_A,
        ),
        cw.PlacementStartedV1(
            placement_id=uuid.uuid4(),
            case_id=c1,
            municipality="0663",
            form="foster_family",
            provider_code="P-1",
            starts_on=date(2026, 3, 8),
            temporary=False,
            over_capacity=False,
            subject_pseudonym=CHILD_A,
        ),
        cw.DeadlineBreachedV1(
            deadline_id=uuid.uuid4(),
            kind="preliminary_assessment",
            legal_basis="LasteKS §28",
            record_type="preliminary_assessment",
            record_id=a2,
            municipality="0663",
            assignee="worker-1",
            due_at=at(12),
        ),
        cw.CaseTransferredV1(
            case_id=c3,
            from_municipality="0321",
            to_municipality="0663",
            transferred_at=at(20),
            subject_pseudonym=CHILD_C,
        ),
        cw.CaseClosedV1(case_id=c1, municipality="0663", reason="goals_reached", closed_at=at(25)),
        court.KlatOpinionRequestedV1(
            request_id=klat,
            case_id=c1,
            municipality="0663",
            requested_at=at(3),
            due_at=at(3) + timedelta(days=30),
            age_exception=False,
        ),
        court.KlatOpinionAnsweredV1(
            request_id=klat,
            case_id=c1,
            municipality="0663",
            opinion="suitable",
            requested_at=at(3),
            answered_at=at(20),
            due_at=at(3) + timedelta(days=30),
            within_term=True,
        ),
        ngts.YouthAnsweredV1(
            youth_ref=y1,
            participation_id=round_id,
            municipality="0663",
            query_date=date(2026, 3, 15),
            answer="wants_help",
            channel="sms",
            answered_at=at(20),
        ),
        ngts.YouthAnsweredV1(
            youth_ref=y2,
            participation_id=round_id,
            municipality="0663",
            query_date=date(2026, 3, 15),
            answer="does_not_want_help",
            channel="email",
            answered_at=at(21),
        ),
        ngts.OutcomeRecordedV1(
            youth_ref=y1,
            participation_id=round_id,
            municipality="0663",
            query_date=date(2026, 3, 15),
            outcome="studying",
            helped=True,
            recorded_at=at(28),
        ),
        ngts.InquiryReceivedV1(
            inquiry_id=inquiry,
            municipality="0663",
            asked_by="ministry",
            received_at=at(16),
            due_at=at(23),
        ),
        ngts.InquiryAnsweredV1(
            inquiry_id=inquiry,
            municipality="0663",
            asked_by="ministry",
            received_at=at(16),
            due_at=at(23),
            answered_at=at(19),
            on_time=True,
        ),
        # SKA's counselling service: Rakvere asks twice, Kohtla-Järve once (left open).
        cw.CounsellingRequestOpenedV1(
            request_id=q1, municipality="0663", record_type="case", opened_at=at(4)
        ),
        cw.CounsellingRequestAnsweredV1(
            request_id=q1,
            municipality="0663",
            record_type="case",
            opened_at=at(4),
            answered_at=at(5, 22),
        ),
        cw.CounsellingRequestClosedV1(
            request_id=q1,
            municipality="0663",
            record_type="case",
            opened_at=at(4),
            closed_at=at(9),
            closed_by="municipality",
            answered=True,
        ),
        # A second answer after the closing was delivered: the first answer's time stays.
        cw.CounsellingRequestAnsweredV1(
            request_id=q1,
            municipality="0663",
            record_type="case",
            opened_at=at(4),
            answered_at=at(8),
        ),
        cw.CounsellingRequestOpenedV1(
            request_id=q2,
            municipality="0663",
            record_type="preliminary_assessment",
            opened_at=at(20),
        ),
        cw.CounsellingRequestClosedV1(
            request_id=q2,
            municipality="0663",
            record_type="preliminary_assessment",
            opened_at=at(20),
            closed_at=at(22),
            closed_by="ska",
            answered=False,
        ),
        cw.CounsellingRequestOpenedV1(
            request_id=q3, municipality="0321", record_type="case", opened_at=at(25)
        ),
        # Brussels IIb: the answer to an Art. 80 request is seen before its opening.
        court.BrusselsRequestAnsweredV1(
            request_id=brussels_1,
            article="art80",
            direction="incoming",
            opened_at=at(2),
            answered_at=at(12),
            due_at=at(2) + timedelta(days=30),
            within_term=True,
        ),
        court.BrusselsRequestOpenedV1(
            request_id=brussels_1,
            article="art80",
            direction="incoming",
            member_state="FI",
            opened_at=at(2),
            due_at=at(2) + timedelta(days=30),
        ),
        court.BrusselsTaskAssignedV1(
            task_id=task,
            request_id=brussels_1,
            municipality="0663",
            assigned_at=at(3),
            due_at=at(13),
        ),
        court.BrusselsTaskReportedV1(
            task_id=task,
            request_id=brussels_1,
            municipality="0663",
            assigned_at=at(3),
            reported_at=at(11),
            due_at=at(13),
            within_term=True,
        ),
        court.BrusselsRequestOpenedV1(
            request_id=brussels_2,
            article="art82",
            direction="outgoing",
            member_state="LV",
            opened_at=at(10),
            due_at=at(10) + timedelta(days=90),
        ),
    ]
    return [registry.envelope(p, subject=str(uuid.uuid4())) for p in payloads]


RAKVERE = {
    "reports_received": {
        "total": 3,
        "by_need_level": {"in_need": 2, "in_danger": 1},
        "further_reports": 1,
    },
    "preliminary_assessments": {
        "decided": 2,
        "within_term": 1,
        "median_days": 8.0,  # 4 (2 -> 6 March) and 12 (3 -> 15 March)
        "by_outcome": {"open_case": 1, "not_opened": 1},
        "share_within_term": 0.5,
    },
    "cases": {
        "opened": 1,
        "closed": 1,
        "open_at_end": 1,
        "opened_by_kind": {"child_protection": 1},
    },
    "open_cases_per_worker": {"open_cases": 1, "workers": 1, "per_worker": 1.0},
    "clocks": {"by_kind": {"preliminary_assessment": {"breached": 1, "met": 1}}},
    "separations": {
        "total": 1,
        "court_filed": 1,
        "filed_within_target": 0,  # filed at noon, the target was 10:00
        "filed_within_72_hours": 1,
    },
    "klat_opinions": {"requested": 1, "answered": 1, "answered_within_30_days": 1},
    "ngts_outreach": {"reached": 2, "wants_help": 1, "declined": 1, "helped": 1},
    "inquiries": {"received": 1, "answered": 1, "answered_within_5_working_days": 1},
    "placements": {"by_form": {"foster_family": 1}},
    "decisions": {"by_outcome": {}},
    "ska_counselling": {
        "requested": 2,
        "requested_about": {"case": 1, "preliminary_assessment": 1},
        "answered": 1,
        "closed": 2,
        "closed_without_answer": 1,
        "open_at_end": 0,
        "median_days_to_first_answer": 1.5,  # 4 March 10:00 -> 5 March 22:00
    },
    "central_authority": {
        "requests": None,  # national only
        "municipal_tasks": {
            "tasks_assigned": 1,
            "tasks_reported": 1,
            "tasks_reported_within_term": 1,
        },
    },
}
"""Rakvere in March 2026: C3 moved in from Kohtla-Järve and is its one open case."""

NATIONAL_REPORTS = 4
NATIONAL_DECIDED, NATIONAL_WITHIN = 3, 2
NATIONAL_MEDIAN_DAYS = 5.0  # 4, 5 and 12 days
NATIONAL_COUNSELLING = {"requested": 3, "open_at_end": 1, "closed_without_answer": 1}
NATIONAL_BRUSSELS = {
    "opened": 2,
    "opened_by_article": {"art80": 1, "art82": 1},
    "opened_by_direction": {"incoming": 1, "outgoing": 1},
    "answered": 1,
    "answered_within_term": 1,
    "awaiting_answer_at_end": 1,
    "median_days_to_answer": 10.0,  # 2 -> 12 March
}
FEED_MESSAGES = 14
"""A message each for the intake and casework facts above (a further report, transfers and
breaches too); counselling, court and NGTS facts are not told to SKA on the feed."""
