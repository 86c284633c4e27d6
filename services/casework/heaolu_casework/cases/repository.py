"""Queries of cases: the named lists, search, the queue of new work, and what a case's
transfer, closure and view read."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from heaolu_casework.common.enums import AssessmentStatus, CaseStatus, PlacementStatus
from heaolu_casework.common.models import (
    Case,
    CaseParty,
    Deadline,
    Person,
    Placement,
    PreliminaryAssessment,
    Removal,
    ServiceApplication,
)
from heaolu_casework.common.repository import Visibility, colleague, person_name
from heaolu_shared.pagination import Keyset


def _named() -> sa.Select[Any]:
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


def _visible(visibility: Visibility) -> sa.ColumnElement[bool]:
    return visibility.condition(
        municipality=Case.municipality, assignee=Case.assignee, record_id=Case.id, kind=Case.kind
    )


class CaseListRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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
        query = _named().where(_visible(visibility))
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
        query = _named().where(Case.id.in_(party_cases), _visible(visibility))
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()

    async def parties_page(
        self, case_id: uuid.UUID, *, keyset: Keyset[Any], cursor: str | None, limit: int
    ) -> Sequence[Any]:
        query = (
            sa.select(CaseParty, Person)
            .join(Person, Person.id == CaseParty.person_id)
            .where(CaseParty.case_id == case_id)
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

    async def active_placements(self, case_id: uuid.UUID) -> Sequence[Placement]:
        """The case's substitute care now (locked: closing or moving the case changes it)."""
        return (
            await self.session.scalars(
                sa.select(Placement)
                .where(Placement.case_id == case_id, Placement.status == PlacementStatus.ACTIVE)
                .with_for_update()
            )
        ).all()


class CitizenRepository:
    """The cases a citizen may see of their own: about themselves, or about a child of whom
    they are the legal representative with custody (matched by the personal code's pseudonym,
    in every municipality)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def records(
        self, code_pseudonym: str, *, keyset: Keyset[Any], cursor: str | None, limit: int
    ) -> Sequence[Any]:
        persons = sa.select(Person.id).where(Person.code_pseudonym == code_pseudonym)
        custody = sa.select(CaseParty.case_id).where(
            CaseParty.person_id.in_(persons),
            CaseParty.role == "legal_representative",
            CaseParty.has_custody.is_(True),
        )
        child = aliased(Person)
        query = (
            sa.select(
                Case,
                sa.case((Case.child_id.in_(persons), "self"), else_="child").label("relation"),
                person_name(child).label("person_name"),
            )
            .join(child, child.id == Case.child_id)
            .where(sa.or_(Case.child_id.in_(persons), Case.id.in_(custody)))
        )
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()


class QueueRepository:
    """The municipality's new, unassigned work: reports waiting for their preliminary
    assessment, applications and transferred-in cases, in one keyset-paged list."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @staticmethod
    def _assessments(municipality: str) -> sa.Select[Any]:
        known = aliased(Person)
        pa = PreliminaryAssessment
        return (
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
                pa.status == AssessmentStatus.PENDING,
                pa.assignee.is_(None),
            )
        )

    @staticmethod
    def _applications(municipality: str) -> sa.Select[Any]:
        applicant = aliased(Person)
        app = ServiceApplication
        clock = aliased(Deadline)
        return (
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

    @staticmethod
    def _cases(municipality: str, case_kinds: Collection[str]) -> sa.Select[Any]:
        child = aliased(Person)
        return (
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
                Case.status == CaseStatus.OPEN,
                Case.kind.in_(sorted(case_kinds)),
            )
        )

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
        parts: list[sa.Select[Any]] = []
        if assessments:
            parts.append(self._assessments(municipality))
        if applications:
            parts.append(self._applications(municipality))
        if case_kinds:
            parts.append(self._cases(municipality, case_kinds))
        if not parts:
            return [], None
        source = sa.union_all(*parts).subquery("queue")
        keyset: Keyset[Any] = Keyset(
            columns=(source.c.rank, source.c.sort_at, source.c.id),
            types=(int, datetime, uuid.UUID),
            key=lambda row: (row.rank, row.sort_at, row.id),
        )
        rows = (await self.session.execute(keyset.apply(sa.select(source), cursor, limit))).all()
        return keyset.page(rows, limit)
