"""one idempotency scheme: the shared idempotency records replace the keys on report and
service_application

Revision ID: 0005_shared_idempotency
Revises: 0004_assignment_projection
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from heaolu_shared.idempotency import create_idempotency_table, idempotency_metadata

revision = "0005_shared_idempotency"
down_revision = "0004_assignment_projection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table(op)
    for table in ("report", "service_application"):
        op.drop_index(f"uq_{table}_idempotency", table)
        op.drop_column(table, "request_hash")
        op.drop_column(table, "idempotency_key")


def downgrade() -> None:
    for table in ("report", "service_application"):
        op.add_column(table, sa.Column("idempotency_key", sa.String(128)))
        op.add_column(table, sa.Column("request_hash", sa.String(64)))
        op.create_index(
            f"uq_{table}_idempotency",
            table,
            ["created_by", "idempotency_key"],
            unique=True,
            postgresql_where=sa.text("idempotency_key IS NOT NULL"),
        )
    idempotency_metadata.drop_all(op.get_bind())
