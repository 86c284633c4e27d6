"""facts, archive and feed

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_fact",
        sa.Column("application_id", sa.UUID(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_application_fact")),
    )
    op.create_table(
        "assessment_fact",
        sa.Column("assessment_id", sa.UUID(), nullable=False),
        sa.Column("report_id", sa.UUID(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_assessment_fact")),
    )
    op.create_index(
        "ix_assessment_fact_decided",
        "assessment_fact",
        ["decided_at", "municipality"],
        unique=False,
    )
    op.create_table(
        "case_fact",
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column(
            "municipality",
            sa.String(length=4),
            nullable=False,
            comment="the municipality holding it now",
        ),
        sa.Column("opened_municipality", sa.String(length=4), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_municipality", sa.String(length=4), nullable=True),
        sa.Column("close_reason", sa.String(length=32), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("child_key", sa.String(length=32), nullable=True),
        sa.Column("age_band", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_fact")),
    )
    op.create_table(
        "deadline_fact",
        sa.Column("deadline_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("case_id", sa.UUID(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approaching", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("breached", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.PrimaryKeyConstraint("deadline_id", name=op.f("pk_deadline_fact")),
    )
    op.create_table(
        "decision_fact",
        sa.Column("decision_id", sa.UUID(), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decision_fact")),
    )
    op.create_table(
        "fact_event",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "archived_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_fact_event")),
        sa.UniqueConstraint("event_id", name=op.f("uq_fact_event_event_id")),
    )
    op.create_table(
        "feed_event",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column(
            "event",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="the CloudEvent as on Kafka",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_feed_event")),
        sa.UniqueConstraint("event_id", name=op.f("uq_feed_event_event_id")),
    )
    op.create_table(
        "placement_fact",
        sa.Column("placement_id", sa.UUID(), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("temporary", sa.Boolean(), nullable=True),
        sa.Column("over_capacity", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("placement_id", name=op.f("pk_placement_fact")),
    )
    op.create_table(
        "removal_fact",
        sa.Column("removal_id", sa.UUID(), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("separated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("legal_ground", sa.String(length=48), nullable=False),
        sa.Column("court_filing_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ruling_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("child_key", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("removal_id", name=op.f("pk_removal_fact")),
    )
    op.create_table(
        "report_fact",
        sa.Column("report_id", sa.UUID(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("need_level", sa.String(length=16), nullable=False),
        sa.Column("channel_group", sa.String(length=32), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("further_report", sa.Boolean(), nullable=False),
        sa.Column("child_key", sa.String(length=32), nullable=True),
        sa.Column("age_band", sa.String(length=8), nullable=True),
        sa.Column("concern_category", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_fact")),
    )
    op.create_index(
        "ix_report_fact_received", "report_fact", ["received_at", "municipality"], unique=False
    )


def downgrade() -> None:
    op.drop_table("report_fact")
    op.drop_table("removal_fact")
    op.drop_table("placement_fact")
    op.drop_table("feed_event")
    op.drop_table("fact_event")
    op.drop_table("decision_fact")
    op.drop_table("deadline_fact")
    op.drop_table("case_fact")
    op.drop_index("ix_assessment_fact_decided", table_name="assessment_fact")
    op.drop_table("assessment_fact")
    op.drop_table("application_fact")
