"""audit trail: a sealed actor (a protected reporter) and records withheld from the subject

Revision ID: 0003_sealed_actor
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_sealed_actor"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_record", sa.Column("actor_sealed", sa.Text()))
    op.add_column(
        "audit_record",
        sa.Column("withheld_from_subject", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("audit_record", "withheld_from_subject")
    op.drop_column("audit_record", "actor_sealed")
