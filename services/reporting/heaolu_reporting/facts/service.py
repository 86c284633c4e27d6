"""From the services' events to pseudonymised facts.

``record`` is the live path: re-key the pseudonyms with reporting's key, archive the minimised
event (a replay finds it archived and changes nothing), then ``apply`` it to the fact tables.
``rebuild`` calls ``apply`` directly on archived events. Every ``apply`` is an upsert, so the
order in which events about one case arrive from different partitions does not matter.

The module stays whole past 400 lines on purpose: the allow-list of kept fields and the handler
of every consumed type are the one place a reviewer reads to know what enters the fact store.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.models import (
    ApplicationFact,
    AssessmentFact,
    BrusselsRequestFact,
    BrusselsTaskFact,
    CounsellingRequestFact,
    DeadlineFact,
    DecisionFact,
    InquiryFact,
    KlatOpinionFact,
    PlacementFact,
    RemovalFact,
    ReportFact,
    YouthFact,
)
from heaolu_reporting.common.pseudonyms import rekey
from heaolu_reporting.facts.repository import FactRepository
from heaolu_shared.contracts import casework as cw
from heaolu_shared.contracts import court, intake, ngts
from heaolu_shared.events import CloudEvent, EventPayload, registry

PSEUDONYM_FIELDS = ("child_pseudonym", "subject_pseudonym", "applicant_pseudonym")
WITHHELD = "withheld"
KEPT_FIELDS = frozenset(
    {
        *PSEUDONYM_FIELDS,
        "report_id",
        "thread_report_id",
        "application_id",
        "assessment_id",
        "case_id",
        "removal_id",
        "placement_id",
        "decision_id",
        "deadline_id",
        "record_id",
        "municipality",
        "previous_municipality",
        "forwarded_to_municipality",
        "from_municipality",
        "to_municipality",
        "basis",
        "need_level",
        "urgent",
        "age_band",
        "concern_category",
        "service_code",
        "provider_code",
        "outcome",
        "late",
        "kind",
        "origin",
        "assignee",
        "legal_ground",
        "legal_basis",
        "record_type",
        "form",
        "temporary",
        "over_capacity",
        "reason",
        "received_at",
        "decided_at",
        "opened_at",
        "closed_at",
        "reopened_at",
        "transferred_at",
        "separated_at",
        "court_filing_due_at",
        "ruling_due_at",
        "starts_on",
        "ends_on",
        "ended_on",
        "issued_at",
        "due_at",
        "filed_at",
        "filing_due_at",
        "within_target",
        "request_id",
        "requested_at",
        "answered_at",
        "within_term",
        "youth_ref",
        "participation_id",
        "query_date",
        "answer",
        "channel",
        "helped",
        "recorded_at",
        "inquiry_id",
        "asked_by",
        "on_time",
        "opinion",
        "age_exception",
        "head_approved",
        "within_72_hours",
        "article",
        "member_state",
        "direction",
        "task_id",
        "assigned_at",
        "reported_at",
        "closed_by",
        "answered",
    }
)
"""What reporting keeps of an event: ids, codes, categories, times and pseudonyms. Anything
else a service adds to its events (a child's name for worklists, say) is left out before the
event is archived or applied, so a new field never reaches the fact store unnoticed. How a
report came in (v1's ``channel``) is not kept: it characterises the reporter (LasteKS §27)."""


def minimise(payload: EventPayload, key: str) -> dict[str, Any]:
    """The payload's kept fields, every pseudonym re-keyed: the same person gets the same key
    across services, and the value joins with nothing outside reporting."""
    data: dict[str, Any] = {
        k: v for k, v in payload.model_dump(mode="json").items() if k in KEPT_FIELDS
    }
    if isinstance(payload, intake.ReportReceivedV1):
        data["channel"] = WITHHELD  # v1 requires the field; its value is the reporter's
    for field in PSEUDONYM_FIELDS:
        if data.get(field):
            data[field] = rekey("person", data[field], key)
    return data


async def archive_new(
    session: AsyncSession, events: Sequence[tuple[CloudEvent, EventPayload]], key: str
) -> list[tuple[str, EventPayload]]:
    """Minimise and archive live events, in their order, with one statement; the new ones as
    (type, minimised payload), ready to :func:`apply`. Replays (and an event's second copy in
    ``events``) are left out."""
    minimised = [(event, minimise(payload, key)) for event, payload in events]
    new = await FactRepository(session).archive([(e.id, e.type, data) for e, data in minimised])
    kept: list[tuple[str, EventPayload]] = []
    for event, data in minimised:
        if event.id in new:
            new.discard(event.id)
            kept.append((event.type, registry.spec(event.type).model.model_validate(data)))
    return kept


async def record(
    session: AsyncSession, event: CloudEvent, payload: EventPayload, key: str
) -> EventPayload | None:
    """Archive and apply a live event; the minimised payload, or ``None`` for a replay."""
    for event_type, minimised in await archive_new(session, [(event, payload)], key):
        await apply(session, event_type, minimised)
        return minimised
    return None


Apply = Callable[[FactRepository, Any], Awaitable[None]]


async def _report_received(
    repo: FactRepository,
    p: intake.ReportReceivedV1 | intake.ReportReceivedV2 | intake.ReportRoutedV1,
) -> None:
    # A routed report came out of SKA's triage queue (first municipality) or was re-routed: it
    # now counts for the municipality it reached.
    await repo.put(
        ReportFact,
        {
            "report_id": p.report_id,
            "municipality": p.municipality,
            "received_at": p.received_at,
            "need_level": p.need_level,
            "urgent": bool(p.urgent),
            "further_report": False,
            "child_key": p.child_pseudonym,
            "age_band": getattr(p, "age_band", None),
            "concern_category": getattr(p, "concern_category", None),
        },
    )


async def _report_linked(repo: FactRepository, p: intake.ReportLinkedV1) -> None:
    await repo.put(
        ReportFact,
        {
            "report_id": p.report_id,
            "municipality": p.municipality,
            "received_at": p.received_at,
            "need_level": p.need_level,
            "urgent": p.urgent,
            "further_report": True,
            "child_key": None,
            "age_band": None,
            "concern_category": None,
        },
    )


async def _application(repo: FactRepository, p: intake.ApplicationReceivedV1) -> None:
    await repo.put(
        ApplicationFact,
        {
            "application_id": p.application_id,
            "municipality": p.municipality,
            "service_code": p.service_code,
            "received_at": p.received_at,
        },
    )


async def _assessment_decided(repo: FactRepository, p: cw.PreliminaryAssessmentDecidedV1) -> None:
    await repo.put(
        AssessmentFact,
        {
            "assessment_id": p.assessment_id,
            "report_id": p.report_id,
            "municipality": p.municipality,
            "outcome": p.outcome,
            "decided_at": p.decided_at,
            "late": p.late,
        },
    )


async def _case_opened(repo: FactRepository, p: cw.CaseOpenedV1) -> None:
    await repo.update_case(
        p.case_id,
        p.municipality,
        opened_municipality=p.municipality,
        kind=p.kind,
        origin=p.origin,
        opened_at=p.opened_at,
        assignee=p.assignee,
        child_key=p.subject_pseudonym,
        age_band=p.age_band,
    )


async def _case_closed(repo: FactRepository, p: cw.CaseClosedV1) -> None:
    await repo.update_case(
        p.case_id,
        p.municipality,
        closed_at=p.closed_at,
        closed_municipality=p.municipality,
        close_reason=p.reason,
    )


async def _case_reopened(repo: FactRepository, p: cw.CaseReopenedV1) -> None:
    await repo.update_case(
        p.case_id, p.municipality, closed_at=None, closed_municipality=None, close_reason=None
    )


async def _case_transferred(repo: FactRepository, p: cw.CaseTransferredV1) -> None:
    await repo.update_case(p.case_id, p.to_municipality, move=True)


async def _removal(repo: FactRepository, p: cw.RemovalRecordedV1) -> None:
    await repo.put(
        RemovalFact,
        {
            "removal_id": p.removal_id,
            "case_id": p.case_id,
            "municipality": p.municipality,
            "separated_at": p.separated_at,
            "legal_ground": p.legal_ground,
            "court_filing_due_at": p.court_filing_due_at,
            "ruling_due_at": p.ruling_due_at,
            "child_key": p.subject_pseudonym,
        },
    )


async def _placement_started(repo: FactRepository, p: cw.PlacementStartedV1) -> None:
    values = {
        "placement_id": p.placement_id,
        "case_id": p.case_id,
        "municipality": p.municipality,
        "form": p.form,
        "starts_on": p.starts_on,
        "temporary": p.temporary,
        "over_capacity": p.over_capacity,
    }
    await repo.put(PlacementFact, values)


async def _placement_ended(repo: FactRepository, p: cw.PlacementEndedV1) -> None:
    await repo.put(
        PlacementFact,
        {
            "placement_id": p.placement_id,
            "case_id": p.case_id,
            "municipality": p.municipality,
            "ended_on": p.ended_on,
        },
    )


async def _decision(repo: FactRepository, p: cw.DecisionIssuedV1) -> None:
    await repo.put(
        DecisionFact,
        {
            "decision_id": p.decision_id,
            "case_id": p.case_id,
            "municipality": p.municipality,
            "service_code": p.service_code,
            "outcome": p.outcome,
            "issued_at": p.issued_at,
        },
    )


def _deadline(flag: str) -> Apply:
    async def apply_deadline(repo: FactRepository, p: cw.DeadlineApproachingV1) -> None:
        await repo.put(
            DeadlineFact,
            {
                "deadline_id": p.deadline_id,
                "kind": p.kind,
                "municipality": p.municipality,
                "assignee": p.assignee,
                "case_id": p.case_id,
                "due_at": p.due_at,
            },
            update=False,
        )
        await repo.mark(DeadlineFact, {"deadline_id": p.deadline_id}, **{flag: True})

    return apply_deadline


async def _court_filed(repo: FactRepository, p: court.CourtApplicationFiledV1) -> None:
    await repo.put(
        RemovalFact,
        {
            "removal_id": p.removal_id,
            "case_id": p.case_id,
            "municipality": p.municipality,
            "separated_at": p.separated_at,
            "court_filing_due_at": p.filing_due_at,
            "ruling_due_at": p.ruling_due_at,
            "filed_at": p.filed_at,
            "filed_within_target": p.within_target,
        },
    )


async def _klat_requested(repo: FactRepository, p: court.KlatOpinionRequestedV1) -> None:
    await repo.put(
        KlatOpinionFact,
        {
            "request_id": p.request_id,
            "municipality": p.municipality,
            "requested_at": p.requested_at,
            "due_at": p.due_at,
        },
    )


async def _klat_answered(repo: FactRepository, p: court.KlatOpinionAnsweredV1) -> None:
    await repo.put(
        KlatOpinionFact,
        {
            "request_id": p.request_id,
            "municipality": p.municipality,
            "requested_at": p.requested_at,
            "due_at": p.due_at,
            "answered_at": p.answered_at,
            "within_term": p.within_term,
        },
    )


async def _youth_answered(repo: FactRepository, p: ngts.YouthAnsweredV1) -> None:
    await repo.put(
        YouthFact,
        {
            "youth_ref": p.youth_ref,
            "municipality": p.municipality,
            "answer": p.answer,
            "answered_at": p.answered_at,
        },
    )


async def _youth_outcome(repo: FactRepository, p: ngts.OutcomeRecordedV1) -> None:
    await repo.put(
        YouthFact,
        {
            "youth_ref": p.youth_ref,
            "municipality": p.municipality,
            "outcome": p.outcome,
            "helped": p.helped,
            "recorded_at": p.recorded_at,
        },
    )


async def _inquiry_received(repo: FactRepository, p: ngts.InquiryReceivedV1) -> None:
    await repo.put(
        InquiryFact,
        {
            "inquiry_id": p.inquiry_id,
            "municipality": p.municipality,
            "asked_by": p.asked_by,
            "received_at": p.received_at,
            "due_at": p.due_at,
        },
    )


async def _inquiry_answered(repo: FactRepository, p: ngts.InquiryAnsweredV1) -> None:
    await repo.put(
        InquiryFact,
        {
            "inquiry_id": p.inquiry_id,
            "municipality": p.municipality,
            "asked_by": p.asked_by,
            "received_at": p.received_at,
            "due_at": p.due_at,
            "answered_at": p.answered_at,
            "on_time": p.on_time,
        },
    )


async def _counselling(repo: FactRepository, p: cw.CounsellingRequestEvent) -> None:
    await repo.put(
        CounsellingRequestFact,
        {
            "request_id": p.request_id,
            "municipality": p.municipality,
            "record_type": p.record_type,
            "opened_at": p.opened_at,
        },
    )


async def _counselling_answered(repo: FactRepository, p: cw.CounsellingRequestAnsweredV1) -> None:
    # The figures count the time to the first answer; a later answer only replaces the text.
    await _counselling(repo, p)
    await repo.earliest(
        CounsellingRequestFact, {"request_id": p.request_id}, "answered_at", p.answered_at
    )


async def _counselling_closed(repo: FactRepository, p: cw.CounsellingRequestClosedV1) -> None:
    await _counselling(repo, p)
    await repo.mark(
        CounsellingRequestFact,
        {"request_id": p.request_id},
        closed_at=p.closed_at,
        closed_by=p.closed_by,
    )


async def _brussels_request(
    repo: FactRepository, p: court.BrusselsRequestOpenedV1 | court.BrusselsRequestAnsweredV1
) -> None:
    values: dict[str, Any] = {
        "request_id": p.request_id,
        "article": p.article,
        "direction": p.direction,
        "opened_at": p.opened_at,
        "due_at": p.due_at,
    }
    if isinstance(p, court.BrusselsRequestAnsweredV1):
        values |= {"answered_at": p.answered_at, "within_term": p.within_term}
    await repo.put(BrusselsRequestFact, values)


async def _brussels_task(
    repo: FactRepository, p: court.BrusselsTaskAssignedV1 | court.BrusselsTaskReportedV1
) -> None:
    values: dict[str, Any] = {
        "task_id": p.task_id,
        "request_id": p.request_id,
        "municipality": p.municipality,
        "assigned_at": p.assigned_at,
        "due_at": p.due_at,
    }
    if isinstance(p, court.BrusselsTaskReportedV1):
        values |= {"reported_at": p.reported_at, "within_term": p.within_term}
    await repo.put(BrusselsTaskFact, values)


APPLY: dict[str, Apply] = {
    "ee.heaolu.intake.report.received.v1": _report_received,
    "ee.heaolu.intake.report.received.v2": _report_received,
    "ee.heaolu.intake.report.routed.v1": _report_received,
    "ee.heaolu.intake.report.linked.v1": _report_linked,
    "ee.heaolu.intake.application.received.v1": _application,
    "ee.heaolu.casework.preliminary_assessment.decided.v1": _assessment_decided,
    "ee.heaolu.casework.case.opened.v1": _case_opened,
    "ee.heaolu.casework.case.closed.v1": _case_closed,
    "ee.heaolu.casework.case.reopened.v1": _case_reopened,
    "ee.heaolu.casework.case.transferred.v1": _case_transferred,
    "ee.heaolu.casework.removal.recorded.v1": _removal,
    "ee.heaolu.casework.placement.started.v1": _placement_started,
    "ee.heaolu.casework.placement.ended.v1": _placement_ended,
    "ee.heaolu.casework.decision.issued.v1": _decision,
    "ee.heaolu.casework.deadline.approaching.v1": _deadline("approaching"),
    "ee.heaolu.casework.deadline.breached.v1": _deadline("breached"),
    "ee.heaolu.court.court_application.filed.v1": _court_filed,
    "ee.heaolu.court.klat_opinion.requested.v1": _klat_requested,
    "ee.heaolu.court.klat_opinion.answered.v1": _klat_answered,
    "ee.heaolu.ngts.youth.answered.v1": _youth_answered,
    "ee.heaolu.ngts.outcome.recorded.v1": _youth_outcome,
    "ee.heaolu.ngts.inquiry.received.v1": _inquiry_received,
    "ee.heaolu.ngts.inquiry.answered.v1": _inquiry_answered,
    "ee.heaolu.casework.counselling_request.opened.v1": _counselling,
    "ee.heaolu.casework.counselling_request.answered.v1": _counselling_answered,
    "ee.heaolu.casework.counselling_request.closed.v1": _counselling_closed,
    "ee.heaolu.court.brussels_request.opened.v1": _brussels_request,
    "ee.heaolu.court.brussels_request.answered.v1": _brussels_request,
    "ee.heaolu.court.brussels_task.assigned.v1": _brussels_task,
    "ee.heaolu.court.brussels_task.reported.v1": _brussels_task,
}
"""The event types reporting turns into facts, and how."""


async def apply(session: AsyncSession, event_type: str, payload: EventPayload) -> None:
    """Apply one minimised event to the fact tables (idempotent)."""
    await APPLY[event_type](FactRepository(session), payload)
