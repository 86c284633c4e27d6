"""Casework's queries.

Every query of the service lives here (ADR 0008), which is why the module stays whole past 400
lines: the lists share their access filters (:class:`Visibility`) and their sort keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from heaolu_casework.models import (
    CareProvider,
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
from heaolu_shared.pagination import Keyset

M = TypeVar("M")

staff_names = sa.table(
    "staff_member",
    sa.column("subject", sa.String),
    sa.column("username", sa.String),
    sa.column("display_name", sa.String),
)
"""The staff directory with the names casework keeps for its worklists."""


@dataclass(frozen=True)
class Visibility:
    """The rows the access rules can allow a caller, as SQL filters them (every list puts its
    access into the query, so no page comes out short and no list ends early)."""

    municipality: str | None
    whole_municipality: bool = False
    """A department head: every record of the municipality."""
    assignees: frozenset[str] = frozenset()
    """The caller and the absent colleagues they substitute right now."""
    kinds: frozenset[str] = frozenset()
    """Case kinds the caller's worker roles reach."""
    record_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    """Records under an open counselling request (an SKA counsellor)."""

    def condition(
        self, *, municipality: Any, assignee: Any, record_id: Any, kind: Any | None = None
    ) -> sa.ColumnElement[bool]:
        """The SQL condition for a table with these columns (``kind`` None: child protection)."""
        alternatives: list[sa.ColumnElement[bool]] = []
        if self.municipality:
            own = municipality == self.municipality
            if self.whole_municipality:
                alternatives.append(own)
            kind_ok = (
                kind.in_(sorted(self.kinds))
                if kind is not None
                else sa.literal("child_protection" in self.kinds)
            )
            if self.assignees and self.kinds:
                alternatives.append(sa.and_(own, assignee.in_(sorted(self.assignees)), kind_ok))
        if self.record_ids:
            alternatives.append(record_id.in_(sorted(self.record_ids)))
        return sa.or_(*alternatives) if alternatives else sa.false()


def person_name(person: Any) -> sa.ColumnElement[str]:
    """A person's full name; NULL when the (outer-joined) person is missing."""
    return sa.func.nullif(sa.func.concat_ws(" ", person.given_name, person.family_name), "")


def colleague(subject: Any) -> tuple[Any, sa.ColumnElement[bool]]:
    """An alias of the staff directory joined on ``subject``, for a colleague's name."""
    alias = staff_names.alias()
    return alias, alias.c.subject == subject


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
        child_name: str | None = None,
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
                child_name=child_name,
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

    async def page(
        self,
        visibility: Visibility,
        *,
        report_id: uuid.UUID | None,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[PreliminaryAssessment]:
        """Assessments the caller may see, earliest deadline first, after a cursor."""
        query = sa.select(PreliminaryAssessment).where(
            visibility.condition(
                municipality=PreliminaryAssessment.municipality,
                assignee=PreliminaryAssessment.assignee,
                record_id=PreliminaryAssessment.id,
            )
        )
        if report_id is not None:
            query = query.where(PreliminaryAssessment.report_id == report_id)
        return (await self.session.scalars(keyset.apply(query, cursor, limit))).all()


class QueueRepository:
    """The municipality's new, unassigned work: reports waiting for their preliminary
    assessment, applications and transferred-in cases, in one keyset-paged list."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @staticmethod
    def _source(
        municipality: str,
        *,
        assessments: bool,
        applications: bool,
        case_kinds: Collection[str],
    ) -> sa.Subquery | None:
        parts: list[sa.Select[Any]] = []
        if assessments:
            known = aliased(Person)
            pa = PreliminaryAssessment
            parts.append(
                sa.select(
                    sa.literal("preliminary_assessment").label("kind"),
                    pa.id.label("id"),
                    pa.received_at.label("received_at"),
                    pa.due_at.label("due_at"),
                    pa.urgent.label("urgent"),
                    pa.need_level.label("detail"),
                    sa.func.coalesce(pa.child_name, person_name(known)).label("child_name"),
                    pa.subject_pseudonym.label("subject_pseudonym"),
                    sa.case((pa.urgent, 0), else_=1).label("rank"),
                    pa.due_at.label("sort_at"),
                )
                .outerjoin(
                    known,
                    sa.and_(
                        known.municipality == pa.municipality,
                        known.code_pseudonym == pa.subject_pseudonym,
                    ),
                )
                .where(
                    pa.municipality == municipality,
                    pa.status == "pending",
                    pa.assignee.is_(None),
                )
            )
        if applications:
            applicant = aliased(Person)
            app = ServiceApplication
            clock = aliased(Deadline)
            parts.append(
                sa.select(
                    sa.literal("application").label("kind"),
                    app.id.label("id"),
                    app.received_at.label("received_at"),
                    clock.due_at.label("due_at"),
                    sa.false().label("urgent"),
                    app.service_code.label("detail"),
                    person_name(applicant).label("child_name"),
                    app.applicant_pseudonym.label("subject_pseudonym"),
                    sa.literal(1).label("rank"),
                    sa.func.coalesce(clock.due_at, app.received_at).label("sort_at"),
                )
                .outerjoin(
                    applicant,
                    sa.and_(
                        applicant.municipality == app.municipality,
                        applicant.code_pseudonym == app.applicant_pseudonym,
                    ),
                )
                .outerjoin(
                    clock,
                    sa.and_(
                        clock.record_id == app.id,
                        clock.kind == "application_decision",
                        clock.status == "open",
                    ),
                )
                .where(
                    app.municipality == municipality,
                    app.status == "pending",
                    app.assignee.is_(None),
                )
            )
        if case_kinds:
            child = aliased(Person)
            parts.append(
                sa.select(
                    sa.literal("case").label("kind"),
                    Case.id.label("id"),
                    Case.opened_at.label("received_at"),
                    sa.null().label("due_at"),
                    sa.false().label("urgent"),
                    sa.case(
                        (
                            Case.transferred_from.is_not(None),
                            sa.func.concat("transferred from ", Case.transferred_from),
                        ),
                        else_=Case.origin,
                    ).label("detail"),
                    person_name(child).label("child_name"),
                    Case.subject_pseudonym.label("subject_pseudonym"),
                    sa.literal(1).label("rank"),
                    Case.opened_at.label("sort_at"),
                )
                .join(child, child.id == Case.child_id)
                .where(
                    Case.municipality == municipality,
                    Case.assignee.is_(None),
                    Case.status == "open",
                    Case.kind.in_(sorted(case_kinds)),
                )
            )
        if not parts:
            return None
        return sa.union_all(*parts).subquery("queue")

    async def page(
        self,
        municipality: str,
        *,
        assessments: bool,
        applications: bool,
        case_kinds: Collection[str],
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Any], str | None]:
        """Children in danger first, then the nearest deadline (or the earliest arrival for
        work without one); every item reachable page by page."""
        source = self._source(
            municipality,
            assessments=assessments,
            applications=applications,
            case_kinds=case_kinds,
        )
        if source is None:
            return [], None
        keyset: Keyset[Any] = Keyset(
            columns=(source.c.rank, source.c.sort_at, source.c.id),
            types=(int, datetime, uuid.UUID),
            key=lambda row: (row.rank, row.sort_at, row.id),
        )
        rows = (await self.session.execute(keyset.apply(sa.select(source), cursor, limit))).all()
        return keyset.page(rows, limit)


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

    async def get(self, substitution_id: uuid.UUID) -> Substitution | None:
        return await self.session.get(Substitution, substitution_id, with_for_update=True)

    async def page(
        self,
        municipality: str,
        subject: str | None,
        *,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[Any]:
        """Substitutions of the municipality (involving ``subject``, unless None), with the
        colleagues' usernames and names."""
        absent, absent_on = colleague(Substitution.absent)
        substitute, substitute_on = colleague(Substitution.substitute)
        query = (
            sa.select(
                Substitution,
                absent.c.username.label("absent_username"),
                absent.c.display_name.label("absent_name"),
                substitute.c.username.label("substitute_username"),
                substitute.c.display_name.label("substitute_name"),
            )
            .outerjoin(absent, absent_on)
            .outerjoin(substitute, substitute_on)
            .where(Substitution.municipality == municipality)
        )
        if subject is not None:
            query = query.where(
                sa.or_(Substitution.absent == subject, Substitution.substitute == subject)
            )
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()


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

    async def get(self, request_id: uuid.UUID) -> CounsellingRequest | None:
        return await self.session.get(CounsellingRequest, request_id, with_for_update=True)

    async def page(
        self,
        *,
        municipality: str | None,
        opened_by: str | None,
        open_only: bool,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[CounsellingRequest]:
        """Counselling requests, oldest first: all (SKA's counselling service), a
        municipality's, or those one worker opened."""
        query = sa.select(CounsellingRequest)
        if municipality is not None:
            query = query.where(CounsellingRequest.municipality == municipality)
        if opened_by is not None:
            query = query.where(CounsellingRequest.opened_by == opened_by)
        if open_only:
            query = query.where(CounsellingRequest.closed_at.is_(None))
        return (await self.session.scalars(keyset.apply(query, cursor, limit))).all()


async def remember_colleague_name(session: AsyncSession, subject: str, name: str) -> None:
    """Keep a worker's name from their token for the worklists (written only when it changed)."""
    await session.execute(
        sa.update(staff_names)
        .where(staff_names.c.subject == subject, staff_names.c.display_name.is_distinct_from(name))
        .values(display_name=name)
    )


class CaseRepository:
    """Cases and what hangs on them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_number(self) -> int:
        return int(await self.session.scalar(sa.select(case_number_seq.next_value())) or 0)

    def _named(self) -> sa.Select[Any]:
        """Cases with their child's name and their assignee's name."""
        child = aliased(Person)
        assignee, assignee_on = colleague(Case.assignee)
        return (
            sa.select(
                Case,
                person_name(child).label("child_name"),
                child.code_pseudonym.label("child_pseudonym"),
                assignee.c.username.label("assignee_username"),
                assignee.c.display_name.label("assignee_name"),
            )
            .join(child, child.id == Case.child_id)
            .outerjoin(assignee, assignee_on)
        )

    async def page(
        self,
        visibility: Visibility,
        *,
        status: str | None,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[Any]:
        """Cases the caller may see, with names, in the keyset's order."""
        query = self._named().where(
            visibility.condition(
                municipality=Case.municipality,
                assignee=Case.assignee,
                record_id=Case.id,
                kind=Case.kind,
            )
        )
        if status:
            query = query.where(Case.status == status)
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()

    async def search(
        self,
        visibility: Visibility,
        *,
        code_pseudonym: str | None,
        family_name: str | None,
        given_name: str | None,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[Any]:
        """Cases the caller may see in which a matching person takes part, with names."""
        persons = sa.select(Person.id).where(Person.municipality == visibility.municipality)
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
        party_cases = sa.select(CaseParty.case_id).where(CaseParty.person_id.in_(persons))
        query = self._named().where(
            Case.id.in_(party_cases),
            visibility.condition(
                municipality=Case.municipality,
                assignee=Case.assignee,
                record_id=Case.id,
                kind=Case.kind,
            ),
        )
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()

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

    async def parties_page(
        self, case_id: uuid.UUID, *, keyset: Keyset[Any], cursor: str | None, limit: int
    ) -> Sequence[Any]:
        query = (
            sa.select(CaseParty, Person)
            .join(Person, Person.id == CaseParty.person_id)
            .where(CaseParty.case_id == case_id)
        )
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()

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

    async def rows_page(
        self,
        model: type[M],
        case_id: uuid.UUID,
        *,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[M]:
        """One page of the case's ``model`` rows in the keyset's order."""
        column = model.case_id  # type: ignore[attr-defined]
        query = sa.select(model).where(column == case_id)
        return (await self.session.scalars(keyset.apply(query, cursor, limit))).all()

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

    async def provider(self, code: str, *, lock: bool = False) -> CareProvider | None:
        """The register's provider; ``lock`` takes the provider's transaction lock first, so
        that two placements cannot both take the last place."""
        if lock:
            await self.session.execute(
                sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"placement:{code}")))
            )
        return await self.session.get(CareProvider, code)

    async def add_provider(self, provider: CareProvider) -> CareProvider:
        self.session.add(provider)
        await self.session.flush()
        return provider

    async def providers_page(
        self,
        *,
        municipality: str | None,
        form: str | None,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[Any]:
        """Providers of the register with the children each cares for now."""
        in_care = (
            sa.select(sa.func.count())
            .select_from(Placement)
            .where(Placement.provider_code == CareProvider.code, Placement.status == "active")
            .scalar_subquery()
        )
        query = sa.select(CareProvider, in_care.label("in_care"))
        if municipality is not None:
            query = query.where(CareProvider.municipality == municipality)
        if form is not None:
            query = query.where(CareProvider.form == form)
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()

    async def children_in_care(self, provider_code: str) -> int:
        """Active placements at the provider (take :meth:`provider` with ``lock`` first)."""
        return int(
            await self.session.scalar(
                sa.select(sa.func.count())
                .select_from(Placement)
                .where(Placement.provider_code == provider_code, Placement.status == "active")
            )
            or 0
        )

    async def active_of_child(
        self, child_id: uuid.UUID, child_pseudonym: str | None
    ) -> Placement | None:
        """The child's active placement, also under another municipality's person record of the
        same personal code."""
        same_child = Placement.child_id == child_id
        if child_pseudonym is not None:
            same_child = sa.or_(
                same_child,
                Placement.case_id.in_(
                    sa.select(Case.id).where(Case.subject_pseudonym == child_pseudonym)
                ),
            )
        placement: Placement | None = await self.session.scalar(
            sa.select(Placement).where(Placement.status == "active", same_child).limit(1)
        )
        return placement

    async def active_of_case(self, case_id: uuid.UUID) -> Sequence[Placement]:
        return (
            await self.session.scalars(
                sa.select(Placement)
                .where(Placement.case_id == case_id, Placement.status == "active")
                .with_for_update()
            )
        ).all()


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
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[Any]:
        """Open clocks with the child's name (from the case, the report or the person known by
        the pseudonym) and the assignee's name."""
        child = aliased(Person)
        known = aliased(Person)
        assessment = aliased(PreliminaryAssessment)
        assignee, assignee_on = colleague(Deadline.assignee)
        query = (
            sa.select(
                Deadline,
                sa.func.coalesce(
                    person_name(child), assessment.child_name, person_name(known)
                ).label("child_name"),
                assignee.c.username.label("assignee_username"),
                assignee.c.display_name.label("assignee_name"),
            )
            .outerjoin(Case, Case.id == Deadline.case_id)
            .outerjoin(child, child.id == Case.child_id)
            .outerjoin(assessment, assessment.id == Deadline.record_id)
            .outerjoin(
                known,
                sa.and_(
                    known.municipality == Deadline.municipality,
                    known.code_pseudonym == Deadline.subject_pseudonym,
                ),
            )
            .outerjoin(assignee, assignee_on)
            .where(Deadline.status == "open")
        )
        if case_id is not None:
            query = query.where(Deadline.case_id == case_id)
        else:
            query = query.where(Deadline.municipality == municipality)
            if assignees is not None:
                query = query.where(Deadline.assignee.in_(sorted(assignees)))
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()
