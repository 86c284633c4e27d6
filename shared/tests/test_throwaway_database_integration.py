"""Throwaway databases: owned by a service role when asked, and dropped even while other sessions
are still connected."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from heaolu_shared.testing import ADMIN_DSN, drop_database, throwaway_database

pytestmark = pytest.mark.integration


async def test_the_admin_role_may_end_sessions_it_does_not_own() -> None:
    # An autovacuum worker on a fresh database belongs to no role the admin is a member of;
    # without pg_signal_backend, DROP DATABASE ... WITH (FORCE) fails while one is running.
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        granted = await admin.fetchval(
            "SELECT pg_has_role(current_user, 'pg_signal_backend', 'MEMBER')"
        )
    finally:
        await admin.close()
    assert granted is True


async def test_a_database_with_open_sessions_is_dropped() -> None:
    name = f"heaolu_test_drop_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        other = await asyncpg.connect(ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}")
        await drop_database(admin, name)
        exists = await admin.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", name)
        assert exists == 0
        with pytest.raises((asyncpg.PostgresError, asyncpg.InterfaceError, OSError)):
            await other.fetchval("SELECT 1")
    finally:
        await drop_database(admin, name)
        await admin.close()


async def test_a_database_owned_by_a_service_role_is_that_roles_and_goes_afterwards() -> None:
    async with throwaway_database("owned", owner="heaolu_intake") as dsn:
        name = dsn.rsplit("/", 1)[1]
        service = await asyncpg.connect(
            dsn.replace("heaolu_admin:heaolu_admin_dev", "heaolu_intake:heaolu_intake_dev", 1)
        )
        try:
            # The role creates its tables there, as a service's migrations do.
            await service.execute("CREATE TABLE owned_here (id int PRIMARY KEY)")
            owner = await service.fetchval(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", name
            )
        finally:
            await service.close()
        # As to a service's own database, another service's role may not even connect.
        other = dsn.replace("heaolu_admin:heaolu_admin_dev", "heaolu_casework:heaolu_casework_dev")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await (await asyncpg.connect(other)).close()
    assert owner == "heaolu_intake"
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        left = await admin.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", name)
    finally:
        await admin.close()
    assert left == 0


@pytest.mark.parametrize(("label", "owner"), [('x"; DROP', ""), ("fine", "Heaolu Intake")])
async def test_a_label_or_owner_that_is_no_plain_identifier_is_refused(
    label: str, owner: str
) -> None:
    with pytest.raises(ValueError, match="lower-case"):
        async with throwaway_database(label, owner=owner):
            pass
