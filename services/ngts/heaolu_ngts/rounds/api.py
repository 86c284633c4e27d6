"""Rounds of the register query and the municipality's participation in them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Response, status

from heaolu_ngts.common.access import NgtsUser
from heaolu_ngts.common.http import API_PREFIX, Creation, problems, tagged
from heaolu_ngts.rounds import rules, service
from heaolu_ngts.rounds.schemas import ParticipationIn, ParticipationOut, RoundOut
from heaolu_shared.app import DbSession
from heaolu_shared.calendar import default_calendar

router = APIRouter(prefix=API_PREFIX, tags=["ngts: rounds"])


@router.get("/rounds", response_model=list[RoundOut])
async def upcoming_rounds(principal: NgtsUser) -> list[RoundOut]:
    """The next register query rounds with their application deadlines (no personal data)."""
    calendar = default_calendar()
    today = calendar.local_date(datetime.now(UTC))
    return [
        RoundOut(
            query_date=d,
            application_deadline=rules.application_deadline(d),
            list_due_on=rules.list_due_on(d, calendar),
        )
        for d in rules.upcoming_query_dates(today)
    ]


@router.post(
    "/participations",
    status_code=status.HTTP_201_CREATED,
    response_model=ParticipationOut,
    responses=problems(403, 409, 422),
)
async def apply_for_round(
    body: ParticipationIn, principal: NgtsUser, session: DbSession, creation: Creation
) -> ParticipationOut:
    """Apply for a round (before 1 March / 1 October); the head or a designated specialist."""

    async def create() -> ParticipationOut:
        made = await service.apply_for_round(
            session,
            principal=principal,
            query_date=body.query_date,
            now=datetime.now(UTC),
            calendar=default_calendar(),
        )
        return ParticipationOut.model_validate(made)

    async def still_working_the_round(out: ParticipationOut) -> None:
        # A retry answers the stored participation only to who may work its round still.
        await service.authorize_round_work(session, principal, out.municipality, datetime.now(UTC))

    return await creation(
        "ngts.participation.apply",
        body,
        "",
        ParticipationOut,
        create,
        lambda out: f"/participations/{out.id}",
        authorize_replay=still_working_the_round,
    )


@router.get("/participations", response_model=list[ParticipationOut], responses=problems(403))
async def list_participations(principal: NgtsUser, session: DbSession) -> list[ParticipationOut]:
    """The municipality's participations, newest round first (counts only)."""
    rows = await service.participations(session, principal=principal, now=datetime.now(UTC))
    return [ParticipationOut.model_validate(r) for r in rows]


@router.get(
    "/participations/{participation_id}",
    response_model=ParticipationOut,
    responses=problems(403, 404),
)
async def get_participation(
    participation_id: uuid.UUID, principal: NgtsUser, session: DbSession, response: Response
) -> ParticipationOut:
    found = await service.participation(
        session, principal=principal, participation_id=participation_id, now=datetime.now(UTC)
    )
    tagged(response, found.version)
    return ParticipationOut.model_validate(found)
