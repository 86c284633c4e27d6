"""Async SQLAlchemy 2 on asyncpg, with one transaction per request or message.

Only the edge commits: the request dependency :func:`session_dependency` and the consumer loop
(:func:`transaction`). Service code calls ``flush()`` when it needs database-generated values.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from heaolu_shared.statements import SharedStatements, send_held

log = logging.getLogger(__name__)

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


_RECENT = "heaolu.recent_writes"
_COMMITTING = "heaolu.written_on_commit"
_ANNOUNCE = "heaolu.announce_on_commit"


class RecentWrites:
    """The idempotent writes that one database's transactions committed lately, by key.

    A write that only brings a row in line with what a request carries (a worker's directory row
    from their token) need not be sent again while the same request shape keeps arriving: a key
    is fresh for ``ttl`` seconds after the commit that wrote it. A row changed behind the
    process's back (by hand in the database) is brought back in line at the latest ``ttl``
    later. Kept per :class:`Database` and per process; at ``capacity`` keys the stale ones go,
    and all of them if none is stale.
    """

    def __init__(
        self,
        ttl: float = 600.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        capacity: int = 10_000,
    ) -> None:
        self._ttl = ttl
        self._clock = clock
        self._capacity = capacity
        self._until: dict[Hashable, float] = {}

    def fresh(self, key: Hashable) -> bool:
        """Whether ``key``'s write was committed less than ``ttl`` seconds ago."""
        until = self._until.get(key)
        return until is not None and until > self._clock()

    def committed(self, keys: list[Hashable]) -> None:
        """The writes of ``keys`` were committed now."""
        now = self._clock()
        if len(self._until) + len(keys) > self._capacity:
            self._until = {k: u for k, u in self._until.items() if u > now}
            if len(self._until) + len(keys) > self._capacity:
                self._until = {}
        until = now + self._ttl
        for key in keys:
            self._until[key] = until


def written_lately(session: AsyncSession, key: Hashable) -> bool:
    """Whether the write named ``key`` was committed lately through this session's database
    (always false outside :meth:`Database.transaction`, e.g. in a rolled-back test session)."""
    recent: RecentWrites | None = session.info.get(_RECENT)
    return recent is not None and recent.fresh(key)


def remember_on_commit(session: AsyncSession, key: Hashable) -> None:
    """Count the write named ``key`` as recent once this session's transaction has committed
    (never when it rolls back)."""
    if _RECENT in session.info:
        session.info.setdefault(_COMMITTING, []).append(key)


def announce_on_commit(session: AsyncSession, channel: str) -> None:
    """``NOTIFY channel`` once this session's transaction has committed (never when it rolls
    back, nor outside :meth:`Database.transaction`, e.g. in a rolled-back test session)."""
    if _RECENT in session.info:
        session.info.setdefault(_ANNOUNCE, set()).add(channel)


_CHANNEL = re.compile(r"[a-z][a-z0-9_]{0,62}")


class Announcer:
    """Notifies a PostgreSQL channel after commits, outside the transactions that committed.

    A transaction that calls ``NOTIFY`` takes a lock on the whole database before its commit
    and holds it until the commit is flushed to disk, so notifying inside the writing
    transactions made them commit one at a time (ADR 0035). Here the notification is a
    transaction of its own that waits for no flush (a notification is not data), sent after
    the writer's commit, and never in the writer's way: at most one is under way per process
    and database, and commits made while it is out share one more, sent when it returns.
    Whoever listens therefore hears of every commit, some of them together. If a notification
    cannot be sent, the listener's own polling finds the rows.

    Under load (commits made while a notification was out) the next one waits until ``spacing``
    seconds after the last was sent, so that a busy process notifies a few times a second rather
    than once per round trip: the relay, which waits as long between drains under load, hears of
    the same rows as often as it can publish them (ADR 0036). A commit in a quiet spell is
    announced at once.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        channel: str,
        *,
        spacing: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not _CHANNEL.fullmatch(channel):
            raise ValueError("a channel is a lower-case identifier")
        if spacing < 0:
            raise ValueError("spacing must not be negative")
        self._engine = engine
        # One round trip; the channel is an identifier checked above.
        self._script = f"BEGIN; SET LOCAL synchronous_commit TO OFF; NOTIFY {channel}; COMMIT"
        self._spacing = spacing
        self._clock = clock
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self.sent = 0
        """Notifications sent (for tests and benchmarks)."""

    @property
    def spacing(self) -> float:
        """Seconds between notifications under load."""
        return self._spacing

    def announce(self) -> None:
        """Notify soon: now, or after the notification under way when there is one."""
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._send())

    async def _send(self) -> None:
        sent_at: float | None = None
        while True:
            if sent_at is not None:
                # Commits came while the last notification was out: under load.
                await self._sleep(max(0.0, sent_at + self._spacing - self._clock()))
            # Cleared before sending: a commit made from here on is announced once more.
            self._again = False
            sent_at = self._clock()
            try:
                async with self._engine.connect() as connection:
                    driver = (await connection.get_raw_connection()).driver_connection
                    if driver is None:
                        raise RuntimeError("the pool gave a closed connection")
                    try:
                        await driver.execute(self._script)
                    except BaseException:
                        await connection.invalidate()
                        raise
                self.sent += 1
            except Exception as exc:  # the listener polls: nothing is lost
                log.warning(
                    "notification after commit not sent; the listener's poll will find the rows",
                    extra={"error_type": type(exc).__name__},
                )
                return
            if not self._again:
                return

    async def finished(self) -> None:
        """Wait for the notification under way, if any (one cancelled by a loop shutting down
        counts as finished)."""
        if self._task is not None and not self._task.done():
            await asyncio.wait({self._task})


class Database:
    """An engine and session factory for one service database."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 20,
        application_name: str = "heaolu",
        announce_spacing: float = 0.0,
    ) -> None:
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
        self.alone = SharedStatements(self.autocommit)
        """Where transactions whose held writes go alone send them (:func:`send_held`)."""
        self.recent = RecentWrites()
        self.announcers: dict[str, Announcer] = {}
        """Who notifies each channel after commits (:func:`announce_on_commit`)."""
        self._announce_spacing = announce_spacing

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back on an exception.

        Writes held until the commit (``deferred_writes(session, until_commit=True)``) are sent
        first, as one autocommit statement when they are all the transaction did (shared with the
        transactions committing at the same moment: :class:`SharedStatements`). Writes named
        by :func:`remember_on_commit` count as recent once the commit has succeeded, and the
        channels named by :func:`announce_on_commit` are notified then.
        """
        async with self.sessionmaker() as session:
            session.info[_RECENT] = self.recent
            async with session.begin():
                yield session
                await send_held(session, self.alone)
            if written := session.info.get(_COMMITTING):
                self.recent.committed(written)
            for channel in session.info.get(_ANNOUNCE, ()):
                self.announcer(channel).announce()

    def announcer(self, channel: str) -> Announcer:
        """The one :class:`Announcer` of ``channel`` on this database."""
        announcer = self.announcers.get(channel)
        if announcer is None:
            announcer = self.announcers[channel] = Announcer(
                self.autocommit, channel, spacing=self._announce_spacing
            )
        return announcer

    async def dispose(self) -> None:
        """Send the shared statements and notifications under way, then close every pooled
        connection."""
        await self.alone.finished()
        for announcer in self.announcers.values():
            await announcer.finished()
        await self.engine.dispose()


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    """The plain libpq/asyncpg DSN of a ``postgresql+asyncpg://`` SQLAlchemy URL."""
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)
