"""The youth-guarantee list: view-only pages, one youth, the import from the register."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import NgtsUser, ReadYouth, protect, require_designated
from heaolu_ngts.common.enums import YouthStatus
from heaolu_ngts.common.http import API_PREFIX, Creation, page_limit, problems, tagged
from heaolu_ngts.settings import get_settings
from heaolu_ngts.youths import service
from heaolu_ngts.youths.register import SyntheticYouthRegister, YouthRegister
from heaolu_ngts.youths.schemas import ImportReport, YouthOut, YouthPage, YouthRow
from heaolu_shared.access import Action
from heaolu_shared.app import DbSession
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import NotPermitted
from heaolu_shared.pagination import decode_cursor, encode_cursor

router = APIRouter(prefix=API_PREFIX, tags=["ngts: list"])


async def youth_register(request: Request) -> YouthRegister:
    """The register port; the synthetic adapter until the X-Road adapter exists."""
    settings = get_settings()
    return SyntheticYouthRegister(settings.synthetic_list_size, settings.synthetic_failing_share)


Register = Annotated[YouthRegister, Depends(youth_register)]


@router.post(
    "/participations/{participation_id}/list",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportReport,
    responses=problems(403, 404, 409, 422),
)
async def import_list(
    participation_id: uuid.UUID,
    principal: NgtsUser,
    session: DbSession,
    register: Register,
    creation: Creation,
) -> ImportReport:
    """Fetch the round's list from the register; stores the qualifying youths, counts the rest."""
    now = datetime.now(UTC)
    participation = await service.load_participation(session, participation_id, for_update=True)
    await require_designated(
        session, principal, Action.CREATE, participation.municipality, now, str(participation.id)
    )

    async def create() -> ImportReport:
        settings = get_settings()
        stored, refused = await service.import_list(
            session,
            participation=participation,
            register=register,
            actor=principal,
            pseudonym_key=settings.pseudonym_key,
            retention_days=settings.list_retention_days,
            now=now,
            calendar=default_calendar(),
        )
        return ImportReport(participation_id=participation.id, stored=stored, refused=refused)

    return await creation(
        "ngts.list.import",
        None,
        str(participation_id),
        ImportReport,
        create,
        lambda _: f"/participations/{participation_id}/youths",
    )


@router.get(
    "/participations/{participation_id}/youths",
    response_model=YouthPage,
    responses=problems(400, 403, 404, 429),
)
async def list_page(
    participation_id: uuid.UUID,
    principal: NgtsUser,
    session: DbSession,
    response: Response,
    limit: Annotated[int, Depends(page_limit)],
    cursor: str | None = None,
    status_filter: Annotated[YouthStatus | None, Query(alias="status")] = None,
) -> YouthPage:
    """A small page of the list in name order; every youth shown is audited and counted."""
    after = decode_cursor(cursor, (str, str, uuid.UUID)) if cursor else None
    youths = await service.page_of_list(
        session,
        principal=principal,
        participation_id=participation_id,
        after=after,
        status=status_filter.value if status_filter else None,
        limit=limit,
        now=datetime.now(UTC),
    )
    protect(response)
    last = youths[-1] if len(youths) == limit else None
    return YouthPage(
        items=[YouthRow.model_validate(y) for y in youths],
        next_cursor=encode_cursor((last.family_name, last.given_name, last.id)) if last else None,
    )


@router.get(
    "/participations/{participation_id}/youths/export",
    status_code=status.HTTP_403_FORBIDDEN,
    responses=problems(403),
)
async def export_list(participation_id: uuid.UUID, principal: NgtsUser) -> None:
    """Refused for everyone: the list is view-only."""
    raise NotPermitted(messages.EXPORT_REFUSED)


@router.get("/youths/{youth_id}", response_model=YouthOut, responses=problems(403, 404, 429))
async def get_youth(youth: ReadYouth, response: Response) -> YouthOut:
    """One youth in full; audited, counted against the hourly limit, marked no-copy."""
    tagged(response, youth.youth.version)
    return YouthOut.model_validate(youth.youth)
