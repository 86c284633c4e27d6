"""A citizen's own applications come in keyset pages: every application once, newest first,
and no cursor after the last page (the shared repository base over a real database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.applications.repository import ApplicationRepository
from heaolu_intake.applications.service import my_applications
from services.intake.tests import factories as make

pytestmark = pytest.mark.integration


async def test_pages_hold_every_application_once_newest_first(session: AsyncSession) -> None:
    citizen = make.citizen("38001085718")
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    made = [
        await ApplicationRepository(session).add(
            make.application(created_by=citizen.subject, received_at=start + timedelta(hours=i))
        )
        for i in range(5)
    ]
    seen, cursor, pages = [], None, 0
    while True:
        rows, cursor = await my_applications(
            session,
            principal=citizen,
            pseudonym_key=make.KEYS.pseudonym_key,
            cursor=cursor,
            limit=2,
        )
        seen += [a.id for a in rows]
        pages += 1
        if cursor is None:
            break
    assert seen == [a.id for a in reversed(made)]
    assert pages == 3


async def test_get_for_update_reads_the_row_again(session: AsyncSession) -> None:
    repository = ApplicationRepository(session)
    application = await repository.add(make.application())
    locked = await repository.get_for_update(application.id)
    assert locked is application and locked.status == "received"
    assert await repository.get(make.application().id) is None
