"""inquiries by due time and id: the municipality's list, unanswered first

The list pages in the order unanswered first, then by due time and id; the index held the
municipality and the due time only, so a page read every inquiry of the municipality.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_inquiry_municipality_due", table_name="inquiry")
    op.create_index(
        "ix_inquiry_municipality_due",
        "inquiry",
        ["municipality", sa.text("(answered_at IS NOT NULL)"), "due_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_inquiry_municipality_due", table_name="inquiry")
    op.create_index("ix_inquiry_municipality_due", "inquiry", ["municipality", "due_at"])
