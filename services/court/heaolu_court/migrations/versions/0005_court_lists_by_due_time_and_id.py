"""court lists by due time and id: KLAT opinion requests and Brussels IIb requests and tasks

The lists page by ``(due_at, id)``: a municipality's KLAT requests, SKA's requests of every
municipality by status, SKA's Brussels IIb requests and a municipality's Brussels IIb tasks.
Their indexes led with the status, the opening time or the assignment time, so a page read every
matching row and sorted it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_klat_opinion_request_status_due", table_name="klat_opinion_request")
    op.create_index(
        "ix_klat_opinion_request_status_due", "klat_opinion_request", ["status", "due_at", "id"]
    )
    op.create_index(
        "ix_klat_opinion_request_municipality_due",
        "klat_opinion_request",
        ["municipality", "due_at", "id"],
    )
    op.drop_index("ix_brussels_request_opened", table_name="brussels_request")
    op.create_index("ix_brussels_request_due", "brussels_request", ["due_at", "id"])
    op.drop_index("ix_brussels_task_municipality_assigned", table_name="brussels_task")
    op.create_index(
        "ix_brussels_task_municipality_due", "brussels_task", ["municipality", "due_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_brussels_task_municipality_due", table_name="brussels_task")
    op.create_index(
        "ix_brussels_task_municipality_assigned", "brussels_task", ["municipality", "assigned_at"]
    )
    op.drop_index("ix_brussels_request_due", table_name="brussels_request")
    op.create_index("ix_brussels_request_opened", "brussels_request", ["opened_at"])
    op.drop_index("ix_klat_opinion_request_municipality_due", table_name="klat_opinion_request")
    op.drop_index("ix_klat_opinion_request_status_due", table_name="klat_opinion_request")
    op.create_index(
        "ix_klat_opinion_request_status_due", "klat_opinion_request", ["status", "due_at"]
    )
