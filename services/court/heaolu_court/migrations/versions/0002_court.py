"""court: custody-restriction applications, KLAT opinion requests and applications, Brussels
IIb requests and tasks, municipal contacts, approved case plans, clocks, creation keys, staff

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from heaolu_shared.idempotency import create_idempotency_table, idempotency_metadata
from heaolu_shared.staff import create_staff_table, staff_metadata

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE SEQUENCE court_number_seq")
    op.create_table(
        "approved_case_plan",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_plan_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_approved_case_plan")),
    )
    op.create_table(
        "brussels_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("article", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("member_state", sa.String(length=2), nullable=False),
        sa.Column("foreign_authority", sa.String(length=300), nullable=False),
        sa.Column("foreign_reference", sa.String(length=100), nullable=True),
        sa.Column("child", sa.Text(), nullable=False),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("funding", sa.Text(), nullable=True),
        sa.Column("expected_duration", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "article IN ('art79', 'art80', 'art82')", name=op.f("ck_brussels_request_article")
        ),
        sa.CheckConstraint(
            "direction IN ('incoming', 'outgoing')", name=op.f("ck_brussels_request_direction")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'answered')", name=op.f("ck_brussels_request_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brussels_request")),
        sa.UniqueConstraint("number", name=op.f("uq_brussels_request_number")),
    )
    op.create_index("ix_brussels_request_opened", "brussels_request", ["opened_at"], unique=False)
    op.create_table(
        "custody_application",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("removal_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_number", sa.String(length=32), nullable=True),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("legal_ground", sa.String(length=48), nullable=False),
        sa.Column("separated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filing_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ruling_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("court_name", sa.String(length=300), nullable=True),
        sa.Column("facts", sa.Text(), nullable=True),
        sa.Column("danger", sa.Text(), nullable=True),
        sa.Column("measures_taken", sa.Text(), nullable=True),
        sa.Column("temporary_location", sa.String(length=300), nullable=True),
        sa.Column("contact_arrangement", sa.Text(), nullable=True),
        sa.Column("child_opinion", sa.Text(), nullable=True),
        sa.Column("child_opinion_missing_reason", sa.Text(), nullable=True),
        sa.Column("requested_measure", sa.Text(), nullable=True),
        sa.Column("attachments", JSONB(), nullable=False),
        sa.Column("official_name", sa.String(length=200), nullable=True),
        sa.Column("official_position", sa.String(length=200), nullable=True),
        sa.Column("official_contact", sa.String(length=300), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("filed_by", sa.String(length=64), nullable=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.Column("ruling_outcome", sa.String(length=16), nullable=True),
        sa.Column("ruled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("court_case_number", sa.String(length=64), nullable=True),
        sa.Column("ruling_notes", sa.Text(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'completed', 'approved', 'filed', 'ruled')",
            name=op.f("ck_custody_application_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_application")),
        sa.UniqueConstraint("number", name=op.f("uq_custody_application_number")),
        sa.UniqueConstraint("removal_id", name=op.f("uq_custody_application_removal_id")),
    )
    op.create_index(
        "ix_custody_application_assignee_opened",
        "custody_application",
        ["assignee", "opened_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_custody_application_case_id"), "custody_application", ["case_id"], unique=False
    )
    op.create_index(
        "ix_custody_application_municipality_opened",
        "custody_application",
        ["municipality", "opened_at"],
        unique=False,
    )
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
        "klat_opinion_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_plan_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("child_birth_date", sa.Date(), nullable=False),
        sa.Column("age_exception_reason", sa.Text(), nullable=True),
        sa.Column("danger", sa.Text(), nullable=False),
        sa.Column("needs_assessment", sa.Text(), nullable=False),
        sa.Column("earlier_measures", sa.Text(), nullable=False),
        sa.Column("less_restrictive_insufficient", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opinion", sa.String(length=16), nullable=True),
        sa.Column("opinion_reasons", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('requested', 'answered')", name=op.f("ck_klat_opinion_request_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_klat_opinion_request")),
        sa.UniqueConstraint("number", name=op.f("uq_klat_opinion_request_number")),
    )
    op.create_index(
        op.f("ix_klat_opinion_request_case_id"), "klat_opinion_request", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_klat_opinion_request_municipality"),
        "klat_opinion_request",
        ["municipality"],
        unique=False,
    )
    op.create_index(
        "ix_klat_opinion_request_status_due",
        "klat_opinion_request",
        ["status", "due_at"],
        unique=False,
    )
    op.create_table(
        "municipal_contact",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("municipality_name", sa.String(length=200), nullable=False),
        sa.Column("official_name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_municipal_contact_period")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipal_contact")),
    )
    op.create_index(
        op.f("ix_municipal_contact_municipality"),
        "municipal_contact",
        ["municipality"],
        unique=False,
    )
    op.create_table(
        "brussels_task",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("child", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("reported_by", sa.String(length=64), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('assigned', 'reported')", name=op.f("ck_brussels_task_status")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["municipal_contact.id"],
            name=op.f("fk_brussels_task_contact_id_municipal_contact"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["brussels_request.id"],
            name=op.f("fk_brussels_task_request_id_brussels_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brussels_task")),
    )
    op.create_index(
        "ix_brussels_task_municipality_assigned",
        "brussels_task",
        ["municipality", "assigned_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_brussels_task_request_id"), "brussels_task", ["request_id"], unique=False
    )
    op.create_table(
        "klat_application",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("extends_application_id", sa.Uuid(), nullable=True),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("court_name", sa.String(length=300), nullable=False),
        sa.Column("danger", sa.Text(), nullable=False),
        sa.Column("needs_assessment", sa.Text(), nullable=False),
        sa.Column("earlier_measures", sa.Text(), nullable=False),
        sa.Column("less_restrictive_insufficient", sa.Text(), nullable=False),
        sa.Column("duration_months", sa.Integer(), nullable=False),
        sa.Column("ska_opinion", sa.String(length=16), nullable=False),
        sa.Column("ska_opinion_reasons", sa.Text(), nullable=True),
        sa.Column("official_name", sa.String(length=200), nullable=False),
        sa.Column("official_position", sa.String(length=200), nullable=False),
        sa.Column("filed_by", sa.String(length=64), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ska_opinion IN ('not_requested', 'pending', 'suitable', 'not_suitable')",
            name=op.f("ck_klat_application_ska_opinion"),
        ),
        sa.CheckConstraint(
            "duration_months BETWEEN 1 AND 12", name=op.f("ck_klat_application_duration")
        ),
        sa.ForeignKeyConstraint(
            ["extends_application_id"],
            ["klat_application.id"],
            name=op.f("fk_klat_application_extends_application_id_klat_application"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["klat_opinion_request.id"],
            name=op.f("fk_klat_application_request_id_klat_opinion_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_klat_application")),
        sa.UniqueConstraint("number", name=op.f("uq_klat_application_number")),
    )
    op.create_index(
        op.f("ix_klat_application_case_id"), "klat_application", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_klat_application_municipality"), "klat_application", ["municipality"], unique=False
    )
    # ### end Alembic commands ###

    create_idempotency_table(op)
    create_staff_table(op)


def downgrade() -> None:
    staff_metadata.drop_all(op.get_bind())
    idempotency_metadata.drop_all(op.get_bind())
    op.drop_table("klat_application")
    op.drop_table("brussels_task")
    op.drop_table("municipal_contact")
    op.drop_table("klat_opinion_request")
    op.drop_table("deadline")
    op.drop_table("custody_application")
    op.drop_table("brussels_request")
    op.drop_table("approved_case_plan")
    op.execute("DROP SEQUENCE court_number_seq")
