"""Who may use casework, the access context, and the routine of every endpoint that touches a
person: load the record or 404, decide access with the shared policy, audit the read.

A case, the preliminary assessment of a report and a service application are decided on by
themselves (:class:`Guarded`); every other record by the case it belongs to.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import messages
from heaolu_casework.common.enums import CaseKind
from heaolu_casework.common.models import (
    Case,
    Guarded,
    InCase,
    PreliminaryAssessment,
    ServiceApplication,
)
from heaolu_casework.common.repository import (
    CaseRepository,
    Visibility,
    counselled_record_ids,
    remember_colleague_name,
    substitutions_of,
)
from heaolu_shared import staff
from heaolu_shared.access import (
    HEAD_DOMAINS,
    WORKER_DOMAINS,
    AccessContext,
    Action,
    Decision,
    Domain,
    RecordScope,
    require_any_role,
)
from heaolu_shared.access import Substitution as SubstitutionWindow
from heaolu_shared.app import DbSession
from heaolu_shared.audit_trail import record_access, record_accesses
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.errors import ResourceNotFound
from heaolu_shared.guard import Authorized, Guard
from heaolu_shared.messages import Message
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role

SERVICE = "casework"
CASEWORK_ROLES = (
    Role.CHILD_PROTECTION_WORKER,
    Role.SOCIAL_SERVICES_SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.SKA_COUNSELLOR,
)


async def caseworker(principal: CurrentPrincipal, session: DbSession) -> Principal:
    """The caller, if casework is part of their job; remembered in the staff directory."""
    require_any_role(principal, CASEWORK_ROLES)
    await staff.register(session, principal)
    await remember_name(session, principal)
    return principal


Caseworker = Annotated[Principal, Depends(caseworker)]


async def remember_name(session: AsyncSession, principal: Principal) -> None:
    """A worker's name from their token, for colleagues' worklists."""
    if principal.name and principal.municipality:
        await remember_colleague_name(
            session, principal.subject, principal.username, principal.name
        )


async def access_context(session: AsyncSession, principal: Principal) -> AccessContext:
    """The substitutions and counselling requests that bear on the principal's access."""
    substitutions = [
        SubstitutionWindow(s.absent, s.substitute, s.municipality, s.starts_at, s.ends_at)
        for s in await substitutions_of(session, principal.subject)
    ]
    counselling: frozenset[str] = frozenset()
    if Role.SKA_COUNSELLOR in principal.roles:
        counselling = frozenset(str(r) for r in await counselled_record_ids(session))
    return AccessContext(
        now=datetime.now(UTC), substitutions=substitutions, counselling_records=counselling
    )


def domains_of(principal: Principal) -> frozenset[Domain]:
    """The domains the principal's worker roles reach (a department head: both case kinds)."""
    domains: frozenset[Domain] = frozenset().union(
        *(WORKER_DOMAINS.get(r, frozenset()) for r in principal.roles)
    )
    if Role.DEPARTMENT_HEAD in principal.roles:
        domains |= HEAD_DOMAINS
    return domains


def case_kinds(domains: Iterable[Domain]) -> frozenset[str]:
    return frozenset(d.value for d in domains if d in HEAD_DOMAINS)


def substituted(principal: Principal, ctx: AccessContext) -> frozenset[str]:
    """The principal and the absent colleagues of their municipality they substitute now."""
    return frozenset(
        {principal.subject}
        | {
            s.absent
            for s in ctx.substitutions
            if s.active(ctx.now) and s.municipality == principal.municipality
        }
    )


def visibility(principal: Principal, ctx: AccessContext) -> Visibility:
    """What :func:`heaolu_shared.access.decide` can allow the principal to list, as a filter
    the lists put into their SQL: the department head's whole municipality; a worker's own
    records and those of the colleagues they substitute now, of the domains their roles reach;
    an SKA counsellor's records under an open counselling request."""
    municipality = principal.municipality
    whole = Role.DEPARTMENT_HEAD in principal.roles and municipality is not None
    domains: frozenset[Domain] = frozenset().union(
        *(WORKER_DOMAINS.get(r, frozenset()) for r in principal.roles)
    )
    if whole:
        domains = domains | HEAD_DOMAINS
    counselling = (
        frozenset(uuid.UUID(r) for r in ctx.counselling_records)
        if Role.SKA_COUNSELLOR in principal.roles
        else frozenset()
    )
    return Visibility(
        municipality=municipality,
        whole_municipality=whole,
        assignees=substituted(principal, ctx) if domains else frozenset(),
        kinds=case_kinds(domains),
        record_ids=counselling,
    )


async def visible_assignees(session: AsyncSession, principal: Principal) -> set[str]:
    """The principal and the absent colleagues they substitute right now."""
    return set(substituted(principal, await access_context(session, principal)))


async def audit(
    session: AsyncSession,
    principal: Principal,
    about: Guarded,
    action: str,
    record_type: str,
    record_id: uuid.UUID,
    purpose: str,
    decision: Decision | None,
) -> None:
    """One audit record for an access to the personal data of ``about`` (a case, an assessment
    or an application, whose subject the record names)."""
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        subject_pseudonym=about.scope().subject_pseudonym,
        purpose=purpose,
        decision=decision,
    )


async def audit_list(
    session: AsyncSession,
    principal: Principal,
    *,
    record_type: str,
    scope_id: str,
    purpose: str,
    shown: Iterable[tuple[str, str, str | None]] = (),
) -> None:
    """Audit a list: one record naming the list, and one ``list`` record per person whose name
    it showed (record type, record id, the person's pseudonym), so a citizen's access log tells
    that their name was on someone's worklist. ``list`` is not an opening of a person: the
    audit service's per-hour anomaly limit counts reads, reveals and searches only (ADR 0011)."""
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="list",
        record_type=record_type,
        record_id=scope_id,
        subject_pseudonym=None,
        purpose=purpose,
    )
    # One event for the page's names (none for none); the audit service appends a record for
    # each (ADR 0032).
    await record_accesses(
        session,
        principal,
        service=SERVICE,
        action="list",
        purpose=f"name shown: {purpose}",
        records=list(shown),
    )


G = TypeVar("G", bound=Guarded)
P = TypeVar("P", bound=InCase)


async def _own_scope(session: AsyncSession, record: Guarded) -> Sequence[RecordScope]:
    return [record.scope()]


def _guarded(model: type[G], record_type: str, not_found: Message) -> Guard[G]:
    """The shared load-decide-audit routine for records decided on by themselves."""

    async def load_record(session: AsyncSession, record_id: uuid.UUID, lock: bool) -> G | None:
        return await session.get(model, record_id, with_for_update=lock)

    return Guard(
        service=SERVICE,
        record_type=record_type,
        load_record=load_record,
        scopes=_own_scope,
        subject=lambda record: record.scope().subject_pseudonym,
        record_id=lambda record: str(record.scope().record_id),
        context=access_context,
        not_found=not_found,
    )


CASES = _guarded(Case, "case", messages.NO_SUCH_CASE)
ASSESSMENTS = _guarded(
    PreliminaryAssessment, "preliminary_assessment", messages.NO_SUCH_PRELIMINARY_ASSESSMENT
)
APPLICATIONS = _guarded(ServiceApplication, "service_application", messages.NO_SUCH_APPLICATION)


@dataclass(frozen=True)
class CasePart(Generic[P]):
    """A record of a case with its case: the policy decides on the case, and the audit record
    names the case's child."""

    row: P
    case: Case


async def _case_scope(session: AsyncSession, part: CasePart[Any]) -> Sequence[RecordScope]:
    return [part.case.scope()]


def in_case(model: type[P], record_type: str, not_found: Message) -> Guard[CasePart[P]]:
    """The shared load-decide-audit routine for ``model``, a record of a case; ``not_found``
    is the 404's message."""

    async def load_record(
        session: AsyncSession, record_id: uuid.UUID, lock: bool
    ) -> CasePart[P] | None:
        row = await session.get(model, record_id, with_for_update=lock)
        if row is None:
            return None
        case = await session.get(Case, row.case_id)
        if case is None:
            raise ResourceNotFound(messages.NO_SUCH_CASE)
        return CasePart(row, case)

    return Guard(
        service=SERVICE,
        record_type=record_type,
        load_record=load_record,
        scopes=_case_scope,
        subject=lambda part: part.case.subject_pseudonym,
        record_id=lambda part: str(part.row.id),
        context=access_context,
        not_found=not_found,
    )


async def load_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    action: Action,
    *,
    for_update: bool = False,
) -> tuple[Case, Decision]:
    """The case, if the principal may do ``action`` on it (404 / 403 otherwise)."""
    case = await CASES.load(session, case_id, for_update=for_update)
    return case, await CASES.require(session, principal, case, action)


def readable(
    guard: Guard[Any], *, param: str, purpose: str
) -> Callable[..., Awaitable[Authorized[Any]]]:
    """The dependency of an endpoint that shows one record: load it (named by the path
    parameter ``param``) or 404, decide the read or 403, audit it with ``purpose``."""
    return guard.dependency(Action.READ, param=param, purpose=purpose, principal=caseworker)


async def read_of_case(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    *,
    record_type: str,
    purpose: str,
) -> Authorized[Case]:
    """Load the case or 404, decide the read or 403, and audit the read of its ``record_type``
    (its parties, a list of its records): the routine of every endpoint that shows part of a
    case."""
    access = await CASES.authorize(session, principal, case_id, Action.READ, purpose=None)
    await CASES.audit(
        session,
        principal,
        access.record,
        action="read",
        purpose=purpose,
        decision=access.decision,
        record_type=record_type,
    )
    return access


async def case_rows(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    model: type[P],
    keyset: Keyset[P],
    purpose: str,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[P], str | None]:
    """One page of a case's ``model`` rows the principal may read, in the keyset's order; one
    audit record."""
    record_type = f"{model.__tablename__}_list"
    case = (
        await read_of_case(session, principal, case_id, record_type=record_type, purpose=purpose)
    ).record
    fetched = await CaseRepository(session).rows_page(
        model, case.id, keyset=keyset, cursor=cursor, limit=limit
    )
    return keyset.page(fetched, limit)


async def authorize_replay(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, operation: str
) -> None:
    """A repeated creation shows its stored answer (personal data) again: only to whom may still
    read the case, and audited as a read."""
    await read_of_case(
        session,
        principal,
        case_id,
        record_type=operation,
        purpose="repeated creation (Idempotency-Key)",
    )


def is_child_protection(case: Case) -> bool:
    return case.kind == CaseKind.CHILD_PROTECTION
