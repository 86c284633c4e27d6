"""baseline: outbox, processed events, preliminary assessments

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from heaolu_shared.messaging import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op)
    op.create_table(
        "preliminary_assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("need_level", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_preliminary_assessment"),
        sa.UniqueConstraint("report_id", name="uq_preliminary_assessment_report_id"),
    )
    op.create_index(
        "ix_preliminary_assessment_municipality_due",
        "preliminary_assessment",
        ["municipality", "due_at"],
    )


def downgrade() -> None:
    op.drop_table("preliminary_assessment")
    drop_messaging_tables(op)
