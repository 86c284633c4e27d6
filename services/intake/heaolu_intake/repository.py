"""Intake's queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.models import Report, ServiceApplication, Substitution

OPEN_STATUSES = ("received", "linked")


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, report: Report) -> Report:
        self.session.add(report)
        await self.session.flush()
        return report

    async def get(self, report_id: uuid.UUID) -> Report | None:
        return await self.session.get(Report, report_id)

    async def by_receipt(self, receipt_number: str) -> Report | None:
        report: Report | None = await self.session.scalar(
            sa.select(Report).where(Report.receipt_number == receipt_number)
        )
        return report

    async def by_idempotency_key(self, creator: str, key: str) -> Report | None:
        report: Report | None = await self.session.scalar(
            sa.select(Report).where(Report.created_by == creator, Report.idempotency_key == key)
        )
        return report

    async def open_thread_for(self, child_pseudonym: str) -> Report | None:
        """The newest open thread (a report not linked to another) about the child."""
        report: Report | None = await self.session.scalar(
            sa.select(Report)
            .where(
                Report.child_pseudonym == child_pseudonym,
                Report.linked_to.is_(None),
                Report.status.in_(OPEN_STATUSES),
            )
            .order_by(Report.received_at.desc())
            .limit(1)
            .with_for_update()
        )
        return report

    async def queue(
        self,
        municipality: str | None,
        *,
        assignee: str | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[Report]:
        """A municipality's reports (``None``: SKA's triage queue), newest first."""
        query = sa.select(Report).where(
            Report.municipality == municipality
            if municipality is not None
            else Report.municipality.is_(None)
        )
        if assignee is not None:
            query = query.where(Report.assignee == assignee)
        if after is not None:
            query = query.where(
                sa.tuple_(Report.received_at, Report.id)
                < sa.tuple_(sa.literal(after[0]), sa.literal(after[1]))
            )
        query = query.order_by(Report.received_at.desc(), Report.id.desc()).limit(limit)
        return (await self.session.scalars(query)).all()


class ApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, application: ServiceApplication) -> ServiceApplication:
        self.session.add(application)
        await self.session.flush()
        return application

    async def by_idempotency_key(self, creator: str, key: str) -> ServiceApplication | None:
        application: ServiceApplication | None = await self.session.scalar(
            sa.select(ServiceApplication).where(
                ServiceApplication.created_by == creator, ServiceApplication.idempotency_key == key
            )
        )
        return application

    async def get(self, application_id: uuid.UUID) -> ServiceApplication | None:
        return await self.session.get(ServiceApplication, application_id)

    async def of_applicant(
        self,
        creator: str,
        pseudonym: str | None,
        *,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[ServiceApplication]:
        """A citizen's own applications (made by them or for them), newest first."""
        mine = ServiceApplication.created_by == creator
        if pseudonym is not None:
            mine = sa.or_(mine, ServiceApplication.applicant_pseudonym == pseudonym)
        query = sa.select(ServiceApplication).where(mine)
        if after is not None:
            query = query.where(
                sa.tuple_(ServiceApplication.received_at, ServiceApplication.id)
                < sa.tuple_(sa.literal(after[0]), sa.literal(after[1]))
            )
        return (
            await self.session.scalars(
                query.order_by(
                    ServiceApplication.received_at.desc(), ServiceApplication.id.desc()
                ).limit(limit)
            )
        ).all()


class SubstitutionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_substitute(self, substitute: str) -> Sequence[Substitution]:
        return (
            await self.session.scalars(
                sa.select(Substitution).where(Substitution.substitute == substitute)
            )
        ).all()

    async def upsert(self, substitution: Substitution) -> None:
        await self.session.merge(substitution)
        await self.session.flush()

    async def get(self, substitution_id: uuid.UUID) -> Substitution | None:
        return await self.session.get(Substitution, substitution_id)
