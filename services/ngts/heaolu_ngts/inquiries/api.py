"""Ministry and SKA inquiries (5 working days) and prepayment applications."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from heaolu_ngts.common.access import NgtsUser, require_designated
from heaolu_ngts.common.http import API_PREFIX, Creation, problems, tagged
from heaolu_ngts.inquiries import service
from heaolu_ngts.inquiries.models import Inquiry
from heaolu_ngts.inquiries.schemas import (
    InquiryAnswer,
    InquiryIn,
    InquiryOut,
    PrepaymentIn,
    PrepaymentOut,
    PrepaymentStatusIn,
)
from heaolu_ngts.settings import get_settings
from heaolu_shared.access import Action
from heaolu_shared.app import DbSession
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import IfMatch

router = APIRouter(prefix=API_PREFIX, tags=["ngts: inquiries"])


def _out(row: Inquiry) -> InquiryOut:
    return InquiryOut(
        id=row.id,
        municipality=row.municipality,
        asked_by=row.asked_by,
        contact_person=row.contact_person,
        question=row.question,
        received_at=row.received_at,
        due_at=row.due_at,
        answer=row.answer,
        answered_at=row.answered_at,
        answered_on_time=None if row.answered_at is None else row.answered_at <= row.due_at,
        version=row.version,
    )


@router.post(
    "/inquiries",
    status_code=status.HTTP_201_CREATED,
    response_model=InquiryOut,
    responses=problems(403, 409, 422),
)
async def register_inquiry(
    body: InquiryIn,
    principal: NgtsUser,
    session: DbSession,
    creation: Creation,
) -> InquiryOut:
    """Register an inquiry; its answer is due in 5 working days (Estonian calendar)."""

    async def create() -> InquiryOut:
        row = await service.register_inquiry(
            session,
            principal=principal,
            asked_by=body.asked_by,
            contact_person=body.contact_person,
            question=body.question,
            received_at=body.received_at,
            working_days=get_settings().inquiry_working_days,
            now=datetime.now(UTC),
            calendar=default_calendar(),
        )
        return _out(row)

    async def still_readable(out: InquiryOut) -> None:
        # A retry answers the stored inquiry only to who may read it still (as its GET).
        await service.inquiry(
            session, principal=principal, inquiry_id=out.id, now=datetime.now(UTC)
        )

    return await creation(
        "ngts.inquiry.create",
        body,
        "",
        InquiryOut,
        create,
        lambda out: f"/inquiries/{out.id}",
        authorize_replay=still_readable,
    )


@router.get("/inquiries", response_model=list[InquiryOut], responses=problems(403))
async def list_inquiries(
    principal: NgtsUser,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[InquiryOut]:
    """Open inquiries soonest due first, then the answered ones."""
    rows = await service.inquiries(session, principal=principal, now=datetime.now(UTC), limit=limit)
    return [_out(r) for r in rows]


@router.get("/inquiries/{inquiry_id}", response_model=InquiryOut, responses=problems(403, 404))
async def get_inquiry(
    inquiry_id: uuid.UUID, principal: NgtsUser, session: DbSession, response: Response
) -> InquiryOut:
    row = await service.inquiry(
        session, principal=principal, inquiry_id=inquiry_id, now=datetime.now(UTC)
    )
    tagged(response, row.version)
    return _out(row)


@router.post(
    "/inquiries/{inquiry_id}/answer",
    response_model=InquiryOut,
    responses=problems(403, 404, 409, 412, 428),
)
async def answer_inquiry(
    inquiry_id: uuid.UUID,
    body: InquiryAnswer,
    principal: NgtsUser,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> InquiryOut:
    """Answer the inquiry (needs its ETag in ``If-Match``); on time or late is recorded."""
    row = await service.answer_inquiry(
        session,
        principal=principal,
        inquiry_id=inquiry_id,
        answer=body.answer,
        if_match=if_match,
        now=datetime.now(UTC),
    )
    tagged(response, row.version)
    return _out(row)


@router.post(
    "/prepayment-applications",
    status_code=status.HTTP_201_CREATED,
    response_model=PrepaymentOut,
    responses=problems(403, 409, 422),
)
async def apply_for_prepayment(
    body: PrepaymentIn,
    principal: NgtsUser,
    session: DbSession,
    creation: Creation,
) -> PrepaymentOut:
    async def create() -> PrepaymentOut:
        row = await service.apply_for_prepayment(
            session,
            principal=principal,
            period_start=body.period_start,
            period_end=body.period_end,
            amount_eur=body.amount_eur,
            now=datetime.now(UTC),
        )
        return PrepaymentOut.model_validate(row)

    async def still_readable(out: PrepaymentOut) -> None:
        # A retry answers the stored application only to who may read it still (the policy's
        # check of one application, as when its status is moved).
        await require_designated(
            session, principal, Action.READ, out.municipality, datetime.now(UTC), str(out.id)
        )

    return await creation(
        "ngts.prepayment.create",
        body,
        "",
        PrepaymentOut,
        create,
        lambda out: f"/prepayment-applications/{out.id}",
        authorize_replay=still_readable,
    )


@router.get("/prepayment-applications", response_model=list[PrepaymentOut], responses=problems(403))
async def list_prepayments(principal: NgtsUser, session: DbSession) -> list[PrepaymentOut]:
    rows = await service.prepayments(session, principal=principal, now=datetime.now(UTC))
    return [PrepaymentOut.model_validate(r) for r in rows]


@router.patch(
    "/prepayment-applications/{application_id}",
    response_model=PrepaymentOut,
    responses=problems(403, 404, 412, 422, 428),
)
async def move_prepayment(
    application_id: uuid.UUID,
    body: PrepaymentStatusIn,
    principal: NgtsUser,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> PrepaymentOut:
    """Move the application on (draft → submitted → approved/rejected → paid)."""
    row = await service.move_prepayment(
        session,
        principal=principal,
        application_id=application_id,
        target=body.status,
        if_match=if_match,
        now=datetime.now(UTC),
    )
    tagged(response, row.version)
    return PrepaymentOut.model_validate(row)
