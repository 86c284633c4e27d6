"""Separations from the family, placements in substitute care, the register of providers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from heaolu_casework.care import service
from heaolu_casework.care.schemas import (
    CareProviderIn,
    CareProviderOut,
    CareProviderPage,
    PlacementEnd,
    PlacementIn,
    PlacementOut,
    PlacementPage,
    RemovalIn,
    RemovalOut,
    RemovalPage,
)
from heaolu_casework.common.access import Caseworker
from heaolu_casework.common.http import (
    API_PREFIX,
    ERRORS_CASE_LIST,
    ERRORS_CREATE,
    ERRORS_LIST,
    ERRORS_UPDATE,
    Creation,
    Cursor,
    Limit,
    Update,
    change,
    create_in_case,
    problems,
)
from heaolu_shared.access import NO_ACCESS, require_any_role
from heaolu_shared.app import DbSession
from heaolu_shared.errors import NotPermitted
from heaolu_shared.pagination import DEFAULT_PAGE
from heaolu_shared.roles import Role

router = APIRouter(prefix=API_PREFIX, tags=["casework"])


@router.post(
    "/cases/{case_id}/removals",
    status_code=status.HTTP_201_CREATED,
    response_model=RemovalOut,
    responses=ERRORS_CREATE,
)
async def record_removal(case_id: uuid.UUID, body: RemovalIn, creation: Creation) -> RemovalOut:
    """Separation from the family; publishes ``removal.recorded`` with the 72-hour due time."""
    return await create_in_case(
        creation,
        "removal.create",
        case_id,
        body,
        RemovalOut,
        service.record_removal,
        "/cases/{case_id}/removals",
    )


@router.get("/cases/{case_id}/removals", response_model=RemovalPage, responses=ERRORS_CASE_LIST)
async def list_removals(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> RemovalPage:
    rows, next_cursor = await service.removals(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return RemovalPage(items=[RemovalOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/cases/{case_id}/placements",
    status_code=status.HTTP_201_CREATED,
    response_model=PlacementOut,
    responses=ERRORS_CREATE,
)
async def start_placement(
    case_id: uuid.UUID, body: PlacementIn, creation: Creation
) -> PlacementOut:
    return await create_in_case(
        creation,
        "placement.create",
        case_id,
        body,
        PlacementOut,
        service.start_placement,
        "/placements/{id}",
    )


@router.get("/cases/{case_id}/placements", response_model=PlacementPage, responses=ERRORS_CASE_LIST)
async def list_placements(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> PlacementPage:
    rows, next_cursor = await service.placements(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return PlacementPage(
        items=[PlacementOut.model_validate(p) for p in rows], next_cursor=next_cursor
    )


@router.post(
    "/care-providers",
    status_code=status.HTTP_201_CREATED,
    response_model=CareProviderOut,
    responses=problems(403, 409, 422),
)
async def register_care_provider(body: CareProviderIn, creation: Creation) -> CareProviderOut:
    """Enter a substitute-care provider of the caller's municipality into the register
    (department head); its form and capacity decide the cap of every placement with it."""
    principal = creation.principal

    async def create() -> CareProviderOut:
        provider = await service.register_provider(creation.session, principal, body)
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
            raise NotPermitted(NO_ACCESS)

    return await creation(
        "care_provider.create",
        body,
        "",
        CareProviderOut,
        create,
        lambda out: f"/care-providers?code={out.code}",
        still_allowed,
    )


@router.get("/care-providers", response_model=CareProviderPage, responses=ERRORS_LIST)
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
    rows, next_cursor = await service.providers(
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


@router.post("/placements/{placement_id}/end", response_model=PlacementOut, responses=ERRORS_UPDATE)
async def end_placement(
    placement_id: uuid.UUID,
    body: PlacementEnd,
    update: Update,
) -> PlacementOut:
    return PlacementOut.model_validate(
        await change(update, service.end_placement, placement_id, body.ended_on)
    )
