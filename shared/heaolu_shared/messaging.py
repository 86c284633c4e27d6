"""The outbox and inbox tables every service has, and their migration helper."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from heaolu_shared.db import new_metadata

messaging_metadata = new_metadata()

outbox = sa.Table(
    "outbox",
    messaging_metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("payload", JSONB, nullable=False),
    sa.Column("headers", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Index("ix_outbox_unsent", "id", postgresql_where=sa.text("sent_at IS NULL")),
)

processed_event = sa.Table(
    "processed_event",
    messaging_metadata,
    sa.Column("consumer", sa.Text, primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("partition", sa.Integer, nullable=False),
    sa.Column("offset", sa.BigInteger, nullable=False),
    sa.Column(
        "processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)

PROCESSED_AT_INDEX = "ix_processed_event_processed_at"
"""Serves the purge of events no topic can deliver again (:mod:`heaolu_shared.inbox`): rows are
added in time order, so each insert lands on the index's right edge."""

OUTBOX_CHANNEL = "heaolu_outbox"
"""The LISTEN/NOTIFY channel that wakes the relay when an outbox row commits."""


def create_messaging_tables(op: Any) -> None:
    """Create the outbox and processed-event tables (called from a service's baseline migration).

    The baseline also created the trigger that notified the relay from inside every writing
    transaction; :func:`announce_after_commit` drops it again (ADR 0035).
    """
    bind = op.get_bind()
    messaging_metadata.create_all(bind)
    _create_outbox_trigger(op)


def _create_outbox_trigger(op: Any) -> None:
    op.execute(
        f"""
        CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('{OUTBOX_CHANNEL}', ''); RETURN NULL; END $$;
        """
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()"
    )


def announce_after_commit(op: Any) -> None:
    """Drop the outbox's notifying trigger (a service's migration calls this).

    A transaction that calls ``NOTIFY`` takes a lock on the whole database before it commits
    and keeps it until its commit is flushed, so every transaction that wrote an outbox row
    committed one after another. The relay is now woken after the commit, outside the writing
    transaction (:class:`heaolu_shared.db.Announcer`).
    """
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON outbox")
    op.execute("DROP FUNCTION IF EXISTS outbox_notify()")


def notify_in_transaction(op: Any) -> None:
    """Undo :func:`announce_after_commit`."""
    _create_outbox_trigger(op)


def index_processed_events(op: Any) -> None:
    """Index ``processed_event`` by time, for its purge (a service's migration calls this).

    Built concurrently, outside the migration's transaction: the consumers keep writing to the
    table, which may be large, while the index is built. A build that failed leaves an invalid
    index behind, which the next attempt drops first.
    """
    with op.get_context().autocommit_block():
        op.drop_index(
            PROCESSED_AT_INDEX, "processed_event", if_exists=True, postgresql_concurrently=True
        )
        op.create_index(
            PROCESSED_AT_INDEX, "processed_event", ["processed_at"], postgresql_concurrently=True
        )


def unindex_processed_events(op: Any) -> None:
    """Undo :func:`index_processed_events`."""
    with op.get_context().autocommit_block():
        op.drop_index(
            PROCESSED_AT_INDEX, "processed_event", if_exists=True, postgresql_concurrently=True
        )


def drop_messaging_tables(op: Any) -> None:
    """Drop what :func:`create_messaging_tables` created."""
    announce_after_commit(op)
    messaging_metadata.drop_all(op.get_bind())
