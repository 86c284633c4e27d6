"""casework: cases, persons, needs assessments, case plans, activities, removals, placements,
applications, administrative decisions, deadlines and idempotency keys

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from heaolu_shared.idempotency import create_idempotency_table, idempotency_metadata

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE SEQUENCE case_number_seq")
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
        "person",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("personal_code", sa.String(length=11), nullable=True),
        sa.Column("code_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_index(
        "ix_person_municipality_family_name",
        "person",
        ["municipality", sa.literal_column("lower(family_name)")],
        unique=False,
    )
    op.create_index(
        "uq_person_municipality_code",
        "person",
        ["municipality", "code_pseudonym"],
        unique=True,
        postgresql_where=sa.text("code_pseudonym IS NOT NULL"),
    )
    op.create_table(
        "service_application",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("applicant_pseudonym", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_application")),
    )
    op.create_index(
        "ix_service_application_municipality",
        "service_application",
        ["municipality", "received_at"],
        unique=False,
    )
    op.create_table(
        "case_file",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("subject_pseudonym", sa.String(length=32), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("preliminary_assessment_id", sa.Uuid(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=32), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("transferred_from", sa.String(length=4), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_case_file_status")),
        sa.ForeignKeyConstraint(
            ["child_id"], ["person.id"], name=op.f("fk_case_file_child_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_file")),
        sa.UniqueConstraint("number", name=op.f("uq_case_file_number")),
    )
    op.create_index(
        "ix_case_file_assignee_opened", "case_file", ["assignee", "opened_at", "id"], unique=False
    )
    op.create_index(
        "ix_case_file_municipality_opened",
        "case_file",
        ["municipality", "opened_at", "id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_case_file_subject_pseudonym"), "case_file", ["subject_pseudonym"], unique=False
    )
    op.create_table(
        "administrative_decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("addressee_id", sa.Uuid(), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("reasoning", sa.Text(), nullable=False),
        sa.Column("appeal_notice", sa.Text(), nullable=False),
        sa.Column("provider_code", sa.String(length=32), nullable=True),
        sa.Column("provider_name", sa.String(length=200), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=64), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivery_channel", sa.String(length=24), nullable=True),
        sa.Column("provision_status", sa.String(length=16), nullable=True),
        sa.Column("provision_note", sa.Text(), nullable=True),
        sa.Column("provision_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["addressee_id"],
            ["person.id"],
            name=op.f("fk_administrative_decision_addressee_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_administrative_decision_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_administrative_decision")),
        sa.UniqueConstraint("number", name=op.f("uq_administrative_decision_number")),
    )
    op.create_index(
        op.f("ix_administrative_decision_case_id"),
        "administrative_decision",
        ["case_id"],
        unique=False,
    )
    op.create_table(
        "case_activity",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("participants", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_activity_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_activity")),
    )
    op.create_index(
        "ix_case_activity_case_occurred", "case_activity", ["case_id", "occurred_at"], unique=False
    )
    op.create_table(
        "case_party",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=True),
        sa.Column("has_custody", sa.Boolean(), nullable=True),
        sa.Column("lives_with_child", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_party_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_case_party_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_party")),
        sa.UniqueConstraint("case_id", "person_id", "role", name=op.f("uq_case_party_case_id")),
    )
    op.create_index(op.f("ix_case_party_case_id"), "case_party", ["case_id"], unique=False)
    op.create_index(op.f("ix_case_party_person_id"), "case_party", ["person_id"], unique=False)
    op.create_table(
        "case_plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("child_opinion", sa.Text(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("head_approval_required", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_plan_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_plan")),
        sa.UniqueConstraint("case_id", "revision", name=op.f("uq_case_plan_case_id")),
        sa.UniqueConstraint("number", name=op.f("uq_case_plan_number")),
    )
    op.create_index(op.f("ix_case_plan_case_id"), "case_plan", ["case_id"], unique=False)
    op.create_table(
        "needs_assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("findings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("sources", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("child_opinion", sa.Text(), nullable=True),
        sa.Column("child_heard_on", sa.Date(), nullable=True),
        sa.Column("child_opinion_missing_reason", sa.Text(), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_needs_assessment_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_assessment")),
        sa.UniqueConstraint("case_id", "revision", name=op.f("uq_needs_assessment_case_id")),
    )
    op.create_index(
        op.f("ix_needs_assessment_case_id"), "needs_assessment", ["case_id"], unique=False
    )
    op.create_table(
        "placement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("form", sa.String(length=24), nullable=False),
        sa.Column("provider_code", sa.String(length=32), nullable=False),
        sa.Column("provider_name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("temporary", sa.Boolean(), nullable=False),
        sa.Column("custodian_consent", sa.Boolean(), nullable=False),
        sa.Column("guardian_consent", sa.Boolean(), nullable=False),
        sa.Column("ska_approval_ref", sa.String(length=64), nullable=True),
        sa.Column("over_capacity", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_placement_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement")),
    )
    op.create_index(
        "ix_placement_active_provider",
        "placement",
        ["provider_code"],
        unique=False,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_index(op.f("ix_placement_case_id"), "placement", ["case_id"], unique=False)
    op.create_table(
        "removal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("separated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("legal_ground", sa.String(length=48), nullable=False),
        sa.Column("temporary_location", sa.String(length=300), nullable=False),
        sa.Column("contact_arrangement", sa.Text(), nullable=False),
        sa.Column("contact_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("court_filing_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ruling_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_removal_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removal")),
    )
    op.create_index(op.f("ix_removal_case_id"), "removal", ["case_id"], unique=False)
    op.add_column(
        "preliminary_assessment", sa.Column("outcome", sa.String(length=16), nullable=True)
    )
    op.add_column("preliminary_assessment", sa.Column("reason", sa.Text(), nullable=True))
    op.add_column("preliminary_assessment", sa.Column("one_off_measure", sa.Text(), nullable=True))
    op.add_column(
        "preliminary_assessment", sa.Column("forwarded_to", sa.String(length=200), nullable=True)
    )
    op.add_column(
        "preliminary_assessment", sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "preliminary_assessment", sa.Column("decided_by", sa.String(length=64), nullable=True)
    )
    op.add_column("preliminary_assessment", sa.Column("case_id", sa.Uuid(), nullable=True))
    create_idempotency_table(op)
    # Pending preliminary assessments get their statutory clock as a deadline row.
    op.execute(
        """
        INSERT INTO deadline (id, municipality, kind, legal_basis, record_type, record_id,
                              subject_pseudonym, assignee, due_at, warn_at, status)
        SELECT gen_random_uuid(), municipality, 'preliminary_assessment',
               'LasteKS §28, SHS §9: decide within 10 calendar days whether to open case management',
               'preliminary_assessment', id, subject_pseudonym, assignee, due_at,
               due_at - interval '2 days', 'open'
        FROM preliminary_assessment WHERE status = 'pending'
        """
    )


def downgrade() -> None:
    idempotency_metadata.drop_all(op.get_bind())
    op.drop_column("preliminary_assessment", "case_id")
    op.drop_column("preliminary_assessment", "decided_by")
    op.drop_column("preliminary_assessment", "decided_at")
    op.drop_column("preliminary_assessment", "forwarded_to")
    op.drop_column("preliminary_assessment", "one_off_measure")
    op.drop_column("preliminary_assessment", "reason")
    op.drop_column("preliminary_assessment", "outcome")
    op.drop_index(op.f("ix_removal_case_id"), table_name="removal")
    op.drop_table("removal")
    op.drop_index(op.f("ix_placement_case_id"), table_name="placement")
    op.drop_index(
        "ix_placement_active_provider",
        table_name="placement",
        postgresql_where=sa.text("status = 'active'"),
    )
    op.drop_table("placement")
    op.drop_index(op.f("ix_needs_assessment_case_id"), table_name="needs_assessment")
    op.drop_table("needs_assessment")
    op.drop_index(op.f("ix_case_plan_case_id"), table_name="case_plan")
    op.drop_table("case_plan")
    op.drop_index(op.f("ix_case_party_person_id"), table_name="case_party")
    op.drop_index(op.f("ix_case_party_case_id"), table_name="case_party")
    op.drop_table("case_party")
    op.drop_index("ix_case_activity_case_occurred", table_name="case_activity")
    op.drop_table("case_activity")
    op.drop_index(op.f("ix_administrative_decision_case_id"), table_name="administrative_decision")
    op.drop_table("administrative_decision")
    op.drop_index(op.f("ix_case_file_subject_pseudonym"), table_name="case_file")
    op.drop_index("ix_case_file_municipality_opened", table_name="case_file")
    op.drop_index("ix_case_file_assignee_opened", table_name="case_file")
    op.drop_table("case_file")
    op.drop_index("ix_service_application_municipality", table_name="service_application")
    op.drop_table("service_application")
    op.drop_index(
        "uq_person_municipality_code",
        table_name="person",
        postgresql_where=sa.text("code_pseudonym IS NOT NULL"),
    )
    op.drop_index("ix_person_municipality_family_name", table_name="person")
    op.drop_table("person")
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
    op.execute("DROP SEQUENCE case_number_seq")
