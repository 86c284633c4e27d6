"""assessments count the reports linked to their thread

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "preliminary_assessment",
        sa.Column("linked_reports", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column(
        "preliminary_assessment",
        sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("preliminary_assessment", "urgent")
    op.drop_column("preliminary_assessment", "linked_reports")
