"""reports are no longer counted by channel: it characterises the reporter (LasteKS §27)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("report_fact", "channel_group")


def downgrade() -> None:
    op.add_column(
        "report_fact",
        sa.Column("channel_group", sa.String(length=32), nullable=False, server_default="other"),
    )
