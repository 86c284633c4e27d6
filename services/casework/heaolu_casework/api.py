"""Casework's HTTP API."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import care, cases, decisions
from heaolu_casework import deadlines as clocks
from heaolu_casework.models import Case, CaseParty, CasePlan, Person, Removal
from heaolu_casework.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPage,
    ApplicationCase,
    ApplicationOut,
    Assignment,
    CareProviderIn,
    CareProviderOut,
    CareProviderPage,
    CaseCreate,
    CaseOut,
    CasePage,
    CasePlanIn,
    CasePlanOut,
    CaseSearch,
    CaseSummary,
    Closure,
    CounsellingAnswer,
    CounsellingRequestCreate,
    CounsellingRequestDetail,
    CounsellingRequestOut,
    CounsellingRequestPage,
    DeadlineOut,
    DeadlinePage,
    DecidedAssessmentOut,
    DecisionIn,
    DecisionOut,
    DecisionPage,
    Delivery,
    NeedsAssessmentIn,
    NeedsAssessmentOut,
    NeedsAssessmentPage,
    PartyIn,
    PartyOut,
    PartyPage,
    PersonOut,
    PlacementEnd,
    PlacementIn,
    PlacementOut,
    PlacementPage,
    PreliminaryAssessmentOut,
    PreliminaryAssessmentPage,
    PreliminaryDecision,
    Provision,
    Queue,
    QueueItem,
    RemovalClock,
    RemovalIn,
    RemovalOut,
    RemovalPage,
    Reopening,
    SearchHit,
    SearchPage,
    SubstitutionCreate,
    SubstitutionOut,
    SubstitutionPage,
    Transfer,
)
from heaolu_casework.service import (
    answer_counselling_request,
    assign_assessment,
    audit_list,
    close_counselling_request,
    end_substitution,
    list_assessments,
    list_counselling_requests,
    open_counselling_request,
    read_assessment,
    read_counselling_request,
    record_substitution,
    remember_name,
    substitutions_for,
)
from heaolu_shared import staff
from heaolu_shared.access import Action, refuse_export, require_any_role
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.concurrency import IfMatch, etag
from heaolu_shared.errors import NotPermitted
from heaolu_shared.idempotency import IdempotencyKey, once
from heaolu_shared.pagination import DEFAULT_PAGE, MAX_PAGE
from heaolu_shared.roles import Role

CASEWORK_ROLES = (
    Role.CHILD_PROTECTION_WORKER,
    Role.SOCIAL_SERVICES_SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.SKA_COUNSELLOR,
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")]
Cursor = Annotated[
    str | None,
    Query(max_length=512, description="the next_cursor of the previous page; none for the first"),
]


async def caseworker(principal: CurrentPrincipal, session: DbSession) -> Principal:
    """The caller, if casework is part of their job; remembered in the staff directory."""
    require_any_role(principal, CASEWORK_ROLES)
    await staff.register(session, principal)
    await remember_name(session, principal)
    return principal


Caseworker = Annotated[Principal, Depends(caseworker)]

API_PREFIX = "/api/casework/v1"
router = APIRouter(prefix=API_PREFIX, tags=["casework"])


@router.get("/preliminary-assessments", response_model=PreliminaryAssessmentPage)
async def list_preliminary_assessments(
    principal: Caseworker,
    session: DbSession,
    report_id: uuid.UUID | None = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> PreliminaryAssessmentPage:
    """The preliminary assessments the caller may see, earliest deadline first."""
    rows, next_cursor = await list_assessments(
        session, principal, report_id=report_id, cursor=cursor, limit=limit
    )
    items = [PreliminaryAssessmentOut.model_validate(r) for r in rows]
    return PreliminaryAssessmentPage(items=items, next_cursor=next_cursor)


@router.get("/preliminary-assessments/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_preliminary_assessments(principal: Caseworker) -> None:
    """Refused for everyone: personal case records are not exported."""
    refuse_export(principal)


@router.get("/preliminary-assessments/{assessment_id}", response_model=PreliminaryAssessmentOut)
async def get_preliminary_assessment(
    assessment_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> PreliminaryAssessmentOut:
    assessment = await read_assessment(session, principal, assessment_id)
    response.headers["ETag"] = etag(assessment.version)
    return PreliminaryAssessmentOut.model_validate(assessment)


@router.patch("/preliminary-assessments/{assessment_id}", response_model=PreliminaryAssessmentOut)
async def assign_preliminary_assessment(
    assessment_id: uuid.UUID,
    body: Assignment,
    principal: Caseworker,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> PreliminaryAssessmentOut:
    """Assign to a worker of the municipality; needs the ETag in ``If-Match``."""
    assessment = await assign_assessment(
        session,
        principal,
        assessment_id,
        assignee_username=body.assignee_username,
        if_match=if_match,
    )
    response.headers["ETag"] = etag(assessment.version)
    return PreliminaryAssessmentOut.model_validate(assessment)


@router.post("/substitutions", status_code=status.HTTP_201_CREATED, response_model=SubstitutionOut)
async def create_substitution(
    body: SubstitutionCreate, principal: Caseworker, session: DbSession
) -> SubstitutionOut:
    """Record an absence and who substitutes (asendamine); it ends by itself."""
    substitution = await record_substitution(
        session,
        principal,
        absent_username=body.absent_username,
        substitute_username=body.substitute_username,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
    )
    return SubstitutionOut.model_validate(substitution)


def _substitution_out(row: Any) -> SubstitutionOut:
    return SubstitutionOut.model_validate(
        {
            **SubstitutionOut.model_validate(row.Substitution).model_dump(),
            "absent_username": row.absent_username,
            "absent_name": row.absent_name,
            "substitute_username": row.substitute_username,
            "substitute_name": row.substitute_name,
        }
    )


@router.get("/substitutions", response_model=SubstitutionPage)
async def list_substitutions(
    principal: Caseworker, session: DbSession, cursor: Cursor = None, limit: Limit = DEFAULT_PAGE
) -> SubstitutionPage:
    """The caller's substitutions (the municipality's for a department head), with the
    colleagues' names."""
    rows, next_cursor = await substitutions_for(session, principal, cursor=cursor, limit=limit)
    return SubstitutionPage(items=[_substitution_out(r) for r in rows], next_cursor=next_cursor)


@router.post("/substitutions/{substitution_id}/end", response_model=SubstitutionOut)
async def end_substitution_early(substitution_id: uuid.UUID, update: Update) -> SubstitutionOut:
    """The absent worker is back: they or their department head end the window now (needs the
    ETag in ``If-Match``); the substitute's access ends with it."""
    return SubstitutionOut.model_validate(await update(end_substitution, substitution_id))


@router.post(
    "/counselling-requests",
    status_code=status.HTTP_201_CREATED,
    response_model=CounsellingRequestOut,
)
async def create_counselling_request(
    body: CounsellingRequestCreate, principal: Caseworker, session: DbSession
) -> CounsellingRequestOut:
    """Ask SKA's counselling service about a record; the counsellor may then read it."""
    request = await open_counselling_request(session, principal, body.record_id, body.question)
    return CounsellingRequestOut.model_validate(request)


@router.get("/counselling-requests", response_model=CounsellingRequestPage)
async def list_counselling(
    principal: Caseworker,
    session: DbSession,
    state: Annotated[str, Query(alias="status", pattern="^(open|all)$")] = "open",
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> CounsellingRequestPage:
    """Requests addressed to SKA's counselling service (SKA counsellor), the municipality's
    (department head) or the caller's own, oldest first."""
    rows, next_cursor = await list_counselling_requests(
        session, principal, open_only=state == "open", cursor=cursor, limit=limit
    )
    return CounsellingRequestPage(
        items=[CounsellingRequestOut.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/counselling-requests/{request_id}", response_model=CounsellingRequestDetail)
async def get_counselling_request(
    request_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> CounsellingRequestDetail:
    """The question and the answer (audited)."""
    request = await read_counselling_request(session, principal, request_id)
    _tagged(response, request.version)
    return CounsellingRequestDetail.model_validate(request)


@router.post("/counselling-requests/{request_id}/answer", response_model=CounsellingRequestDetail)
async def answer_counselling(
    request_id: uuid.UUID, body: CounsellingAnswer, update: Update
) -> CounsellingRequestDetail:
    """SKA's counsellor answers an open request (``If-Match``)."""
    return CounsellingRequestDetail.model_validate(
        await update(answer_counselling_request, request_id, body.answer)
    )


@router.post("/counselling-requests/{request_id}/close", response_model=CounsellingRequestDetail)
async def close_counselling(request_id: uuid.UUID, update: Update) -> CounsellingRequestDetail:
    """Close the request (``If-Match``); the counsellor's access to the record ends."""
    return CounsellingRequestDetail.model_validate(
        await update(close_counselling_request, request_id)
    )


def _tagged(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Creator:
    """Runs a creation once per ``Idempotency-Key`` and shapes the answer: 201 with Location
    (and ETag) for a creation, 200 with the first answer for a replay. ``target`` is the case
    the creation hangs on; empty when it creates the case itself."""

    session: AsyncSession
    principal: Principal
    response: Response
    key: str | None

    async def __call__(
        self,
        operation: str,
        body: BaseModel,
        target: object,
        model: type[M],
        create: Callable[[], Awaitable[M]],
        location: Callable[[M], str],
    ) -> M:

        async def still_visible(stored: M) -> None:
            case_id = uuid.UUID(str(target) if target else str(stored.model_dump()["id"]))
            await cases.authorize_replay(self.session, self.principal, case_id, operation)

        out, created = await once(
            self.session,
            caller=self.principal.subject,
            key=self.key,
            operation=operation,
            body=body,
            target=str(target),
            response_model=model,
            create=create,
            authorize_replay=still_visible,
        )
        self.response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        self.response.headers["Location"] = location(out)
        version = getattr(out, "version", None)
        if isinstance(version, int):
            _tagged(self.response, version)
        return out

    async def in_case(
        self,
        operation: str,
        case_id: uuid.UUID,
        body: BaseModel,
        model: type[M],
        make: Callable[[AsyncSession, Principal, uuid.UUID, Any], Awaitable[Any]],
        location: str,
        shape: Callable[[Any], M] | None = None,
    ) -> M:
        """A record made in a case by ``make(session, principal, case_id, body)`` and shaped as
        ``model`` (or by ``shape``); ``location`` may name the case's ``{case_id}`` and the new
        record's ``{id}``."""

        async def create() -> M:
            made = await make(self.session, self.principal, case_id, body)
            return shape(made) if shape else model.model_validate(made, from_attributes=True)

        def where(out: M) -> str:
            return API_PREFIX + location.format(case_id=case_id, **out.model_dump(include={"id"}))

        return await self(operation, body, case_id, model, create, where)


async def creator(
    principal: Caseworker,
    session: DbSession,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> Creator:
    return Creator(session, principal, response, idempotency_key)


Creation = Annotated[Creator, Depends(creator)]


@dataclass(frozen=True)
class Updater:
    """Runs a change of a versioned record with the caller, the transaction and ``If-Match``,
    and answers with the record's new ``ETag``."""

    session: AsyncSession
    principal: Principal
    response: Response
    if_match: str | None

    async def __call__(self, change: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """``change(session, principal, *args, if_match)``, its answer tagged."""
        row = await change(self.session, self.principal, *args, self.if_match)
        _tagged(self.response, row.version)
        return row


async def updater(
    principal: Caseworker, session: DbSession, response: Response, if_match: IfMatch = None
) -> Updater:
    return Updater(session, principal, response, if_match)


Update = Annotated[Updater, Depends(updater)]


# --- worklists -------------------------------------------------------------------------------


@router.get("/queue", response_model=Queue)
async def get_queue(
    principal: Caseworker, session: DbSession, cursor: Cursor = None, limit: Limit = DEFAULT_PAGE
) -> Queue:
    """New unassigned reports, applications and transferred-in cases: children in danger first,
    then the nearest deadline; page by page with ``next_cursor`` until it is null."""
    rows, next_cursor = await cases.queue(session, principal, cursor=cursor, limit=limit)
    items = [
        QueueItem(
            kind=r.kind,
            id=r.id,
            municipality=principal.municipality or "",
            received_at=r.received_at,
            due_at=r.due_at,
            urgent=r.urgent,
            detail=r.detail,
            child_name=r.child_name,
        )
        for r in rows
    ]
    return Queue(items=items, next_cursor=next_cursor)


@router.get("/my-deadlines", response_model=DeadlinePage)
async def my_deadlines(
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DeadlinePage:
    """The caller's open clocks (and those of colleagues they substitute), soonest first."""
    rows, next_cursor = await clocks.open_deadlines(
        session,
        municipality=principal.municipality,
        assignees=await cases.visible_assignees(session, principal),
        cursor=cursor,
        limit=limit,
    )
    await _audit_deadlines(session, principal, rows, "my deadlines")
    return _deadline_page(rows, next_cursor)


@router.get("/deadlines", response_model=DeadlinePage)
async def municipality_deadlines(
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DeadlinePage:
    """Every open clock of the municipality (department head)."""
    require_any_role(principal, (Role.DEPARTMENT_HEAD,))
    rows, next_cursor = await clocks.open_deadlines(
        session, municipality=principal.municipality, assignees=None, cursor=cursor, limit=limit
    )
    await _audit_deadlines(session, principal, rows, "municipality deadlines")
    return _deadline_page(rows, next_cursor)


def _deadline_out(row: Any) -> DeadlineOut:
    return DeadlineOut.model_validate(
        {
            **DeadlineOut.model_validate(row.Deadline).model_dump(),
            "child_name": row.child_name,
            "assignee_username": row.assignee_username,
            "assignee_name": row.assignee_name,
        }
    )


def _deadline_page(rows: Sequence[Any], next_cursor: str | None) -> DeadlinePage:
    return DeadlinePage(items=[_deadline_out(r) for r in rows], next_cursor=next_cursor)


async def _audit_deadlines(
    session: AsyncSession, principal: Principal, rows: Sequence[Any], purpose: str
) -> None:
    await audit_list(
        session,
        principal,
        record_type="deadline_list",
        scope_id=f"municipality:{principal.municipality or 'none'}",
        purpose=purpose,
        shown=[
            ("deadline", str(r.Deadline.id), r.Deadline.subject_pseudonym)
            for r in rows
            if r.child_name
        ],
    )


# --- preliminary assessment decision ---------------------------------------------------------


@router.post(
    "/preliminary-assessments/{assessment_id}/decision", response_model=DecidedAssessmentOut
)
async def decide_preliminary_assessment(
    assessment_id: uuid.UUID,
    body: PreliminaryDecision,
    update: Update,
) -> DecidedAssessmentOut:
    """Open case management, not open it (one-off measure and reason), or forward it."""
    return DecidedAssessmentOut.model_validate(
        await update(cases.decide_preliminary_assessment, assessment_id, body), from_attributes=True
    )


# --- cases -----------------------------------------------------------------------------------


def _case_out(case: Case, child: Person | None = None, removal: Removal | None = None) -> CaseOut:
    clock = None
    if removal is not None:
        left = (removal.ruling_due_at - datetime.now(UTC)).total_seconds() / 3600
        clock = RemovalClock(
            removal_id=removal.id,
            separated_at=removal.separated_at,
            court_filing_due_at=removal.court_filing_due_at,
            ruling_due_at=removal.ruling_due_at,
            hours_left=round(left, 2),
        )
    return CaseOut(
        **CaseSummary.model_validate(case).model_dump(),
        origin=case.origin,
        closed_at=case.closed_at,
        close_reason=case.close_reason,
        transferred_from=case.transferred_from,
        child=PersonOut.model_validate(child, from_attributes=True) if child else None,
        removal_clock=clock,
    )


@router.post("/cases", status_code=status.HTTP_201_CREATED, response_model=CaseOut)
async def create_case(
    body: CaseCreate,
    principal: Caseworker,
    session: DbSession,
    creation: Creation,
) -> CaseOut:
    """Open a case directly (the family came to the office; a known need)."""

    async def create() -> CaseOut:
        case = await cases.open_case_directly(session, principal, kind=body.kind, child=body.child)
        return _case_out(case)

    return await creation(
        "case.create", body, "", CaseOut, create, lambda out: f"{API_PREFIX}/cases/{out.id}"
    )


def _case_summary(row: Any, model: type[CaseSummary] = CaseSummary) -> Any:
    return model.model_validate(
        {
            **CaseSummary.model_validate(row.Case).model_dump(),
            "child_name": row.child_name,
            "assignee_username": row.assignee_username,
            "assignee_name": row.assignee_name,
        }
    )


@router.get("/cases", response_model=CasePage)
async def list_cases(
    principal: Caseworker,
    session: DbSession,
    case_status: Annotated[str | None, Query(alias="status", pattern="^(open|closed)$")] = None,
    mine: bool = False,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> CasePage:
    """ "My cases" (workers; ``mine`` for a department head), or the municipality's cases, with
    the child's and the assignee's names."""
    rows, next_cursor = await cases.list_cases(
        session, principal, status=case_status, mine=mine, cursor=cursor, limit=limit
    )
    return CasePage(items=[_case_summary(r) for r in rows], next_cursor=next_cursor)


@router.get("/cases/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_cases(principal: Caseworker) -> None:
    """Refused for everyone: personal case records are not exported."""
    refuse_export(principal)


@router.post("/cases/search", response_model=SearchPage)
async def search_cases(
    body: CaseSearch,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> SearchPage:
    """Find cases by the personal code or name of a person in them (in the body, never the
    URL); the search and every hit are audited with the stated purpose."""
    hits, next_cursor = await cases.search_cases(
        session, principal, body, cursor=cursor, limit=limit
    )
    return SearchPage(items=[_case_summary(r, SearchHit) for r in hits], next_cursor=next_cursor)


@router.get("/cases/{case_id}", response_model=CaseOut)
async def get_case(
    case_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> CaseOut:
    case, child, removal = await cases.read_case(session, principal, case_id)
    upcoming, _ = await clocks.open_deadlines(
        session, municipality=None, assignees=None, case_id=case.id, limit=1
    )
    _tagged(response, case.version)
    out = _case_out(case, child, removal)
    out.next_deadline = _deadline_out(upcoming[0]) if upcoming else None
    return out


@router.patch("/cases/{case_id}", response_model=CaseOut)
async def assign_case(
    case_id: uuid.UUID,
    body: Assignment,
    update: Update,
) -> CaseOut:
    return _case_out(await update(cases.assign_case, case_id, body.assignee_username))


@router.post("/cases/{case_id}/transfer", response_model=CaseOut)
async def transfer_case(
    case_id: uuid.UUID,
    body: Transfer,
    update: Update,
) -> CaseOut:
    """The child moved: the case goes to the new municipality's queue; this one loses it."""
    return _case_out(await update(cases.transfer_case, case_id, body.to_municipality))


@router.post("/cases/{case_id}/close", response_model=CaseOut)
async def close_case(
    case_id: uuid.UUID,
    body: Closure,
    update: Update,
) -> CaseOut:
    return _case_out(await update(cases.close_case, case_id, body.reason, body.note))


@router.post("/cases/{case_id}/reopen", response_model=CaseOut)
async def reopen_case(
    case_id: uuid.UUID,
    body: Reopening,
    update: Update,
) -> CaseOut:
    return _case_out(await update(cases.reopen_case, case_id, body.reason))


@router.get("/cases/{case_id}/deadlines", response_model=DeadlinePage)
async def case_deadlines(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DeadlinePage:
    """The case's open clocks with their legal basis, soonest first."""
    case, decision = await cases.load_case(session, principal, case_id, Action.READ)
    rows, next_cursor = await clocks.open_deadlines(
        session, municipality=None, assignees=None, case_id=case.id, cursor=cursor, limit=limit
    )
    await cases.audit(
        session, principal, case, "read", "deadline_list", case.id, "case deadlines", decision
    )
    return _deadline_page(rows, next_cursor)


# --- persons ---------------------------------------------------------------------------------


def _party_out(party: CaseParty, person: Person) -> PartyOut:
    return PartyOut(
        id=party.id,
        role=party.role,
        legal_basis=party.legal_basis,
        has_custody=party.has_custody,
        lives_with_child=party.lives_with_child,
        note=party.note,
        person=PersonOut.model_validate(person, from_attributes=True),
    )


@router.post(
    "/cases/{case_id}/parties", status_code=status.HTTP_201_CREATED, response_model=PartyOut
)
async def add_party(case_id: uuid.UUID, body: PartyIn, creation: Creation) -> PartyOut:
    """A parent, legal representative (with the basis), household member or other person."""
    return await creation.in_case(
        "party.create",
        case_id,
        body,
        PartyOut,
        cases.add_party,
        "/cases/{case_id}/parties",
        lambda made: _party_out(*made),
    )


@router.get("/cases/{case_id}/parties", response_model=PartyPage)
async def list_parties(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> PartyPage:
    rows, next_cursor = await cases.parties(session, principal, case_id, cursor=cursor, limit=limit)
    return PartyPage(
        items=[_party_out(r.CaseParty, r.Person) for r in rows], next_cursor=next_cursor
    )


# --- needs assessment ------------------------------------------------------------------------


@router.post(
    "/cases/{case_id}/needs-assessments",
    status_code=status.HTTP_201_CREATED,
    response_model=NeedsAssessmentOut,
)
async def start_needs_assessment(
    case_id: uuid.UUID, body: NeedsAssessmentIn, creation: Creation
) -> NeedsAssessmentOut:
    return await creation.in_case(
        "needs.create",
        case_id,
        body,
        NeedsAssessmentOut,
        care.start_needs_assessment,
        "/needs-assessments/{id}",
    )


@router.get("/cases/{case_id}/needs-assessments", response_model=NeedsAssessmentPage)
async def list_needs_assessments(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> NeedsAssessmentPage:
    rows, next_cursor = await care.needs_assessments(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return NeedsAssessmentPage(
        items=[NeedsAssessmentOut.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )


@router.get("/needs-assessments/{assessment_id}", response_model=NeedsAssessmentOut)
async def get_needs_assessment(
    assessment_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> NeedsAssessmentOut:
    row = await care.read_needs_assessment(session, principal, assessment_id)
    _tagged(response, row.version)
    return NeedsAssessmentOut.model_validate(row, from_attributes=True)


@router.put("/needs-assessments/{assessment_id}", response_model=NeedsAssessmentOut)
async def update_needs_assessment(
    assessment_id: uuid.UUID,
    body: NeedsAssessmentIn,
    update: Update,
) -> NeedsAssessmentOut:
    return NeedsAssessmentOut.model_validate(
        await update(care.update_needs_assessment, assessment_id, body), from_attributes=True
    )


@router.post("/needs-assessments/{assessment_id}/complete", response_model=NeedsAssessmentOut)
async def complete_needs_assessment(
    assessment_id: uuid.UUID,
    update: Update,
) -> NeedsAssessmentOut:
    return NeedsAssessmentOut.model_validate(
        await update(care.complete_needs_assessment, assessment_id), from_attributes=True
    )


# --- case plan -------------------------------------------------------------------------------


def _plan_out(plan: CasePlan) -> CasePlanOut:
    return CasePlanOut.model_validate(
        care.plan_body(plan)
        | {
            "id": plan.id,
            "case_id": plan.case_id,
            "number": plan.number,
            "revision": plan.revision,
            "status": plan.status,
            "approved_at": plan.approved_at,
            "version": plan.version,
        }
    )


@router.post(
    "/cases/{case_id}/case-plans", status_code=status.HTTP_201_CREATED, response_model=CasePlanOut
)
async def start_case_plan(case_id: uuid.UUID, body: CasePlanIn, creation: Creation) -> CasePlanOut:
    return await creation.in_case(
        "plan.create",
        case_id,
        body,
        CasePlanOut,
        care.start_case_plan,
        "/case-plans/{id}",
        _plan_out,
    )


@router.get("/case-plans/{plan_id}", response_model=CasePlanOut)
async def get_case_plan(
    plan_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> CasePlanOut:
    plan = await care.read_case_plan(session, principal, plan_id)
    _tagged(response, plan.version)
    return _plan_out(plan)


@router.put("/case-plans/{plan_id}", response_model=CasePlanOut)
async def update_case_plan(
    plan_id: uuid.UUID,
    body: CasePlanIn,
    update: Update,
) -> CasePlanOut:
    return _plan_out(await update(care.update_case_plan, plan_id, body))


@router.post("/case-plans/{plan_id}/approve", response_model=CasePlanOut)
async def approve_case_plan(
    plan_id: uuid.UUID,
    update: Update,
) -> CasePlanOut:
    """Approve: refused until every field of the regulation, the caregiver's involvement and the
    child's opinion are there; the review dates become deadlines."""
    return _plan_out(await update(care.approve_case_plan, plan_id))


# --- activities ------------------------------------------------------------------------------


@router.post(
    "/cases/{case_id}/activities", status_code=status.HTTP_201_CREATED, response_model=ActivityOut
)
async def record_activity(case_id: uuid.UUID, body: ActivityIn, creation: Creation) -> ActivityOut:
    """Network meeting, home visit, phone call or note, with participants and time."""
    return await creation.in_case(
        "activity.create",
        case_id,
        body,
        ActivityOut,
        care.record_activity,
        "/cases/{case_id}/activities",
    )


@router.get("/cases/{case_id}/activities", response_model=ActivityPage)
async def list_activities(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> ActivityPage:
    """Newest first."""
    rows, next_cursor = await care.activities(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return ActivityPage(
        items=[ActivityOut.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )


# --- removal and placements ------------------------------------------------------------------


@router.post(
    "/cases/{case_id}/removals", status_code=status.HTTP_201_CREATED, response_model=RemovalOut
)
async def record_removal(case_id: uuid.UUID, body: RemovalIn, creation: Creation) -> RemovalOut:
    """Separation from the family; publishes ``removal.recorded`` with the 72-hour due time."""
    return await creation.in_case(
        "removal.create",
        case_id,
        body,
        RemovalOut,
        care.record_removal,
        "/cases/{case_id}/removals",
    )


@router.get("/cases/{case_id}/removals", response_model=RemovalPage)
async def list_removals(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> RemovalPage:
    rows, next_cursor = await care.removals(session, principal, case_id, cursor=cursor, limit=limit)
    return RemovalPage(items=[RemovalOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/cases/{case_id}/placements", status_code=status.HTTP_201_CREATED, response_model=PlacementOut
)
async def start_placement(
    case_id: uuid.UUID, body: PlacementIn, creation: Creation
) -> PlacementOut:
    return await creation.in_case(
        "placement.create", case_id, body, PlacementOut, care.start_placement, "/placements/{id}"
    )


@router.get("/cases/{case_id}/placements", response_model=PlacementPage)
async def list_placements(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> PlacementPage:
    rows, next_cursor = await care.placements(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return PlacementPage(
        items=[PlacementOut.model_validate(p) for p in rows], next_cursor=next_cursor
    )


@router.post("/care-providers", status_code=status.HTTP_201_CREATED, response_model=CareProviderOut)
async def register_care_provider(
    body: CareProviderIn,
    principal: Caseworker,
    session: DbSession,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> CareProviderOut:
    """Enter a substitute-care provider of the caller's municipality into the register
    (department head); its form and capacity decide the cap of every placement with it."""

    async def create() -> CareProviderOut:
        provider = await care.register_provider(session, principal, body)
        return CareProviderOut(
            code=provider.code,
            name=provider.name,
            form=provider.form,
            capacity=provider.capacity,
            municipality=provider.municipality,
            version=provider.version,
        )

    async def still_allowed(stored: CareProviderOut) -> None:
        require_any_role(principal, (Role.DEPARTMENT_HEAD,))
        if principal.municipality != stored.municipality:
            raise NotPermitted("you have no access to this record / teil puudub juurdepääs kirjele")

    out, created = await once(
        session,
        caller=principal.subject,
        key=idempotency_key,
        operation="care_provider.create",
        body=body,
        target="",
        response_model=CareProviderOut,
        create=create,
        authorize_replay=still_allowed,
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    response.headers["Location"] = f"{API_PREFIX}/care-providers?code={out.code}"
    _tagged(response, out.version)
    return out


@router.get("/care-providers", response_model=CareProviderPage)
async def list_care_providers(
    principal: Caseworker,
    session: DbSession,
    municipality: Annotated[str | None, Query(pattern=r"^[0-9]{4}$")] = None,
    form: Annotated[
        str | None, Query(pattern="^(foster_family|family_home|substitute_home)$")
    ] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> CareProviderPage:
    """The register, with the children each provider cares for now."""
    rows, next_cursor = await care.providers(
        session, principal, municipality=municipality, form=form, cursor=cursor, limit=limit
    )
    return CareProviderPage(
        items=[
            CareProviderOut(
                code=r.CareProvider.code,
                name=r.CareProvider.name,
                form=r.CareProvider.form,
                capacity=r.CareProvider.capacity,
                municipality=r.CareProvider.municipality,
                in_care=r.in_care,
                version=r.CareProvider.version,
            )
            for r in rows
        ],
        next_cursor=next_cursor,
    )


@router.post("/placements/{placement_id}/end", response_model=PlacementOut)
async def end_placement(
    placement_id: uuid.UUID,
    body: PlacementEnd,
    update: Update,
) -> PlacementOut:
    return PlacementOut.model_validate(
        await update(care.end_placement, placement_id, body.ended_on)
    )


# --- applications and decisions --------------------------------------------------------------


@router.get("/applications/{application_id}", response_model=ApplicationOut)
async def get_application(
    application_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> ApplicationOut:
    application = await decisions.read_application(session, principal, application_id)
    _tagged(response, application.version)
    return ApplicationOut.model_validate(application)


@router.patch("/applications/{application_id}", response_model=ApplicationOut)
async def assign_application(
    application_id: uuid.UUID,
    body: Assignment,
    update: Update,
) -> ApplicationOut:
    return ApplicationOut.model_validate(
        await update(decisions.assign_application, application_id, body.assignee_username)
    )


@router.post(
    "/applications/{application_id}/case",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseOut,
)
async def open_case_for_application(
    application_id: uuid.UUID,
    body: ApplicationCase,
    principal: Caseworker,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> CaseOut:
    """Take the application up as a social-services case (the applicant is checked against the
    application's pseudonym)."""
    case = await decisions.open_case_for_application(
        session, principal, application_id, body.applicant, if_match
    )
    response.headers["Location"] = f"{API_PREFIX}/cases/{case.id}"
    return _case_out(case)


@router.post(
    "/cases/{case_id}/decisions", status_code=status.HTTP_201_CREATED, response_model=DecisionOut
)
async def issue_decision(case_id: uuid.UUID, body: DecisionIn, creation: Creation) -> DecisionOut:
    """Grant or refuse a service: legal basis, reasoning, appeal notice, a PDF document; a
    granted service is referred to its provider by event."""
    return await creation.in_case(
        "decision.create", case_id, body, DecisionOut, decisions.issue_decision, "/decisions/{id}"
    )


@router.get("/cases/{case_id}/decisions", response_model=DecisionPage)
async def list_decisions(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> DecisionPage:
    rows, next_cursor = await decisions.case_decisions(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return DecisionPage(
        items=[DecisionOut.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get("/decisions/{decision_id}", response_model=DecisionOut)
async def get_decision(
    decision_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> DecisionOut:
    decision = await decisions.read_decision(session, principal, decision_id)
    _tagged(response, decision.version)
    return DecisionOut.model_validate(decision)


@router.get(
    "/decisions/{decision_id}/document",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def decision_document(
    decision_id: uuid.UUID, principal: Caseworker, session: DbSession
) -> Response:
    """The decision as the PDF delivered to the addressee."""
    decision = await decisions.read_decision(session, principal, decision_id, document=True)
    filename = decision.number.replace("/", "_")
    return Response(
        content=decision.document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/decisions/{decision_id}/delivery", response_model=DecisionOut)
async def record_delivery(
    decision_id: uuid.UUID,
    body: Delivery,
    update: Update,
) -> DecisionOut:
    return DecisionOut.model_validate(await update(decisions.record_delivery, decision_id, body))


@router.post("/decisions/{decision_id}/provision", response_model=DecisionOut)
async def record_provision(
    decision_id: uuid.UUID,
    body: Provision,
    update: Update,
) -> DecisionOut:
    """The provider's delivery of a granted service: started, delivered, ended, not started."""
    return DecisionOut.model_validate(await update(decisions.record_provision, decision_id, body))
