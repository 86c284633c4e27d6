"""the outbox announced to its relay after the commit, not by a trigger inside it

Revision ID: 0007_outbox_announced
Revises: 0006_processed_events_by_time
Create Date: 2026-12-03
"""

from alembic import op

from heaolu_shared.messaging import announce_after_commit, notify_in_transaction

revision = "0007_outbox_announced"
down_revision = "0006_processed_events_by_time"
branch_labels = None
depends_on = None


def upgrade() -> None:
    announce_after_commit(op)


def downgrade() -> None:
    notify_in_transaction(op)
