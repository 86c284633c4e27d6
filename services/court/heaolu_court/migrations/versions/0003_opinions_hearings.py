"""court: opinions to the court, hearings (with mediation sessions), withdrawn applications

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "custody_application",
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.drop_constraint(op.f("ck_custody_application_status"), "custody_application", type_="check")
    op.create_check_constraint(
        op.f("ck_custody_application_status"),
        "custody_application",
        "status IN ('draft', 'completed', 'approved', 'filed', 'ruled', 'withdrawn')",
    )
    op.create_table(
        "court_opinion",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("matter", sa.String(length=16), nullable=False),
        sa.Column("court_name", sa.String(length=300), nullable=False),
        sa.Column("court_case_number", sa.String(length=64), nullable=False),
        sa.Column("parties", JSONB(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("child_heard_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("child_heard_how", sa.String(length=300), nullable=True),
        sa.Column("child_heard_by", sa.String(length=200), nullable=True),
        sa.Column("child_age", sa.Integer(), nullable=True),
        sa.Column("child_views", sa.Text(), nullable=True),
        sa.Column("views_weighed", sa.Text(), nullable=True),
        sa.Column("child_not_heard_reason", sa.Text(), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("official_name", sa.String(length=200), nullable=True),
        sa.Column("official_position", sa.String(length=200), nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "matter IN ('custody', 'contact', 'guardianship')", name=op.f("ck_court_opinion_matter")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'approved', 'sent')", name=op.f("ck_court_opinion_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_opinion")),
        sa.UniqueConstraint("number", name=op.f("uq_court_opinion_number")),
    )
    op.create_index(op.f("ix_court_opinion_case_id"), "court_opinion", ["case_id"], unique=False)
    op.create_index(
        "ix_court_opinion_municipality_due",
        "court_opinion",
        ["municipality", "due_on"],
        unique=False,
    )
    op.create_table(
        "hearing",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("attendee", sa.String(length=64), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("authority", sa.String(length=300), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome_notes", sa.Text(), nullable=True),
        sa.Column("agreement_reached", sa.Boolean(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('court_hearing', 'minor_hearing_court', 'minor_hearing_police', 'mediation')",
            name=op.f("ck_hearing_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'held', 'cancelled')", name=op.f("ck_hearing_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing")),
    )
    op.create_index(op.f("ix_hearing_case_id"), "hearing", ["case_id"], unique=False)
    op.create_index(
        "ix_hearing_municipality_scheduled",
        "hearing",
        ["municipality", "scheduled_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("hearing")
    op.drop_table("court_opinion")
    op.drop_constraint(op.f("ck_custody_application_status"), "custody_application", type_="check")
    op.create_check_constraint(
        op.f("ck_custody_application_status"),
        "custody_application",
        "status IN ('draft', 'completed', 'approved', 'filed', 'ruled')",
    )
    op.drop_column("custody_application", "withdrawn_at")
