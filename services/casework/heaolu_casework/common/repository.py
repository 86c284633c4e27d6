"""Queries every feature needs: the access filter of the lists, the names on worklists, the
access context's rows, and the case with its people and the rows that hang on it."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from heaolu_casework.common.models import (
    Case,
    CaseParty,
    CounsellingRequest,
    Deadline,
    InCase,
    Person,
    PreliminaryAssessment,
    Substitution,
    case_number_seq,
)
from heaolu_shared.db import remember_on_commit, written_lately
from heaolu_shared.pagination import Keyset

staff_names = sa.table(
    "staff_member",
    sa.column("subject", sa.String),
    sa.column("username", sa.String),
    sa.column("display_name", sa.String),
)
"""The staff directory with the names casework keeps for its worklists."""

REPRESENTATIVE_ROLES = ("legal_representative", "guardian")


P = TypeVar("P", bound=InCase)


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
                # Every record of the municipality, the head's own and substituted colleagues'
                # included: one condition on the municipality, so a list reads one index range
                # up to its page instead of every record of the municipality.
                alternatives.append(own)
            kind_ok = (
                kind.in_(sorted(self.kinds))
                if kind is not None
                else sa.literal("child_protection" in self.kinds)
            )
            if self.assignees and self.kinds and not self.whole_municipality:
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


async def remember_colleague_name(
    session: AsyncSession, subject: str, username: str | None, name: str
) -> None:
    """Keep a worker's name from their token for the worklists (written only when it changed,
    and not sent again while this process committed the same name lately). The username is
    part of what was committed: a renamed account's directory row is written anew, without
    the name, by :func:`heaolu_shared.staff.register`."""
    key = ("staff-name", subject, username, name)
    if written_lately(session, key):
        return
    await session.execute(
        sa.update(staff_names)
        .where(staff_names.c.subject == subject, staff_names.c.display_name.is_distinct_from(name))
        .values(display_name=name)
    )
    remember_on_commit(session, key)


_SUBSTITUTIONS_OF = sa.select(Substitution).where(
    Substitution.substitute == sa.bindparam("substitute", type_=sa.String)
)
"""Built once: it runs on every request of a worker, and building the query with its cache key
anew cost 60 µs of CPU each time (the statement runs in a fraction of that)."""


async def substitutions_of(session: AsyncSession, substitute: str) -> Sequence[Substitution]:
    """Every window in which ``substitute`` acts (or acted, or will act) for a colleague."""
    return (await session.scalars(_SUBSTITUTIONS_OF, {"substitute": substitute})).all()


async def counselled_record_ids(session: AsyncSession) -> set[uuid.UUID]:
    """Records under an open counselling request."""
    rows = await session.scalars(
        sa.select(CounsellingRequest.record_id).where(CounsellingRequest.closed_at.is_(None))
    )
    return set(rows)


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


def _represents() -> sa.ColumnElement[bool]:
    return sa.or_(CaseParty.role.in_(REPRESENTATIVE_ROLES), CaseParty.has_custody.is_(True))


class CaseRepository:
    """The case, its people and the rows that hang on it."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_number(self) -> int:
        return int(await self.session.scalar(sa.select(case_number_seq.next_value())) or 0)

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
                .where(CaseParty.case_id == case_id, _represents())
                .order_by(Person.family_name, Person.given_name, Person.id)
                .distinct()
            )
        ).all()

    async def has_representative(self, case_id: uuid.UUID) -> bool:
        """A legal representative, guardian or parent with custody takes part."""
        found = await self.session.scalar(
            sa.select(CaseParty.id).where(CaseParty.case_id == case_id, _represents()).limit(1)
        )
        return found is not None

    async def rows_page(
        self,
        model: type[P],
        case_id: uuid.UUID,
        *,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[P]:
        """One page of the case's ``model`` rows in the keyset's order."""
        query = sa.select(model).where(model.case_id == case_id)
        return (await self.session.scalars(keyset.apply(query, cursor, limit))).all()


class DeadlineRepository:
    """The clocks' rows: every feature opens, meets and moves them."""

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
