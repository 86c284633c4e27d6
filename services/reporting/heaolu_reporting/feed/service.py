"""The SKA feed: one minimised message per fact worth telling SKA, on its own topic.

Each message is written to reporting's outbox (the relay publishes it to ``heaolu.ska-feed.v1``)
and to ``feed_event`` for the HTTP pull, in the transaction that records the fact. Pseudonyms are
derived once more with reporting's key and a feed-only prefix, so even reporting's own fact
store cannot be joined with the feed without the key. The envelope's time is the Monday of the
ISO week and no trace context is attached.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.periods import iso_week, week_start
from heaolu_reporting.common.pseudonyms import rekey
from heaolu_reporting.feed.models import FeedEvent
from heaolu_reporting.feed.repository import FeedRepository
from heaolu_shared.contracts import casework as cw
from heaolu_shared.contracts import intake
from heaolu_shared.contracts import ska_feed as feed
from heaolu_shared.events import EventPayload, registry
from heaolu_shared.outbox import enqueue

CONCERNS = frozenset(feed.ConcernCategory.__args__)  # type: ignore[attr-defined]


class Pseudonyms:
    """The feed's pseudonyms of children and cases."""

    def __init__(self, key: str) -> None:
        self.key = key

    def child(self, child_key: str | None) -> str | None:
        return rekey("feed-child", child_key, self.key) if child_key else None

    def case(self, case_id: uuid.UUID) -> str:
        return rekey("feed-case", str(case_id), self.key)


async def _message(repo: FeedRepository, p: EventPayload, ids: Pseudonyms) -> feed.FeedEvent | None:
    """The feed message for a minimised internal event; ``None`` when SKA is not told of it."""
    if isinstance(p, intake.ReportReceivedV1 | intake.ReportReceivedV2 | intake.ReportRoutedV1):
        if isinstance(p, intake.ReportRoutedV1) and p.previous_municipality is not None:
            return None  # re-routed: SKA was told of the report when it first arrived
        concern = getattr(p, "concern_category", None)
        concern = concern if concern in CONCERNS else None
        return feed.FeedReportReceivedV1(
            municipality=p.municipality,
            week=iso_week(p.received_at),
            child=ids.child(p.child_pseudonym),
            need_level=p.need_level,
            concern_category=concern,
            age_band=getattr(p, "age_band", None),
            further_report=False,
        )
    if isinstance(p, intake.ReportLinkedV1):
        thread = await repo.report(p.thread_report_id)
        return feed.FeedReportReceivedV1(
            municipality=p.municipality,
            week=iso_week(p.received_at),
            child=ids.child(thread.child_key if thread else None),
            need_level=p.need_level,
            further_report=True,
        )
    if isinstance(p, cw.PreliminaryAssessmentDecidedV1):
        report = await repo.report(p.report_id)
        days = (p.decided_at - report.received_at).days if report else None
        return feed.FeedPreliminaryAssessmentDecidedV1(
            municipality=p.municipality,
            week=iso_week(p.decided_at),
            child=ids.child(report.child_key if report else None),
            outcome=p.outcome,
            within_term=not p.late,
            days_to_decision=max(days, 0) if days is not None else None,
        )
    if isinstance(p, cw.CaseOpenedV1):
        return feed.FeedCaseOpenedV1(
            municipality=p.municipality,
            week=iso_week(p.opened_at),
            child=ids.child(p.subject_pseudonym),
            case=ids.case(p.case_id),
            kind=p.kind,
            origin=p.origin,
            age_band=p.age_band,
        )
    if isinstance(p, cw.CaseClosedV1 | cw.CaseTransferredV1):
        case = await repo.case(p.case_id)
        child = ids.child(case.child_key if case else None)
        if isinstance(p, cw.CaseClosedV1):
            return feed.FeedCaseClosedV1(
                municipality=p.municipality,
                week=iso_week(p.closed_at),
                child=child,
                case=ids.case(p.case_id),
                reason=p.reason,
            )
        return feed.FeedCaseTransferredV1(
            municipality=p.to_municipality,
            from_municipality=p.from_municipality,
            week=iso_week(p.transferred_at),
            child=child,
            case=ids.case(p.case_id),
        )
    if isinstance(p, cw.RemovalRecordedV1):
        return feed.FeedRemovalRecordedV1(
            municipality=p.municipality,
            week=iso_week(p.separated_at),
            child=ids.child(p.subject_pseudonym),
            case=ids.case(p.case_id),
            legal_ground=p.legal_ground,
        )
    if isinstance(p, cw.PlacementStartedV1):
        return feed.FeedPlacementStartedV1(
            municipality=p.municipality,
            week=iso_week(p.starts_on),
            child=ids.child(p.subject_pseudonym),
            case=ids.case(p.case_id),
            form=p.form,
            temporary=p.temporary,
            over_capacity=p.over_capacity,
        )
    if isinstance(p, cw.DecisionIssuedV1):
        return feed.FeedDecisionIssuedV1(
            municipality=p.municipality,
            week=iso_week(p.issued_at),
            child=ids.child(p.subject_pseudonym),
            case=ids.case(p.case_id),
            service_code=p.service_code,
            outcome=p.outcome,
        )
    if isinstance(p, cw.DeadlineBreachedV1) and p.municipality is not None:
        return feed.FeedDeadlineBreachedV1(
            municipality=p.municipality,
            week=iso_week(p.due_at),
            child=ids.child(p.subject_pseudonym),
            case=ids.case(p.case_id) if p.case_id else None,
            kind=p.kind,
        )
    return None


async def publish(session: AsyncSession, payload: EventPayload, key: str) -> str | None:
    """Publish the feed message for a newly recorded (minimised) event; its id, if any."""
    repo = FeedRepository(session)
    ids = Pseudonyms(key)
    message = await _message(repo, payload, ids)
    if message is None:
        return None
    subject = getattr(message, "case", None) or message.child or uuid.uuid4().hex
    event = registry.envelope(message, subject=subject).model_copy(
        update={"time": week_start(message.week)}
    )
    await repo.add(event.id, event.model_dump(mode="json"))
    await enqueue(
        session,
        message,
        subject=subject,
        time=event.time,
        propagate_trace=False,
        event_id=event.id,
    )
    return str(event.id)


async def page(session: AsyncSession, *, after: int, limit: int) -> Sequence[FeedEvent]:
    """Feed events after the cursor position, oldest first."""
    return await FeedRepository(session).page(after, limit)
