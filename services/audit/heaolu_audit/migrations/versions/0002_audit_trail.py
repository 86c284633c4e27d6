"""audit trail: hash-chained records (append-only) and anomaly alerts

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
    op.create_table(
        "audit_record",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_subject", sa.String(64), nullable=False),
        sa.Column("actor_username", sa.String(128)),
        sa.Column("actor_role", sa.String(64), nullable=False),
        sa.Column("actor_institution", sa.String(16), nullable=False),
        sa.Column("on_behalf_of", sa.String(64)),
        sa.Column("subject_pseudonym", sa.String(32)),
        sa.Column("record_type", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("request_id", sa.String(64)),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_record"),
        sa.UniqueConstraint("event_id", name="uq_audit_record_event_id"),
    )
    op.create_index("ix_audit_record_subject", "audit_record", ["subject_pseudonym", "occurred_at"])
    op.create_index("ix_audit_record_actor", "audit_record", ["actor_subject", "occurred_at"])
    op.create_index("ix_audit_record_occurred", "audit_record", ["occurred_at"])
    op.execute(
        """
        CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
        """
    )
    op.execute(
        "CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON audit_record FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()"
    )
    op.create_table(
        "anomaly_alert",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("actor_subject", sa.String(64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("distinct_subjects", sa.Integer(), nullable=False),
        sa.Column("limit", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name="pk_anomaly_alert"),
        sa.UniqueConstraint("actor_subject", "window_start", name="uq_alert_window"),
    )


def downgrade() -> None:
    op.drop_table("anomaly_alert")
    op.execute("DROP TRIGGER IF EXISTS audit_record_append_only ON audit_record")
    op.execute("DROP FUNCTION IF EXISTS audit_record_append_only()")
    op.drop_table("audit_record")
