"""lists by due time and id: the clock indexes end in the id the lists page by

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from heaolu_shared.migrations import reindex_due_lists

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = {"deadline": "status = 'open'"}


def upgrade() -> None:
    reindex_due_lists(TABLES, with_id=True)


def downgrade() -> None:
    reindex_due_lists(TABLES, with_id=False)
