"""ngts: rounds, the list, designations, outreach, inquiries, prepayments, deadlines

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:29:11.641037
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from heaolu_shared.idempotency import create_idempotency_table
from heaolu_shared.staff import create_staff_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadline",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=True),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("record_type", sa.String(length=48), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("warn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approaching_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("breached_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('open', 'met', 'cancelled')", name=op.f("ck_deadline_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline")),
    )
    op.create_index(
        "ix_deadline_assignee_due",
        "deadline",
        ["assignee", "due_at"],
        unique=False,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index(op.f("ix_deadline_case_id"), "deadline", ["case_id"], unique=False)
    op.create_index(
        "ix_deadline_municipality_due",
        "deadline",
        ["municipality", "due_at"],
        unique=False,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_index(op.f("ix_deadline_record_id"), "deadline", ["record_id"], unique=False)
    op.create_index(
        "ix_deadline_to_breach",
        "deadline",
        ["due_at"],
        unique=False,
        postgresql_where=sa.text("status = 'open' AND breached_sent_at IS NULL"),
    )
    op.create_index(
        "ix_deadline_to_warn",
        "deadline",
        ["warn_at"],
        unique=False,
        postgresql_where=sa.text("status = 'open' AND approaching_sent_at IS NULL"),
    )
    op.create_table(
        "designation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("specialist_subject", sa.String(length=64), nullable=False),
        sa.Column("specialist_username", sa.String(length=128), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("designated_by", sa.String(length=64), nullable=False),
        sa.Column("designated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_designation_dates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation")),
    )
    op.create_index(
        "ix_designation_specialist",
        "designation",
        ["specialist_subject", "municipality"],
        unique=False,
    )
    op.create_table(
        "inquiry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("asked_by", sa.String(length=16), nullable=False),
        sa.Column("contact_person", sa.String(length=200), nullable=False),
        sa.Column("question", sa.String(length=4000), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(length=4000), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry")),
    )
    op.create_index(
        "ix_inquiry_municipality_due", "inquiry", ["municipality", "due_at"], unique=False
    )
    op.create_table(
        "participation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("query_date", sa.Date(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_by", sa.String(length=64), nullable=False),
        sa.Column("list_due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("refused", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("retention_ends_on", sa.Date(), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation")),
        sa.UniqueConstraint(
            "municipality", "query_date", name=op.f("uq_participation_municipality")
        ),
    )
    op.create_table(
        "prepayment_application",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount_eur", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_eur > 0", name=op.f("ck_prepayment_application_amount")),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_prepayment_application_period")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepayment_application")),
    )
    op.create_table(
        "youth",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participation_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("personal_code", sa.String(length=11), nullable=False),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("guardian", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("education", sa.String(length=200), nullable=True),
        sa.Column("last_employment", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("follow_up_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_youth_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_youth")),
        sa.UniqueConstraint(
            "participation_id", "personal_code", name=op.f("uq_youth_participation_id")
        ),
    )
    op.create_index(
        "ix_youth_list_order",
        "youth",
        ["participation_id", "family_name", "given_name", "id"],
        unique=False,
    )
    op.create_table(
        "consent",
        sa.Column("youth_id", sa.Uuid(), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handover_to_social_services", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["youth_id"], ["youth.id"], name=op.f("fk_consent_youth_id_youth"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("youth_id", name=op.f("pk_consent")),
    )
    op.create_table(
        "contact_attempt",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("youth_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(length=24), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["youth_id"],
            ["youth.id"],
            name=op.f("fk_contact_attempt_youth_id_youth"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_attempt")),
    )
    op.create_index(
        op.f("ix_contact_attempt_youth_id"), "contact_attempt", ["youth_id"], unique=False
    )
    op.create_table(
        "handover",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("youth_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["youth_id"], ["youth.id"], name=op.f("fk_handover_youth_id_youth"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover")),
        sa.UniqueConstraint("youth_id", name=op.f("uq_handover_youth_id")),
    )
    op.create_table(
        "individual_plan",
        sa.Column("youth_id", sa.Uuid(), nullable=False),
        sa.Column("goals", sa.String(length=4000), nullable=False),
        sa.Column("services_offered", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["youth_id"],
            ["youth.id"],
            name=op.f("fk_individual_plan_youth_id_youth"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("youth_id", name=op.f("pk_individual_plan")),
    )
    op.create_table(
        "outcome",
        sa.Column("youth_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("goal_reached_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("follow_up_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["youth_id"], ["youth.id"], name=op.f("fk_outcome_youth_id_youth"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("youth_id", name=op.f("pk_outcome")),
    )
    op.create_table(
        "youth_view",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("viewer", sa.String(length=64), nullable=False),
        sa.Column("youth_id", sa.Uuid(), nullable=False),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["youth_id"],
            ["youth.id"],
            name=op.f("fk_youth_view_youth_id_youth"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_youth_view")),
    )
    op.create_index(
        "ix_youth_view_viewer_time", "youth_view", ["viewer", "viewed_at"], unique=False
    )
    op.create_index("ix_youth_view_youth", "youth_view", ["youth_id"], unique=False)
    create_staff_table(op)
    create_idempotency_table(op)


def downgrade() -> None:
    op.drop_table("idempotency_record")
    op.drop_table("staff_member")
    op.drop_index("ix_youth_view_youth", table_name="youth_view")
    op.drop_index("ix_youth_view_viewer_time", table_name="youth_view")
    op.drop_table("youth_view")
    op.drop_table("outcome")
    op.drop_table("individual_plan")
    op.drop_table("handover")
    op.drop_index(op.f("ix_contact_attempt_youth_id"), table_name="contact_attempt")
    op.drop_table("contact_attempt")
    op.drop_table("consent")
    op.drop_index("ix_youth_list_order", table_name="youth")
    op.drop_table("youth")
    op.drop_table("prepayment_application")
    op.drop_table("participation")
    op.drop_index("ix_inquiry_municipality_due", table_name="inquiry")
    op.drop_table("inquiry")
    op.drop_index("ix_designation_specialist", table_name="designation")
    op.drop_table("designation")
    op.drop_index(
        "ix_deadline_to_warn",
        table_name="deadline",
        postgresql_where=sa.text("status = 'open' AND approaching_sent_at IS NULL"),
    )
    op.drop_index(
        "ix_deadline_to_breach",
        table_name="deadline",
        postgresql_where=sa.text("status = 'open' AND breached_sent_at IS NULL"),
    )
    op.drop_index(op.f("ix_deadline_record_id"), table_name="deadline")
    op.drop_index(
        "ix_deadline_municipality_due",
        table_name="deadline",
        postgresql_where=sa.text("status = 'open'"),
    )
    op.drop_index(op.f("ix_deadline_case_id"), table_name="deadline")
    op.drop_index(
        "ix_deadline_assignee_due",
        table_name="deadline",
        postgresql_where=sa.text("status = 'open'"),
    )
    op.drop_table("deadline")
