"""full reports, routing, linking, sealed reporter, applications, register, staff

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from heaolu_shared.staff import create_staff_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = [
        sa.Column("receipt_number", sa.String(16)),
        sa.Column("routing_basis", sa.String(16), nullable=False, server_default="location"),
        sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("concern_category", sa.String(32), nullable=False, server_default="other"),
        sa.Column("observed_on", sa.Date()),
        sa.Column("child_name", sa.String(200)),
        sa.Column("child_birth_date", sa.Date()),
        sa.Column("child_description", sa.Text()),
        sa.Column("location_municipality", sa.String(4)),
        sa.Column("location_text", sa.Text()),
        sa.Column("involved", JSONB(), nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("reporter_sealed", sa.LargeBinary()),
        sa.Column("status", sa.String(16), nullable=False, server_default="received"),
        sa.Column("linked_to", sa.Uuid()),
        sa.Column("assignee", sa.String(64)),
        sa.Column("entered_by", sa.String(64)),
        sa.Column("idempotency_key", sa.String(128)),
        sa.Column("request_hash", sa.String(64)),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    ]
    for column in columns:
        op.add_column("report", column)
    op.execute(
        "UPDATE report SET receipt_number = upper(substr(md5(id::text), 1, 12)) "
        "WHERE receipt_number IS NULL"
    )
    op.alter_column("report", "receipt_number", nullable=False)
    op.alter_column("report", "municipality", nullable=True)
    op.execute("ALTER TABLE report DROP CONSTRAINT ck_report_municipality")
    op.create_unique_constraint("uq_report_receipt_number", "report", ["receipt_number"])
    op.create_foreign_key("fk_report_linked_to_report", "report", "report", ["linked_to"], ["id"])
    op.create_index(
        "uq_report_idempotency",
        "report",
        ["created_by", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    op.create_table(
        "registered_person",
        sa.Column("personal_code", sa.String(11), nullable=False),
        sa.Column("residence_municipality", sa.String(4)),
        sa.PrimaryKeyConstraint("personal_code", name="pk_registered_person"),
    )
    op.create_table(
        "service_application",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("service_code", sa.String(32), nullable=False),
        sa.Column("municipality", sa.String(4)),
        sa.Column("routing_basis", sa.String(16), nullable=False),
        sa.Column("applicant_personal_code", sa.String(11), nullable=False),
        sa.Column("applicant_pseudonym", sa.String(32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(128)),
        sa.Column("request_hash", sa.String(64)),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_service_application"),
    )
    op.create_index(
        "uq_service_application_idempotency",
        "service_application",
        ["created_by", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )
    create_staff_table(op)


def downgrade() -> None:
    op.drop_table("staff_member")
    op.drop_table("service_application")
    op.drop_table("registered_person")
    op.drop_index("uq_report_idempotency", "report")
    op.drop_constraint("fk_report_linked_to_report", "report")
    op.drop_constraint("uq_report_receipt_number", "report")
    for column in (
        "version",
        "request_hash",
        "idempotency_key",
        "entered_by",
        "assignee",
        "linked_to",
        "status",
        "reporter_sealed",
        "involved",
        "location_text",
        "location_municipality",
        "child_description",
        "child_birth_date",
        "child_name",
        "observed_on",
        "concern_category",
        "urgent",
        "routing_basis",
        "receipt_number",
    ):
        op.drop_column("report", column)
