"""casework's assignments and substitutions as intake sees them; applications' status and term

Revision ID: 0004_assignment_projection
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_assignment_projection"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("assigned_at", sa.DateTime(timezone=True)))
    op.add_column("service_application", sa.Column("assignee", sa.String(64)))
    op.add_column("service_application", sa.Column("assigned_at", sa.DateTime(timezone=True)))
    op.add_column(
        "service_application",
        sa.Column("status", sa.String(16), nullable=False, server_default="received"),
    )
    op.add_column("service_application", sa.Column("outcome", sa.String(16)))
    op.add_column("service_application", sa.Column("decision_due_at", sa.DateTime(timezone=True)))
    op.create_index(
        "ix_service_application_created_by", "service_application", ["created_by", "received_at"]
    )
    op.create_table(
        "substitution",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("absent", sa.String(64), nullable=False),
        sa.Column("substitute", sa.String(64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_substitution"),
    )
    op.create_index("ix_substitution_substitute", "substitution", ["substitute"])


def downgrade() -> None:
    op.drop_table("substitution")
    op.drop_index("ix_service_application_created_by", "service_application")
    for column in ("decision_due_at", "outcome", "status", "assigned_at", "assignee"):
        op.drop_column("service_application", column)
    op.drop_column("report", "assigned_at")
