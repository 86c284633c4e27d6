"""A citizen's own case records (IKS §22-24, GDPR art. 15): the cases about them and about the
children in their custody, each listing audited as their own read of it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.cases.lists import NEWEST_CASES
from heaolu_casework.cases.repository import CitizenRepository
from heaolu_casework.common import messages
from heaolu_casework.common.access import audit
from heaolu_casework.common.cases import code_pseudonym
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.errors import NotPermitted
from heaolu_shared.roles import Role


async def citizen(principal: CurrentPrincipal) -> Principal:
    """The caller, if a citizen signed in with their personal code."""
    if Role.CITIZEN not in principal.roles or principal.personal_code is None:
        raise NotPermitted(messages.FOR_SIGNED_IN_CITIZEN)
    return principal


Citizen = Annotated[Principal, Depends(citizen)]


async def my_records(
    session: AsyncSession, principal: Principal, *, cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """The citizen's own and their children's cases, newest first."""
    pseudonym = code_pseudonym(principal.personal_code)
    if pseudonym is None:
        return [], None
    fetched = await CitizenRepository(session).records(
        pseudonym, keyset=NEWEST_CASES, cursor=cursor, limit=limit
    )
    rows, next_cursor = NEWEST_CASES.page(fetched, limit)
    for row in rows:
        await audit(
            session, principal, row.Case, "read", "case", row.Case.id, "citizen's own data", None
        )
    return rows, next_cursor
