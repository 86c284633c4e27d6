"""Separation from the family (LasteKS §33) with its 72-hour clocks and what court reports
back; substitute care with a registered provider and the register itself."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.care import rules
from heaolu_casework.care.models import CareProvider
from heaolu_casework.care.repository import PlacementRepository
from heaolu_casework.care.schemas import CareProviderIn, PlacementIn, RemovalIn
from heaolu_casework.common import clocks, messages
from heaolu_casework.common.access import (
    SERVICE,
    audit,
    case_rows,
    in_case,
    is_child_protection,
    load_case,
)
from heaolu_casework.common.cases import publish, require_open
from heaolu_casework.common.enums import PlacementStatus
from heaolu_casework.common.models import Person, Placement, Removal
from heaolu_casework.settings import get_settings
from heaolu_shared.access import Action, require_any_role, require_municipality
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import (
    PlacementEndedV1,
    PlacementStartedV1,
    RemovalRecordedV1,
)
from heaolu_shared.errors import Conflict, RuleViolation
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role

COURT_OUTCOME_ET = {
    "granted": "rahuldas taotluse",
    "partly_granted": "rahuldas taotluse osaliselt",
    "refused": "jättis taotluse rahuldamata",
}
WITHDRAWN_NOTE = (
    "Laps naasis koju; hooldusõiguse piiramise taotlus võeti tagasi ja perest eraldamine lõppes."
)


PLACEMENTS = in_case(Placement, "placement", messages.NO_SUCH_PLACEMENT)


class AlreadyPlaced(Conflict):
    slug = "already-placed"


async def record_removal(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: RemovalIn
) -> Removal:
    """Record a separation (LasteKS §33); the 72-hour clock starts at ``separated_at`` and the
    court service opens the custody-restriction application from ``removal.recorded``."""
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    if not is_child_protection(case):
        raise RuleViolation(messages.SEPARATION_IN_CHILD_PROTECTION_CASE, extra={"field": "case"})
    due = rules.removal_clocks(
        body.separated_at,
        body.contact_until,
        datetime.now(UTC),
        filing_target_hours=get_settings().court_filing_target_hours,
        calendar=default_calendar(),
    )
    removal = Removal(
        id=uuid.uuid4(),
        case_id=case.id,
        separated_at=body.separated_at,
        facts=body.facts,
        legal_ground=body.legal_ground,
        temporary_location=body.temporary_location,
        contact_arrangement=body.contact_arrangement,
        contact_until=body.contact_until,
        court_filing_due_at=due.court_filing_due_at,
        ruling_due_at=due.ruling_due_at,
        recorded_by=principal.subject,
    )
    session.add(removal)
    await session.flush()
    for kind, at in (
        ("court_filing", due.court_filing_due_at),
        ("court_ruling", due.ruling_due_at),
    ):
        await clocks.open_case_clock(
            session, case, kind=kind, record_type="removal", record_id=removal.id, due_at=at
        )
    await publish(
        session,
        RemovalRecordedV1(
            removal_id=removal.id,
            case_id=case.id,
            municipality=case.municipality,
            separated_at=body.separated_at,
            legal_ground=body.legal_ground,
            court_filing_due_at=due.court_filing_due_at,
            ruling_due_at=due.ruling_due_at,
            subject_pseudonym=case.subject_pseudonym,
            case_number=case.number,
            assignee=case.assignee,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "create",
        "removal",
        removal.id,
        "separation from the family",
        decision,
    )
    return removal


REMOVAL_ORDER: Keyset[Removal] = Keyset(
    columns=(Removal.separated_at, Removal.id),
    types=(datetime, uuid.UUID),
    key=lambda r: (r.separated_at, r.id),
    descending=True,
)


async def removals(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[Removal], str | None]:
    return await case_rows(
        session, principal, case_id, Removal, REMOVAL_ORDER, "separations", **page
    )


async def court_application_filed(session: AsyncSession, removal_id: uuid.UUID) -> None:
    """The custody-restriction application reached the court: the filing clock is met."""
    await clocks.meet(session, removal_id, ["court_filing"])


async def court_ruled(session: AsyncSession, removal_id: uuid.UUID, outcome: str) -> str:
    """The court ruled: the ruling clock is met, a refusal ends the separation (its clocks
    stop); the note the case shows."""
    await clocks.meet(session, removal_id, ["court_ruling"])
    if outcome == "refused":
        await clocks.cancel_record(session, removal_id)
    return f"Kohus {COURT_OUTCOME_ET[outcome]} (hooldusõiguse piiramine)." + (
        " Perest eraldamine lõpeb: laps naaseb koju." if outcome == "refused" else ""
    )


async def court_application_withdrawn(session: AsyncSession, removal_id: uuid.UUID) -> str:
    """The child went home and the application was withdrawn: the separation's clocks stop; the
    note the case shows."""
    await clocks.cancel_record(session, removal_id)
    return WITHDRAWN_NOTE


async def start_placement(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: PlacementIn
) -> Placement:
    """Place the child with a registered provider. The cap is the provider's registered
    capacity (at most 4 in a foster family, 6 in a family or substitute home); over it only
    with the guardians' consent and SKA's approval. One active placement per child; care ends
    by the age limit; temporary care only with the custodian's consent and for at most 90
    days."""
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    child = await session.get(Person, case.child_id)
    assert child is not None
    if child.birth_date is None:
        raise RuleViolation(messages.CARE_NEEDS_BIRTH_DATE, extra={"field": "child.birth_date"})
    ends_on = rules.check_placement_dates(body, child.birth_date)
    repository = PlacementRepository(session)
    provider = await repository.provider(body.provider_code, lock=True)
    if provider is None:
        raise RuleViolation(messages.NO_SUCH_PROVIDER, extra={"field": "provider_code"})
    if await repository.active_of_child(child.id, case.subject_pseudonym) is not None:
        raise AlreadyPlaced(messages.ALREADY_PLACED)
    over = rules.over_capacity(
        provider.capacity,
        await repository.children_in_care(provider.code),
        guardian_consent=body.guardian_consent,
        ska_approval_ref=body.ska_approval_ref,
    )
    placement = Placement(
        id=uuid.uuid4(),
        case_id=case.id,
        child_id=child.id,
        form=provider.form,
        provider_code=provider.code,
        provider_name=provider.name,
        starts_on=body.starts_on,
        ends_on=ends_on,
        temporary=body.temporary,
        custodian_consent=body.custodian_consent,
        guardian_consent=body.guardian_consent,
        ska_approval_ref=body.ska_approval_ref,
        over_capacity=over,
        in_education=body.in_education,
        status=PlacementStatus.ACTIVE,
        recorded_by=principal.subject,
    )
    try:
        async with session.begin_nested():
            session.add(placement)
            await session.flush()
    except IntegrityError:
        # Another placement of the same child committed first (uq_placement_active_child).
        raise AlreadyPlaced(messages.ALREADY_PLACED) from None
    await clocks.open_case_clock(
        session,
        case,
        kind="temporary_care_end" if body.temporary else "care_age_limit",
        record_type="placement",
        record_id=placement.id,
        due_at=default_calendar().end_of_local_day(ends_on),
    )
    await publish(
        session,
        PlacementStartedV1(
            placement_id=placement.id,
            case_id=case.id,
            municipality=case.municipality,
            form=provider.form,
            provider_code=provider.code,
            starts_on=body.starts_on,
            ends_on=ends_on,
            temporary=body.temporary,
            over_capacity=over,
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "create",
        "placement",
        placement.id,
        f"substitute care: {provider.form}",
        decision,
    )
    return placement


PLACEMENT_ORDER: Keyset[Placement] = Keyset(
    columns=(Placement.starts_on, Placement.id),
    types=(date, uuid.UUID),
    key=lambda r: (r.starts_on, r.id),
    descending=True,
)


async def placements(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[Placement], str | None]:
    return await case_rows(
        session, principal, case_id, Placement, PLACEMENT_ORDER, "placements", **page
    )


async def end_placement(
    session: AsyncSession,
    principal: Principal,
    placement_id: uuid.UUID,
    ended_on: date,
    if_match: str | None,
) -> Placement:
    access = await PLACEMENTS.authorize(
        session, principal, placement_id, Action.UPDATE, purpose=None
    )
    placement, case = access.record.row, access.record.case
    check_version(placement.version, if_match)
    if placement.status != PlacementStatus.ACTIVE:
        raise Conflict(messages.PLACEMENT_ENDED)
    if ended_on < placement.starts_on:
        raise RuleViolation(messages.CARE_ENDS_BEFORE_START, extra={"field": "ended_on"})
    placement.status, placement.ended_on = PlacementStatus.ENDED, ended_on
    await flush_versioned(session)
    await clocks.meet(session, placement.id)
    await publish(
        session,
        PlacementEndedV1(
            placement_id=placement.id,
            case_id=case.id,
            municipality=case.municipality,
            ended_on=ended_on,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "update",
        "placement",
        placement.id,
        "substitute care ended",
        access.decision,
    )
    return placement


PROVIDER_ORDER: Keyset[Any] = Keyset(
    columns=(CareProvider.code,),
    types=(str,),
    key=lambda row: (row.CareProvider.code,),
)


async def register_provider(
    session: AsyncSession, principal: Principal, body: CareProviderIn
) -> CareProvider:
    """A department head enters a provider of their municipality into the register; its
    capacity is at most the legal cap of its form."""
    require_any_role(principal, (Role.DEPARTMENT_HEAD,))
    municipality = require_municipality(principal)
    rules.check_capacity(body.form, body.capacity)
    repository = PlacementRepository(session)
    if await repository.provider(body.code) is not None:
        raise Conflict(messages.PROVIDER_CODE_TAKEN)
    provider = await repository.add_provider(
        CareProvider(
            code=body.code,
            name=body.name,
            form=body.form,
            capacity=body.capacity,
            municipality=municipality,
            registered_by=principal.subject,
        )
    )
    await _audit_register(session, principal, "create", provider.code, "provider registered")
    return provider


async def _audit_register(
    session: AsyncSession, principal: Principal, action: str, record_id: str, purpose: str
) -> None:
    # A foster family is named by its carers: the register's use is on the trail too.
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="care_provider" if action != "list" else "care_provider_list",
        record_id=record_id,
        subject_pseudonym=None,
        purpose=purpose,
    )


async def providers(
    session: AsyncSession,
    principal: Principal,
    *,
    municipality: str | None,
    form: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """The register with the children each provider cares for now (placements may go to a
    provider in another municipality)."""
    fetched = await PlacementRepository(session).providers_page(
        municipality=municipality, form=form, keyset=PROVIDER_ORDER, cursor=cursor, limit=limit
    )
    await _audit_register(
        session, principal, "list", f"municipality:{municipality or 'all'}", "provider register"
    )
    return PROVIDER_ORDER.page(fetched, limit)
