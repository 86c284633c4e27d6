"""SKA's counselling requests and Brussels IIb central-authority requests and tasks

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "counselling_request_fact",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column(
            "answered_at",
            TIME,
            nullable=True,
            comment="the first answer (a later one replaces its text only)",
        ),
        sa.Column("closed_at", TIME, nullable=True),
        sa.Column("closed_by", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_counselling_request_fact")),
    )
    op.create_index(
        "ix_counselling_request_fact_opened",
        "counselling_request_fact",
        ["opened_at", "municipality"],
    )
    op.create_table(
        "brussels_request_fact",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("article", sa.String(length=8), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("within_term", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_brussels_request_fact")),
    )
    op.create_table(
        "brussels_task_fact",
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("assigned_at", TIME, nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("reported_at", TIME, nullable=True),
        sa.Column("within_term", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_brussels_task_fact")),
    )


def downgrade() -> None:
    op.drop_table("brussels_task_fact")
    op.drop_table("brussels_request_fact")
    op.drop_index("ix_counselling_request_fact_opened", table_name="counselling_request_fact")
    op.drop_table("counselling_request_fact")
