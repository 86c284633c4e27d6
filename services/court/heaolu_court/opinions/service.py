"""The rules of opinions to the court: the due date from the court's request is a clock; the
child is heard (when, how, by whom, views weighed by age and maturity) or the reason why not is
recorded; the head approves where the municipality requires it; the opinion goes as a PDF."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import clocks, messages
from heaolu_court.common.access import audit, listed_page, load
from heaolu_court.common.repository import next_number
from heaolu_court.opinions import repository
from heaolu_court.opinions.models import CourtOpinion
from heaolu_court.opinions.schemas import OpinionDraft, OpinionRequestIn
from heaolu_court.settings import get_settings
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.court import CourtOpinionSentV1
from heaolu_shared.documents import Section, render_document
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role

RECORD_TYPE = "court_opinion"
MUNICIPAL_ROLES = frozenset({Role.CHILD_PROTECTION_WORKER, Role.DEPARTMENT_HEAD})
MATTER_ET = {"custody": "hooldusõigus", "contact": "suhtluskord", "guardianship": "eestkoste"}


class WrongState(Conflict):
    slug = "wrong-state"


def missing_fields(opinion: CourtOpinion) -> list[str]:
    missing = [
        f for f in ("opinion", "official_name", "official_position") if not getattr(opinion, f)
    ]
    heard = (
        all(
            getattr(opinion, f)
            for f in ("child_heard_at", "child_heard_how", "child_heard_by", "child_views")
        )
        and opinion.views_weighed
    )
    if not heard and not opinion.child_not_heard_reason:
        missing.append("child_heard")
    return missing


async def register(
    session: AsyncSession, principal: Principal, body: OpinionRequestIn
) -> CourtOpinion:
    if principal.roles.isdisjoint(MUNICIPAL_ROLES) or principal.municipality is None:
        raise NotPermitted(messages.NO_ACCESS)
    if body.due_on < body.requested_on:
        raise RuleViolation(messages.DUE_BEFORE_REQUEST, extra={"field": "due_on"})
    now = datetime.now(UTC)
    opinion = CourtOpinion(
        id=uuid.uuid4(),
        number=await next_number(session, "AK", principal.municipality, now.year),
        municipality=principal.municipality,
        assignee=principal.subject,
        status="draft",
        **body.model_dump(mode="json") | {"requested_on": body.requested_on, "due_on": body.due_on},
    )
    session.add(opinion)
    await session.flush()
    await clocks.open_clock(
        session,
        kind="court_opinion",
        record_type=RECORD_TYPE,
        record_id=opinion.id,
        due_at=default_calendar().end_of_local_day(body.due_on),
        municipality=opinion.municipality,
        assignee=opinion.assignee,
        case_id=opinion.case_id,
    )
    await audit(session, principal, opinion, "create", RECORD_TYPE, "court's request", None)
    return opinion


async def listing(
    session: AsyncSession,
    principal: Principal,
    *,
    case_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[CourtOpinion], str | None]:
    """The caller's opinions (a head: the municipality's), soonest due first."""
    if principal.municipality is None:
        return [], None
    assignee = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    fetched = await repository.page(
        session,
        municipality=principal.municipality,
        assignee=assignee,
        case_id=case_id,
        cursor=cursor,
        limit=limit,
    )
    return await listed_page(
        session, principal, repository.ORDER, fetched, limit, RECORD_TYPE, "opinions"
    )


async def edit(
    session: AsyncSession,
    principal: Principal,
    opinion_id: uuid.UUID,
    body: OpinionDraft,
    if_match: str | None,
) -> CourtOpinion:
    opinion, decision = await load(
        session, principal, CourtOpinion, opinion_id, Action.UPDATE, for_update=True
    )
    check_version(opinion.version, if_match)
    if opinion.status == "sent":
        raise WrongState(messages.WRONG_STATE, extra={"status": opinion.status})
    for name, value in body.model_dump(exclude_unset=True).items():
        setattr(opinion, name, value)
    opinion.status, opinion.approved_at, opinion.approved_by = "draft", None, None
    await flush_versioned(session)
    await audit(
        session, principal, opinion, "update", RECORD_TYPE, "opinion to the court", decision
    )
    return opinion


async def approve(
    session: AsyncSession, principal: Principal, opinion_id: uuid.UUID, if_match: str | None
) -> CourtOpinion:
    opinion, decision = await load(
        session, principal, CourtOpinion, opinion_id, Action.UPDATE, for_update=True
    )
    check_version(opinion.version, if_match)
    if Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted(messages.ONLY_HEAD)
    if opinion.status != "draft":
        raise WrongState(messages.WRONG_STATE, extra={"status": opinion.status})
    missing = missing_fields(opinion)
    if missing:
        raise RuleViolation(messages.OPINION_INCOMPLETE, extra={"missing": missing})
    opinion.status = "approved"
    opinion.approved_by, opinion.approved_at = principal.subject, datetime.now(UTC)
    await flush_versioned(session)
    await audit(session, principal, opinion, "update", RECORD_TYPE, "opinion approved", decision)
    return opinion


def _document(opinion: CourtOpinion, authority: str) -> bytes:
    assert opinion.sent_at is not None
    tz = default_calendar().tz
    if opinion.child_views:
        assert opinion.child_heard_at is not None
        heard = (
            f"Last kuulati {opinion.child_heard_at.astimezone(tz):%d.%m.%Y}, "
            f"{opinion.child_heard_how}; kuulas {opinion.child_heard_by}."
            + (f" Lapse vanus: {opinion.child_age}." if opinion.child_age is not None else "")
            + f"\nLapse seisukoht: {opinion.child_views}\nArvestamine: {opinion.views_weighed}"
        )
    else:
        heard = f"Last ei kuulatud: {opinion.child_not_heard_reason}"
    parties = "\n".join(f"{p['name']} ({p['role']})" for p in opinion.parties)
    return render_document(
        f"Eestkosteasutuse arvamus kohtule ({MATTER_ET[opinion.matter]})",
        [
            Section("Kohus", f"{opinion.court_name}, tsiviilasi nr {opinion.court_case_number}"),
            Section("Eestkosteasutus", authority),
            Section("Menetlusosalised", parties),
            Section("Kohtu küsimus", opinion.question),
            Section("Lapse ärakuulamine", heard),
            Section("Arvamus", opinion.opinion or ""),
            Section("Vastutav ametnik", f"{opinion.official_name}, {opinion.official_position}"),
        ],
        "et",
        reference=opinion.number,
        issued_at=opinion.sent_at.astimezone(tz),
        author=authority,
    )


async def send(
    session: AsyncSession, principal: Principal, opinion_id: uuid.UUID, if_match: str | None
) -> CourtOpinion:
    settings = get_settings()
    opinion, decision = await load(
        session, principal, CourtOpinion, opinion_id, Action.UPDATE, for_update=True
    )
    check_version(opinion.version, if_match)
    needs_approval = opinion.municipality in settings.head_approval_municipalities
    if opinion.status == "sent":
        raise RuleViolation(messages.OPINION_SENT, extra={"status": opinion.status})
    if opinion.status == "draft" and needs_approval:
        raise RuleViolation(messages.OPINION_NOT_APPROVED, extra={"status": opinion.status})
    missing = missing_fields(opinion)
    if missing:
        raise RuleViolation(messages.OPINION_INCOMPLETE, extra={"missing": missing})
    now = datetime.now(UTC)
    opinion.status, opinion.sent_at = "sent", now
    authority = settings.municipality_names.get(
        opinion.municipality, f"Omavalitsus {opinion.municipality}"
    )
    opinion.document = _document(opinion, authority)
    await flush_versioned(session)
    await clocks.meet(session, opinion.id)
    await enqueue(
        session,
        CourtOpinionSentV1(
            opinion_id=opinion.id,
            municipality=opinion.municipality,
            matter=opinion.matter,
            requested_on=opinion.requested_on,
            due_on=opinion.due_on,
            sent_at=now,
            within_term=now <= default_calendar().end_of_local_day(opinion.due_on),
            child_heard=opinion.child_views is not None,
            case_id=opinion.case_id,
        ),
        subject=str(opinion.id),
        source="court",
    )
    await audit(session, principal, opinion, "update", RECORD_TYPE, "opinion sent", decision)
    return opinion


async def document_of(
    session: AsyncSession, principal: Principal, opinion_id: uuid.UUID
) -> tuple[CourtOpinion, bytes]:
    opinion, decision = await load(session, principal, CourtOpinion, opinion_id, Action.READ)
    if opinion.sent_at is None:
        raise WrongState(messages.WRONG_STATE, extra={"status": opinion.status})
    await session.refresh(opinion, ["document"])
    assert opinion.document is not None
    await audit(session, principal, opinion, "read", RECORD_TYPE, "opinion document", decision)
    return opinion, opinion.document
