"""access: assignment and versions, staff directory, substitutions, counselling requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("preliminary_assessment", sa.Column("subject_pseudonym", sa.String(32)))
    op.add_column("preliminary_assessment", sa.Column("assignee", sa.String(64)))
    op.add_column(
        "preliminary_assessment",
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_index(
        "ix_preliminary_assessment_assignee_due", "preliminary_assessment", ["assignee", "due_at"]
    )
    op.create_table(
        "staff_member",
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("roles", ARRAY(sa.String(64)), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject", name="pk_staff_member"),
        sa.UniqueConstraint("username", name="uq_staff_member_username"),
    )
    op.create_index("ix_staff_member_municipality", "staff_member", ["municipality"])
    op.create_table(
        "substitution",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("absent", sa.String(64), nullable=False),
        sa.Column("substitute", sa.String(64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("ends_at > starts_at", name="window"),
        sa.PrimaryKeyConstraint("id", name="pk_substitution"),
    )
    op.create_index("ix_substitution_absent", "substitution", ["absent"])
    op.create_index("ix_substitution_substitute", "substitution", ["substitute"])
    op.create_table(
        "counselling_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_counselling_request"),
    )
    op.create_index("ix_counselling_request_record_id", "counselling_request", ["record_id"])


def downgrade() -> None:
    op.drop_table("counselling_request")
    op.drop_table("substitution")
    op.drop_table("staff_member")
    op.drop_index("ix_preliminary_assessment_assignee_due", "preliminary_assessment")
    for column in ("version", "assignee", "subject_pseudonym"):
        op.drop_column("preliminary_assessment", column)
