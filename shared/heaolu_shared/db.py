"""Async SQLAlchemy 2 on asyncpg, with one transaction per request or message.

Only the edge commits: the request dependency :func:`session_dependency` and the consumer loop
(:func:`transaction`). Service code calls ``flush()`` when it needs database-generated values.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from heaolu_shared.statements import send_held

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """A MetaData with the project's constraint naming convention (stable migration names)."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class Database:
    """An engine and session factory for one service database."""

    def __init__(self, url: str, *, pool_size: int = 20, application_name: str = "heaolu") -> None:
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            # No overflow: a connection beyond the pool was opened for one request and closed at
            # its end (a server process and a SCRAM handshake each time, measured at a tenth of a
            # connection per report under load); past ``pool_size`` a request waits its turn.
            max_overflow=0,
            # No round trip per checkout: a connection the server dropped fails its statement,
            # is discarded by the pool, and the request or message is retried at the edge
            # (consumers retry transient errors; a client retries a 503).
            pool_pre_ping=False,
            connect_args={"server_settings": {"application_name": application_name}},
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # The same pool; a connection checked out through it sends no BEGIN (SQLAlchemy's
        # asyncpg dialect starts a transaction only outside autocommit).
        self.autocommit: AsyncEngine = self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back on an exception.

        Writes held until the commit (``deferred_writes(session, until_commit=True)``) are sent
        first, as one autocommit statement when they are all the transaction did.
        """
        async with self.sessionmaker() as session, session.begin():
            yield session
            await send_held(session, self.autocommit)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    """The plain libpq/asyncpg DSN of a ``postgresql+asyncpg://`` SQLAlchemy URL."""
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)
