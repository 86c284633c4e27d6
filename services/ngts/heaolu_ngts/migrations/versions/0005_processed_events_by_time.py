"""processed events indexed by time, for the purge of those no topic can deliver again

Revision ID: 0005_processed_events_by_time
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

from heaolu_shared.messaging import index_processed_events, unindex_processed_events

revision = "0005_processed_events_by_time"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    index_processed_events(op)


def downgrade() -> None:
    unindex_processed_events(op)
