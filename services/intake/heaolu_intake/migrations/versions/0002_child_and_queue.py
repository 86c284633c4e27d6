"""reports: the child's personal code and pseudonym, queue index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("child_personal_code", sa.String(11)))
    op.add_column("report", sa.Column("child_pseudonym", sa.String(32)))
    op.create_index("ix_report_child_pseudonym", "report", ["child_pseudonym"])
    op.drop_index("ix_report_municipality", "report")
    op.create_index(
        "ix_report_municipality_received", "report", ["municipality", "received_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_report_municipality_received", "report")
    op.create_index("ix_report_municipality", "report", ["municipality"])
    op.drop_index("ix_report_child_pseudonym", "report")
    op.drop_column("report", "child_pseudonym")
    op.drop_column("report", "child_personal_code")
