"""Records kept as numbered revisions per case, one draft at a time (needs assessments and case
plans): start a revision, change the draft, complete it only when nothing is missing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.access import CasePart, audit, in_case, load_case
from heaolu_casework.common.cases import require_open
from heaolu_casework.common.enums import RevisionStatus
from heaolu_casework.common.models import Case, CaseRevision
from heaolu_shared.access import Action, Decision
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.errors import Conflict, RuleViolation
from heaolu_shared.guard import Authorized, Guard
from heaolu_shared.messages import Message


class NotADraft(Conflict):
    slug = "not-a-draft"


class IncompleteRecord(RuleViolation):
    """Completion or approval refused: the listed fields are missing."""

    slug = "incomplete"


def require_complete(missing: Sequence[str], message: Message) -> None:
    """422 listing what is missing, when anything is; ``message`` names the record and takes
    the missing fields as ``{missing}``."""
    if missing:
        raise IncompleteRecord(
            message,
            extra={"field": missing[0], "missing": list(missing)},
            missing=", ".join(missing),
        )


def child_opinion_missing(opinion: str | None, reason: str | None) -> bool:
    """Neither the child's opinion nor why it could not be obtained is recorded (LasteKS §21)."""
    return not (opinion and opinion.strip()) and not (reason and reason.strip())


V = TypeVar("V", bound=CaseRevision)


@dataclass(frozen=True)
class Revisioned(Generic[V]):
    """A record kept as numbered revisions per case, one draft at a time."""

    model: type[V]
    name: str
    record_type: str
    not_found: Message
    draft_open: Message
    """409 when a draft is already open."""
    not_a_draft: Message
    """409 when the revision to change is no longer a draft."""
    incomplete: Message
    """422 when it lacks fields to be completed (see :func:`require_complete`)."""

    @property
    def guard(self) -> Guard[CasePart[V]]:
        """Load or 404, decide or 403, audit: for a revision, by its case."""
        return in_case(self.model, self.record_type, self.not_found)

    async def next_revision(
        self, session: AsyncSession, principal: Principal, case_id: uuid.UUID
    ) -> tuple[Case, Decision, int]:
        """The case (locked) and the next revision number; 409 while a draft is open."""
        case, decision = await load_case(
            session, principal, case_id, Action.UPDATE, for_update=True
        )
        require_open(case)
        rows = await session.execute(
            select(self.model.revision, self.model.status).where(self.model.case_id == case.id)
        )
        revisions = [(revision, status) for revision, status in rows.all()]
        if any(status == RevisionStatus.DRAFT for _, status in revisions):
            raise Conflict(self.draft_open)
        return case, decision, max((r for r, _ in revisions), default=0) + 1

    async def added(
        self,
        session: AsyncSession,
        principal: Principal,
        case: Case,
        record: V,
        decision: Decision,
    ) -> None:
        session.add(record)
        await session.flush()
        await audit(
            session, principal, case, "create", self.record_type, record.id, self.name, decision
        )

    async def draft(
        self,
        session: AsyncSession,
        principal: Principal,
        record_id: uuid.UUID,
        if_match: str | None,
    ) -> Authorized[CasePart[V]]:
        """A draft revision to change: 412 when stale, 409 when the case is closed or the
        revision is no longer a draft."""
        access = await self.guard.authorize(
            session, principal, record_id, Action.UPDATE, purpose=None
        )
        check_version(access.record.row.version, if_match)
        require_open(access.record.case)
        if access.record.row.status != RevisionStatus.DRAFT:
            raise NotADraft(self.not_a_draft)
        return access

    async def updated(
        self,
        session: AsyncSession,
        principal: Principal,
        access: Authorized[CasePart[V]],
        purpose: str,
    ) -> None:
        await flush_versioned(session)
        await audit(
            session,
            principal,
            access.record.case,
            "update",
            self.record_type,
            access.record.row.id,
            purpose,
            access.decision,
        )
