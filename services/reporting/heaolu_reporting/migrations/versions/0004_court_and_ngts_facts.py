"""court and NGTS facts: filing of custody applications, KLAT opinions, youths, inquiries

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.alter_column("removal_fact", "legal_ground", nullable=True)
    op.add_column("removal_fact", sa.Column("filed_at", TIME, nullable=True))
    op.add_column("removal_fact", sa.Column("filed_within_target", sa.Boolean(), nullable=True))
    op.create_table(
        "klat_opinion_fact",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("requested_at", TIME, nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("within_term", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_klat_opinion_fact")),
    )
    op.create_table(
        "youth_fact",
        sa.Column("youth_ref", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("answer", sa.String(length=24), nullable=True),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("helped", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("youth_ref", name=op.f("pk_youth_fact")),
    )
    op.create_table(
        "inquiry_fact",
        sa.Column("inquiry_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("asked_by", sa.String(length=16), nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("due_at", TIME, nullable=False),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("inquiry_id", name=op.f("pk_inquiry_fact")),
    )


def downgrade() -> None:
    op.drop_table("inquiry_fact")
    op.drop_table("youth_fact")
    op.drop_table("klat_opinion_fact")
    op.drop_column("removal_fact", "filed_within_target")
    op.drop_column("removal_fact", "filed_at")
