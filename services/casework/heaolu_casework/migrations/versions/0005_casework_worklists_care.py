"""worklists and care: the queue's order, names on worklists, ending substitutions early,
answering and closing counselling requests, the register of substitute-care providers and one
active placement per child

Revision ID: 0005_casework_worklists_care
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_casework_worklists_care"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The queue: children in danger first, then the nearest deadline.
    op.add_column("preliminary_assessment", sa.Column("child_name", sa.String(200)))
    op.execute(
        "UPDATE preliminary_assessment SET urgent = true WHERE need_level = 'in_danger' "
        "AND NOT urgent"
    )
    op.create_index(
        "ix_preliminary_assessment_queue",
        "preliminary_assessment",
        ["municipality", sa.text("(NOT urgent)"), "due_at", "id"],
        postgresql_where=sa.text("status = 'pending' AND assignee IS NULL"),
    )
    # Colleagues' names for the worklists (from their tokens, as the rest of the directory).
    op.add_column("staff_member", sa.Column("display_name", sa.String(200)))

    # A substitution may be ended early (an empty window is one ended before it started).
    op.add_column("substitution", sa.Column("ended_early_by", sa.String(64)))
    op.add_column(
        "substitution", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    op.execute("ALTER TABLE substitution DROP CONSTRAINT IF EXISTS ck_substitution_window")
    op.execute('ALTER TABLE substitution DROP CONSTRAINT IF EXISTS "window"')
    op.create_check_constraint("window", "substitution", "ends_at >= starts_at")

    # Counselling requests are answered and closed.
    op.add_column("counselling_request", sa.Column("answer", sa.Text()))
    op.add_column("counselling_request", sa.Column("answered_at", sa.DateTime(timezone=True)))
    op.add_column("counselling_request", sa.Column("answered_by", sa.String(64)))
    op.add_column("counselling_request", sa.Column("closed_by", sa.String(64)))
    op.add_column(
        "counselling_request",
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_index("ix_counselling_request_opened", "counselling_request", ["opened_at", "id"])

    # The register of substitute-care providers decides the caps.
    op.create_table(
        "care_provider",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("form", sa.String(24), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(4), nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "form IN ('foster_family', 'family_home', 'substitute_home')",
            name="ck_care_provider_form",
        ),
        sa.CheckConstraint("capacity > 0", name="ck_care_provider_capacity"),
        sa.PrimaryKeyConstraint("code", name="pk_care_provider"),
    )
    op.create_index("ix_care_provider_municipality", "care_provider", ["municipality"])
    # Providers already named by placements enter the register with the legal cap of the
    # smallest form they were placed under.
    op.execute(
        """
        INSERT INTO care_provider (code, name, form, capacity, municipality, registered_by)
        SELECT DISTINCT ON (p.provider_code) p.provider_code, p.provider_name, p.form,
               CASE p.form WHEN 'foster_family' THEN 4 ELSE 6 END, c.municipality, p.recorded_by
        FROM placement p JOIN case_file c ON c.id = p.case_id
        ORDER BY p.provider_code, CASE p.form WHEN 'foster_family' THEN 0 ELSE 1 END,
                 p.created_at
        """
    )
    op.create_foreign_key(
        "fk_placement_provider_code_care_provider",
        "placement",
        "care_provider",
        ["provider_code"],
        ["code"],
    )

    # One active placement per child.
    op.add_column("placement", sa.Column("child_id", sa.Uuid()))
    op.add_column(
        "placement",
        sa.Column("in_education", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "UPDATE placement p SET child_id = c.child_id FROM case_file c WHERE c.id = p.case_id"
    )
    op.alter_column("placement", "child_id", nullable=False)
    op.create_foreign_key(
        "fk_placement_child_id_person", "placement", "person", ["child_id"], ["id"]
    )
    # Where a child had several active placements, the newest stands and the older ones end
    # on the day it started.
    op.execute(
        """
        UPDATE placement old SET status = 'ended', ended_on = newest.starts_on
        FROM (
            SELECT DISTINCT ON (child_id) id, child_id, starts_on FROM placement
            WHERE status = 'active' ORDER BY child_id, starts_on DESC, created_at DESC
        ) newest
        WHERE old.status = 'active' AND old.child_id = newest.child_id AND old.id <> newest.id
        """
    )
    op.create_index(
        "uq_placement_active_child",
        "placement",
        ["child_id"],
        unique=True,
        postgresql_where=sa.text("status = 'active'"),
    )


def downgrade() -> None:
    op.drop_index("uq_placement_active_child", "placement")
    op.drop_constraint("fk_placement_child_id_person", "placement", type_="foreignkey")
    op.drop_column("placement", "in_education")
    op.drop_column("placement", "child_id")
    op.drop_constraint("fk_placement_provider_code_care_provider", "placement", type_="foreignkey")
    op.drop_table("care_provider")
    op.drop_index("ix_counselling_request_opened", "counselling_request")
    for column in ("version", "closed_by", "answered_by", "answered_at", "answer"):
        op.drop_column("counselling_request", column)
    op.execute("ALTER TABLE substitution DROP CONSTRAINT IF EXISTS ck_substitution_window")
    op.execute('ALTER TABLE substitution DROP CONSTRAINT IF EXISTS "window"')
    op.create_check_constraint("window", "substitution", "ends_at > starts_at")
    op.drop_column("substitution", "version")
    op.drop_column("substitution", "ended_early_by")
    op.drop_column("staff_member", "display_name")
    op.drop_index("ix_preliminary_assessment_queue", "preliminary_assessment")
    op.drop_column("preliminary_assessment", "child_name")
