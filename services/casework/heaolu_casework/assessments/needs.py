"""Needs assessments (abivajaduse hindamine) of a case over the LasteKS §28(2) domains, kept as
revisions: a draft is filled in over time and completed only when whole."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.assessments import rules
from heaolu_casework.assessments.schemas import NeedsAssessmentIn
from heaolu_casework.common import messages
from heaolu_casework.common.access import audit, case_rows
from heaolu_casework.common.cases import publish
from heaolu_casework.common.enums import RevisionStatus
from heaolu_casework.common.models import NeedsAssessment
from heaolu_casework.common.revisions import Revisioned, require_complete
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import flush_versioned
from heaolu_shared.contracts.casework import AssessmentCompletedV1
from heaolu_shared.pagination import Keyset

NEEDS = Revisioned(
    NeedsAssessment,
    "needs assessment",
    "needs_assessment",
    not_found=messages.NO_SUCH_NEEDS_ASSESSMENT,
    draft_open=messages.NEEDS_ASSESSMENT_DRAFT_OPEN,
    not_a_draft=messages.NEEDS_ASSESSMENT_NOT_A_DRAFT,
    incomplete=messages.NEEDS_ASSESSMENT_INCOMPLETE,
)


def _apply(assessment: NeedsAssessment, body: NeedsAssessmentIn) -> None:
    assessment.findings = {k: v.model_dump(mode="json") for k, v in body.findings.items()}
    assessment.sources = [s.model_dump(mode="json") for s in body.sources]
    assessment.child_opinion = body.child_opinion
    assessment.child_heard_on = body.child_heard_on
    assessment.child_opinion_missing_reason = body.child_opinion_missing_reason
    assessment.conclusion = body.conclusion


async def start_needs_assessment(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: NeedsAssessmentIn
) -> NeedsAssessment:
    """A new revision of the case's needs assessment, as a draft (one draft at a time)."""
    case, decision, revision = await NEEDS.next_revision(session, principal, case_id)
    assessment = NeedsAssessment(
        id=uuid.uuid4(),
        case_id=case.id,
        revision=revision,
        status=RevisionStatus.DRAFT,
        created_by=principal.subject,
    )
    _apply(assessment, body)
    await NEEDS.added(session, principal, case, assessment, decision)
    return assessment


NEEDS_ORDER: Keyset[NeedsAssessment] = Keyset(
    columns=(NeedsAssessment.revision, NeedsAssessment.id),
    types=(int, uuid.UUID),
    key=lambda r: (r.revision, r.id),
)


async def needs_assessments(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[NeedsAssessment], str | None]:
    return await case_rows(
        session, principal, case_id, NeedsAssessment, NEEDS_ORDER, "needs assessments", **page
    )


async def update_needs_assessment(
    session: AsyncSession,
    principal: Principal,
    assessment_id: uuid.UUID,
    body: NeedsAssessmentIn,
    if_match: str | None,
) -> NeedsAssessment:
    access = await NEEDS.draft(session, principal, assessment_id, if_match)
    _apply(access.record.row, body)
    await NEEDS.updated(session, principal, access, NEEDS.name)
    return access.record.row


async def complete_needs_assessment(
    session: AsyncSession, principal: Principal, assessment_id: uuid.UUID, if_match: str | None
) -> NeedsAssessment:
    """Complete the draft: every domain assessed, its sources named, the child's opinion (or why
    it could not be obtained) and a conclusion recorded."""
    access = await NEEDS.draft(session, principal, assessment_id, if_match)
    assessment, case = access.record.row, access.record.case
    require_complete(rules.needs_gaps(assessment), NEEDS.incomplete)
    now = datetime.now(UTC)
    assessment.status = RevisionStatus.COMPLETED
    assessment.completed_at, assessment.completed_by = now, principal.subject
    await flush_versioned(session)
    await publish(
        session,
        AssessmentCompletedV1(
            assessment_id=assessment.id,
            case_id=case.id,
            municipality=case.municipality,
            revision=assessment.revision,
            completed_at=now,
            child_opinion_obtained=bool(assessment.child_opinion),
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "update",
        NEEDS.record_type,
        assessment.id,
        "needs assessment completed",
        access.decision,
    )
    return assessment
