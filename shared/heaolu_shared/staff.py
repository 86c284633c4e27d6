"""The staff directory: municipal workers known from their valid tokens.

Services need to name colleagues (an assignee, a substitute) without a user-administration API
of their own; each service keeps this small table, filled as workers use it, and refreshed only
when a token shows a change or the row is an hour old. A process that committed a worker's row
as their token shows it sends nothing for the same token shape again for a while
(:class:`heaolu_shared.db.RecentWrites`): the statements were two fifths of a casework list's CPU.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.auth import Principal
from heaolu_shared.db import new_metadata, remember_on_commit, written_lately
from heaolu_shared.roles import Role

STAFF_ROLES = frozenset(
    {
        Role.CHILD_PROTECTION_WORKER,
        Role.SOCIAL_SERVICES_SPECIALIST,
        Role.NGTS_CASE_MANAGER,
        Role.DEPARTMENT_HEAD,
    }
)
STALE_AFTER = timedelta(hours=1)

staff_metadata = new_metadata()
staff_member = sa.Table(
    "staff_member",
    staff_metadata,
    sa.Column("subject", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(128), nullable=False, unique=True),
    sa.Column("municipality", sa.String(4), nullable=False, index=True),
    sa.Column("roles", ARRAY(sa.String(64)), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
)


_REGISTER = sa.text(
    """
    INSERT INTO staff_member (subject, username, municipality, roles, last_seen_at)
    VALUES (:subject, :username, :municipality, :roles, :last_seen_at)
    ON CONFLICT (subject) DO UPDATE SET
        username = excluded.username,
        municipality = excluded.municipality,
        roles = excluded.roles,
        last_seen_at = excluded.last_seen_at
    WHERE staff_member.username <> excluded.username
        OR staff_member.municipality <> excluded.municipality
        OR staff_member.roles <> excluded.roles
        OR staff_member.last_seen_at < excluded.last_seen_at - :stale_after
    """
).bindparams(
    *(sa.bindparam(c.name, type_=c.type) for c in staff_member.c),
    sa.bindparam("stale_after", type_=sa.Interval()),
)
"""Written as text, compiled once: it runs on every request of a municipal worker, and SQLAlchemy
2.0 compiles PostgreSQL's ``INSERT ... ON CONFLICT`` construct anew each time."""


def create_staff_table(op: Any) -> None:
    """Create the staff directory (called from a service's migration)."""
    staff_metadata.create_all(op.get_bind())


async def register(session: AsyncSession, principal: Principal) -> None:
    """Remember a municipal worker seen in a valid token."""
    if not (principal.municipality and principal.username and principal.roles & STAFF_ROLES):
        return
    roles = sorted(principal.roles)
    key = ("staff", principal.subject, principal.username, principal.municipality, *roles)
    if written_lately(session, key):
        return
    # An account re-created at the identity provider keeps its username under a new subject
    # (and a renamed one keeps its subject): the stale row goes, whichever half still matches.
    await session.execute(
        sa.delete(staff_member).where(
            (staff_member.c.subject == principal.subject)
            != (staff_member.c.username == principal.username)
        )
    )
    await session.execute(
        _REGISTER,
        {
            "subject": principal.subject,
            "username": principal.username,
            "municipality": principal.municipality,
            "roles": roles,
            "last_seen_at": datetime.now(UTC),
            "stale_after": STALE_AFTER,
        },
    )
    remember_on_commit(session, key)


async def by_username(session: AsyncSession, username: str) -> Row[Any] | None:
    """The directory row of ``username`` (subject, municipality, roles), if known."""
    return (
        await session.execute(sa.select(staff_member).where(staff_member.c.username == username))
    ).first()
