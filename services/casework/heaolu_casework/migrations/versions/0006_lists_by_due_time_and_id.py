"""lists by due time and id: the worklist indexes end in the id the lists page by

Reports received on one day share their due time, so an index on (municipality, due_at) made a
page of the earliest deadlines read every row due that day and sort them by id.

Revision ID: 0006_lists_by_due_time_and_id
Revises: 0005_casework_worklists_care
Create Date: 2026-12-02
"""

from heaolu_shared.migrations import reindex_due_lists

revision = "0006_lists_by_due_time_and_id"
down_revision = "0005_casework_worklists_care"
branch_labels = None
depends_on = None

TABLES = {"preliminary_assessment": None, "deadline": "status = 'open'"}


def upgrade() -> None:
    reindex_due_lists(TABLES, with_id=True)


def downgrade() -> None:
    reindex_due_lists(TABLES, with_id=False)
