"""Casework's queries."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.models import (
    Case,
    CaseParty,
    CounsellingRequest,
    Deadline,
    Person,
    Placement,
    PreliminaryAssessment,
    Removal,
    ServiceApplication,
    Substitution,
    case_number_seq,
)

M = TypeVar("M")


class PreliminaryAssessmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_pending_once(
        self,
        *,
        report_id: uuid.UUID,
        municipality: str,
        need_level: str,
        received_at: datetime,
        due_at: datetime,
        subject_pseudonym: str | None,
        urgent: bool = False,
    ) -> uuid.UUID | None:
        """Insert a pending assessment unless the report has one; its id when inserted."""
        inserted = await self.session.scalar(
            pg_insert(PreliminaryAssessment)
            .values(
                id=uuid.uuid4(),
                report_id=report_id,
                municipality=municipality,
                need_level=need_level,
                status="pending",
                received_at=received_at,
                due_at=due_at,
                subject_pseudonym=subject_pseudonym,
                urgent=urgent,
                linked_reports=0,
                version=1,
            )
            .on_conflict_do_nothing(index_elements=["report_id"])
            .returning(PreliminaryAssessment.id)
        )
        return inserted

    async def by_report(self, report_id: uuid.UUID) -> PreliminaryAssessment | None:
        assessment: PreliminaryAssessment | None = await self.session.scalar(
            sa.select(PreliminaryAssessment)
            .where(PreliminaryAssessment.report_id == report_id)
            .with_for_update()
        )
        return assessment

    async def get(self, assessment_id: uuid.UUID) -> PreliminaryAssessment | None:
        return await self.session.get(PreliminaryAssessment, assessment_id)

    async def list_visible(
        self,
        municipality: str,
        *,
        all_of_municipality: bool,
        assignees: Collection[str],
        record_ids: Collection[uuid.UUID],
        report_id: uuid.UUID | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[PreliminaryAssessment]:
        """Assessments the caller may see, earliest deadline first, after a cursor."""
        query = sa.select(PreliminaryAssessment)
        if all_of_municipality:
            query = query.where(PreliminaryAssessment.municipality == municipality)
        else:
            query = query.where(
                sa.or_(
                    sa.and_(
                        PreliminaryAssessment.municipality == municipality,
                        PreliminaryAssessment.assignee.in_(list(assignees)),
                    ),
                    PreliminaryAssessment.id.in_(list(record_ids)),
                )
            )
        if report_id is not None:
            query = query.where(PreliminaryAssessment.report_id == report_id)
        if after is not None:
            query = query.where(
                _after((PreliminaryAssessment.due_at, PreliminaryAssessment.id), after)
            )
        query = query.order_by(PreliminaryAssessment.due_at, PreliminaryAssessment.id).limit(limit)
        return (await self.session.scalars(query)).all()

    async def unassigned_pending(
        self, municipality: str, limit: int = 200
    ) -> Sequence[PreliminaryAssessment]:
        return (
            await self.session.scalars(
                sa.select(PreliminaryAssessment)
                .where(
                    PreliminaryAssessment.municipality == municipality,
                    PreliminaryAssessment.assignee.is_(None),
                    PreliminaryAssessment.status == "pending",
                )
                .order_by(PreliminaryAssessment.due_at)
                .limit(limit)
            )
        ).all()


class SubstitutionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, substitution: Substitution) -> Substitution:
        self.session.add(substitution)
        await self.session.flush()
        return substitution

    async def for_substitute(self, substitute: str) -> Sequence[Substitution]:
        return (
            await self.session.scalars(
                sa.select(Substitution).where(Substitution.substitute == substitute)
            )
        ).all()

    async def involving(self, municipality: str, subject: str | None) -> Sequence[Substitution]:
        query = sa.select(Substitution).where(Substitution.municipality == municipality)
        if subject is not None:
            query = query.where(
                sa.or_(Substitution.absent == subject, Substitution.substitute == subject)
            )
        return (await self.session.scalars(query.order_by(Substitution.starts_at))).all()


class CounsellingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, request: CounsellingRequest) -> CounsellingRequest:
        self.session.add(request)
        await self.session.flush()
        return request

    async def open_record_ids(self) -> set[uuid.UUID]:
        rows = await self.session.scalars(
            sa.select(CounsellingRequest.record_id).where(CounsellingRequest.closed_at.is_(None))
        )
        return set(rows)


def _after(columns: tuple[Any, Any], after: tuple[datetime, uuid.UUID]) -> sa.ColumnElement[bool]:
    return sa.tuple_(*columns) > sa.tuple_(sa.literal(after[0]), sa.literal(after[1]))


class CaseRepository:
    """Cases and what hangs on them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_number(self) -> int:
        return int(await self.session.scalar(sa.select(case_number_seq.next_value())) or 0)

    async def page(
        self,
        municipality: str,
        *,
        assignees: Collection[str] | None,
        status: str | None,
        before: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[Case]:
        """Newest first: of some assignees, or the whole municipality (``assignees`` None)."""
        query = sa.select(Case).where(Case.municipality == municipality)
        if assignees is not None:
            query = query.where(Case.assignee.in_(list(assignees)))
        if status:
            query = query.where(Case.status == status)
        if before is not None:
            query = query.where(
                sa.tuple_(Case.opened_at, Case.id)
                < sa.tuple_(sa.literal(before[0]), sa.literal(before[1]))
            )
        query = query.order_by(Case.opened_at.desc(), Case.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()

    async def search(
        self,
        municipality: str,
        *,
        code_pseudonym: str | None,
        family_name: str | None,
        given_name: str | None,
        limit: int = 50,
    ) -> list[tuple[Case, Person]]:
        """Cases of the municipality in which a matching person takes part, with their child."""
        persons = sa.select(Person.id).where(Person.municipality == municipality)
        if code_pseudonym:
            persons = persons.where(Person.code_pseudonym == code_pseudonym)
        else:
            persons = persons.where(
                sa.func.lower(Person.family_name) == (family_name or "").lower()
            )
            if given_name:
                persons = persons.where(
                    sa.func.lower(Person.given_name).startswith(given_name.lower(), autoescape=True)
                )
        party_cases = sa.select(CaseParty.case_id).where(
            CaseParty.person_id.in_(persons.limit(200))
        )
        rows = await self.session.execute(
            sa.select(Case, Person)
            .join(Person, Person.id == Case.child_id)
            .where(Case.municipality == municipality, Case.id.in_(party_cases))
            .order_by(Case.opened_at.desc())
            .limit(limit)
        )
        return [(case, person) for case, person in rows.all()]

    async def unassigned(self, municipality: str, limit: int = 200) -> Sequence[Case]:
        return (
            await self.session.scalars(
                sa.select(Case)
                .where(Case.municipality == municipality, Case.assignee.is_(None))
                .where(Case.status == "open")
                .order_by(Case.opened_at)
                .limit(limit)
            )
        ).all()

    async def latest_removal(self, case_id: uuid.UUID) -> Removal | None:
        removal: Removal | None = await self.session.scalar(
            sa.select(Removal)
            .where(Removal.case_id == case_id)
            .order_by(Removal.separated_at.desc())
            .limit(1)
        )
        return removal

    async def parties(self, case_id: uuid.UUID) -> list[tuple[CaseParty, Person]]:
        rows = await self.session.execute(
            sa.select(CaseParty, Person)
            .join(Person, Person.id == CaseParty.person_id)
            .where(CaseParty.case_id == case_id)
            .order_by(CaseParty.role)
        )
        return [(party, person) for party, person in rows.all()]

    async def takes_part(
        self, case_id: uuid.UUID, person_id: uuid.UUID, role: str | None = None
    ) -> bool:
        query = sa.select(CaseParty.id).where(
            CaseParty.case_id == case_id, CaseParty.person_id == person_id
        )
        if role is not None:
            query = query.where(CaseParty.role == role)
        return await self.session.scalar(query.limit(1)) is not None

    async def representatives(self, case_id: uuid.UUID) -> Sequence[Person]:
        """The legal representatives, guardians and parents with custody of the case's client."""
        return (
            await self.session.scalars(
                sa.select(Person)
                .join(CaseParty, CaseParty.person_id == Person.id)
                .where(
                    CaseParty.case_id == case_id,
                    sa.or_(
                        CaseParty.role.in_(["legal_representative", "guardian"]),
                        CaseParty.has_custody.is_(True),
                    ),
                )
                .order_by(Person.family_name, Person.given_name, Person.id)
                .distinct()
            )
        ).all()

    async def has_representative(self, case_id: uuid.UUID) -> bool:
        """A legal representative, guardian or parent with custody takes part."""
        found = await self.session.scalar(
            sa.select(CaseParty.id)
            .where(
                CaseParty.case_id == case_id,
                sa.or_(
                    CaseParty.role.in_(["legal_representative", "guardian"]),
                    CaseParty.has_custody.is_(True),
                ),
            )
            .limit(1)
        )
        return found is not None

    async def count(self, model: Any, case_id: uuid.UUID, *conditions: Any) -> int:
        """How many ``model`` rows of the case match ``conditions``."""
        return int(
            await self.session.scalar(
                sa.select(sa.func.count())
                .select_from(model)
                .where(model.case_id == case_id, *conditions)
            )
            or 0
        )

    async def rows(
        self, model: type[M], case_id: uuid.UUID, order: Any, *conditions: Any
    ) -> Sequence[M]:
        """Every ``model`` row of the case (matching ``conditions``) in ``order``."""
        column = model.case_id  # type: ignore[attr-defined]
        return (
            await self.session.scalars(
                sa.select(model).where(column == case_id, *conditions).order_by(order)
            )
        ).all()

    async def revisions(self, model: Any, case_id: uuid.UUID) -> list[tuple[int, str]]:
        rows = await self.session.execute(
            sa.select(model.revision, model.status).where(model.case_id == case_id)
        )
        return [(revision, status) for revision, status in rows.all()]


class PersonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_code(self, municipality: str, code_pseudonym: str) -> Person | None:
        """The municipality's person with this personal code (locked for the update)."""
        person: Person | None = await self.session.scalar(
            sa.select(Person)
            .where(Person.municipality == municipality, Person.code_pseudonym == code_pseudonym)
            .with_for_update()
        )
        return person


class PlacementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def children_in_care(self, provider_code: str) -> int:
        """Active placements at the provider, after taking the provider's transaction lock so
        that two placements cannot both take the last place."""
        await self.session.execute(
            sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"placement:{provider_code}")))
        )
        return int(
            await self.session.scalar(
                sa.select(sa.func.count())
                .select_from(Placement)
                .where(Placement.provider_code == provider_code, Placement.status == "active")
            )
            or 0
        )


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_pending_once(
        self,
        *,
        application_id: uuid.UUID,
        municipality: str,
        service_code: str,
        applicant_pseudonym: str,
        received_at: datetime,
    ) -> bool:
        """Insert the application unless it is known; True when inserted."""
        inserted = await self.session.scalar(
            pg_insert(ServiceApplication)
            .values(
                id=application_id,
                municipality=municipality,
                service_code=service_code,
                applicant_pseudonym=applicant_pseudonym,
                received_at=received_at,
                status="pending",
                version=1,
            )
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(ServiceApplication.id)
        )
        return inserted is not None

    async def unassigned(self, municipality: str, limit: int = 200) -> Sequence[ServiceApplication]:
        return (
            await self.session.scalars(
                sa.select(ServiceApplication)
                .where(
                    ServiceApplication.municipality == municipality,
                    ServiceApplication.assignee.is_(None),
                    ServiceApplication.status == "pending",
                )
                .order_by(ServiceApplication.received_at)
                .limit(limit)
            )
        ).all()


class DeadlineRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def close(
        self,
        status: str,
        *,
        record_id: uuid.UUID | None = None,
        case_id: uuid.UUID | None = None,
        kinds: Collection[str] = (),
    ) -> None:
        """Close the open clocks of a record or of a case (met or cancelled)."""
        query = sa.update(Deadline).where(Deadline.status == "open")
        query = query.where(
            Deadline.case_id == case_id if case_id else Deadline.record_id == record_id
        )
        if kinds:
            query = query.where(Deadline.kind.in_(list(kinds)))
        await self.session.execute(query.values(status=status, closed_at=sa.func.now()))

    async def follow(
        self,
        *,
        municipality: str | None,
        assignee: str | None,
        record_id: uuid.UUID | None = None,
        case_id: uuid.UUID | None = None,
    ) -> None:
        condition = Deadline.case_id == case_id if case_id else Deadline.record_id == record_id
        await self.session.execute(
            sa.update(Deadline)
            .where(condition, Deadline.status == "open")
            .values(municipality=municipality, assignee=assignee)
        )

    async def open_page(
        self,
        *,
        municipality: str | None,
        assignees: Collection[str] | None,
        case_id: uuid.UUID | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[Deadline]:
        query = sa.select(Deadline).where(Deadline.status == "open")
        if case_id is not None:
            query = query.where(Deadline.case_id == case_id)
        else:
            query = query.where(Deadline.municipality == municipality)
            if assignees is not None:
                query = query.where(Deadline.assignee.in_(list(assignees)))
        if after is not None:
            query = query.where(_after((Deadline.due_at, Deadline.id), after))
        query = query.order_by(Deadline.due_at, Deadline.id).limit(limit)
        return (await self.session.scalars(query)).all()
