"""semester_plan, visit and calendar_feed: the semester plan and an observer's calendar link

Revision ID: b4c7e1f2a903
Revises: 9d2e4f6a8b10
Create Date: 2026-12-05 12:51:20

A semester plan gives every active department one regular visit (an observer, a planned day),
and some a double-coding visit on the same day. The database keeps the rules it can: one kept
regular visit per department in a plan, one kept visit per observer a day.
"""

import sqlalchemy as sa
from alembic import op

from analysis.schema_columns import UTCDateTime

revision = "b4c7e1f2a903"
down_revision = "9d2e4f6a8b10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "semester_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("semester", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("double_coding_share", sa.Float(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "(status = 'published') = (published_at IS NOT NULL)",
            name=op.f("ck_semester_plan_published_at_matches_status"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published')", name=op.f("ck_semester_plan_status")
        ),
        sa.CheckConstraint(
            "double_coding_share BETWEEN 0 AND 0.3", name=op.f("ck_semester_plan_share_range")
        ),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_semester_plan_window_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_semester_plan")),
        sa.UniqueConstraint("semester", name=op.f("uq_semester_plan_semester")),
    )
    op.create_table(
        "calendar_feed",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_calendar_feed_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feed")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feed_token_hash")),
    )
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("observer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=15), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("regular_visit_id", sa.Integer(), nullable=True),
        sa.Column("observation_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(kind = 'double_coding') = (regular_visit_id IS NOT NULL)",
            name=op.f("ck_visit_double_coding_has_regular"),
        ),
        sa.CheckConstraint(
            "(status = 'cancelled') = (cancel_reason IS NOT NULL)",
            name=op.f("ck_visit_cancel_reason_matches_status"),
        ),
        sa.CheckConstraint("kind IN ('regular', 'double_coding')", name=op.f("ck_visit_kind")),
        sa.CheckConstraint(
            "status IN ('planned', 'cancelled') OR observation_id IS NOT NULL",
            name=op.f("ck_visit_started_has_observation"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'started', 'done', 'cancelled')", name=op.f("ck_visit_status")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_visit_department_id_department")
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"], ["observation.id"], name=op.f("fk_visit_observation_id_observation")
        ),
        sa.ForeignKeyConstraint(
            ["observer_id"], ["user.id"], name=op.f("fk_visit_observer_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["semester_plan.id"],
            name=op.f("fk_visit_plan_id_semester_plan"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["regular_visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_regular_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sa.UniqueConstraint("observation_id", name=op.f("uq_visit_observation_id")),
    )
    op.create_index(op.f("ix_visit_department_id"), "visit", ["department_id"], unique=False)
    op.create_index(op.f("ix_visit_observer_id"), "visit", ["observer_id"], unique=False)
    op.create_index(op.f("ix_visit_plan_id"), "visit", ["plan_id"], unique=False)
    op.create_index(op.f("ix_visit_regular_visit_id"), "visit", ["regular_visit_id"], unique=False)
    op.create_index(
        "uq_visit_observer_per_day",
        "visit",
        ["observer_id", "planned_on"],
        unique=True,
        sqlite_where=sa.text("status <> 'cancelled'"),
        postgresql_where=sa.text("status <> 'cancelled'"),
    )
    op.create_index(
        "uq_visit_regular_per_plan",
        "visit",
        ["plan_id", "department_id"],
        unique=True,
        sqlite_where=sa.text("kind = 'regular' AND status <> 'cancelled'"),
        postgresql_where=sa.text("kind = 'regular' AND status <> 'cancelled'"),
    )


def downgrade() -> None:
    op.drop_table("visit")
    op.drop_table("calendar_feed")
    op.drop_table("semester_plan")
