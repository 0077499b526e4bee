"""guidance loop: dimension plans, narratives, meetings and follow-up cases

Revision ID: a911370961a3
Revises: b4c7e1f2a903
Create Date: 2026-12-06 01:21:05.517389

The monthly dimension plan (a programme default and each kindergarten's months), guidance
meetings, and follow-up cases with their goals and check-ins. The earlier `follow_up` and
`practice_narrative` tables had no page and no rows; they are replaced, not altered: a case's
goals and check-ins become tables of their own, so the database keeps their integrity.
"""

import sqlalchemy as sa
from alembic import op

from analysis.schema_columns import UTCDateTime

revision = "a911370961a3"
down_revision = "b4c7e1f2a903"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dimension_plan_default",
        sa.Column("month_number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dimension_code", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "month_number BETWEEN 1 AND 12 AND month_number <> 7",
            name=op.f("ck_dimension_plan_default_school_month"),
        ),
        sa.PrimaryKeyConstraint("month_number", name=op.f("pk_dimension_plan_default")),
    )
    op.create_table(
        "dimension_plan_month",
        sa.Column("kindergarten_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("dimension_code", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "length(month) = 7 AND substr(month, 6, 2) <> '07'",
            name=op.f("ck_dimension_plan_month_school_month"),
        ),
        sa.ForeignKeyConstraint(
            ["kindergarten_id"],
            ["kindergarten.id"],
            name=op.f("fk_dimension_plan_month_kindergarten_id_kindergarten"),
        ),
        sa.PrimaryKeyConstraint("kindergarten_id", "month", name=op.f("pk_dimension_plan_month")),
    )
    op.create_table(
        "follow_up_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("semester", sa.String(length=5), nullable=False),
        sa.Column("flag_rule", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("agreed_with_director_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(status = 'closed') = (closed_at IS NOT NULL AND outcome IS NOT NULL)",
            name=op.f("ck_follow_up_case_closed_has_outcome"),
        ),
        sa.CheckConstraint(
            "flag_rule IN ('negative_climate', 'low_support', 'drop', 'bottom_decile')",
            name=op.f("ck_follow_up_case_flag_rule"),
        ),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_follow_up_case_status")),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_follow_up_case_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["user.id"], name=op.f("fk_follow_up_case_opened_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_case")),
    )
    with op.batch_alter_table("follow_up_case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_case_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            "uq_follow_up_case_open_per_department",
            ["department_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "guidance_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kindergarten_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("led_by_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("dimension_code", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'department_meeting') = (department_id IS NOT NULL)",
            name=op.f("ck_guidance_meeting_department_meeting_has_department"),
        ),
        sa.CheckConstraint(
            "kind IN ('leaders_meeting', 'director_meeting', 'department_meeting', 'network_meeting')",
            name=op.f("ck_guidance_meeting_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_guidance_meeting_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["kindergarten_id"],
            ["kindergarten.id"],
            name=op.f("fk_guidance_meeting_kindergarten_id_kindergarten"),
        ),
        sa.ForeignKeyConstraint(
            ["led_by_id"], ["user.id"], name=op.f("fk_guidance_meeting_led_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_guidance_meeting_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidance_meeting")),
    )
    with op.batch_alter_table("guidance_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guidance_meeting_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guidance_meeting_kindergarten_id"), ["kindergarten_id"], unique=False
        )
        batch_op.create_index(
            "ix_guidance_meeting_kindergarten_month", ["kindergarten_id", "month"], unique=False
        )

    op.create_table(
        "follow_up_check_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"], ["user.id"], name=op.f("fk_follow_up_check_in_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["follow_up_case.id"],
            name=op.f("fk_follow_up_check_in_case_id_follow_up_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_check_in")),
    )
    with op.batch_alter_table("follow_up_check_in", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_check_in_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "follow_up_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("dimension_code", sa.String(length=10), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.CheckConstraint("target BETWEEN 1 AND 7", name=op.f("ck_follow_up_goal_target_range")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["follow_up_case.id"],
            name=op.f("fk_follow_up_goal_case_id_follow_up_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_goal")),
        sa.UniqueConstraint("case_id", "dimension_code", name=op.f("uq_follow_up_goal_case_id")),
    )
    with op.batch_alter_table("follow_up_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_goal_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_department_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_mentor_id"))

    op.drop_table("follow_up")
    op.drop_table("practice_narrative")
    _create_narrative()


def downgrade() -> None:
    op.drop_table("practice_narrative")
    _create_old_narrative()
    op.create_table(
        "follow_up",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("department_id", sa.INTEGER(), nullable=False),
        sa.Column("mentor_id", sa.INTEGER(), nullable=False),
        sa.Column("semester", sa.VARCHAR(length=5), nullable=False),
        sa.Column("reason", sa.TEXT(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("check_ins", sa.JSON(), nullable=False),
        sa.Column("status", sa.VARCHAR(length=10), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_follow_up_status")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_follow_up_department_id_department")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["user.id"], name=op.f("fk_follow_up_mentor_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_up_department_id"), ["department_id"], unique=False
        )

    with op.batch_alter_table("follow_up_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_goal_case_id"))

    op.drop_table("follow_up_goal")
    with op.batch_alter_table("follow_up_check_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_check_in_case_id"))

    op.drop_table("follow_up_check_in")
    with op.batch_alter_table("guidance_meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_guidance_meeting_kindergarten_month")
        batch_op.drop_index(batch_op.f("ix_guidance_meeting_kindergarten_id"))
        batch_op.drop_index(batch_op.f("ix_guidance_meeting_department_id"))

    op.drop_table("guidance_meeting")
    with op.batch_alter_table("follow_up_case", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_follow_up_case_open_per_department",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_follow_up_case_department_id"))

    op.drop_table("follow_up_case")
    op.drop_table("dimension_plan_month")
    op.drop_table("dimension_plan_default")


def _create_narrative() -> None:
    op.create_table(
        "practice_narrative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("for_meeting", sa.String(length=20), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("dimension_code", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("handed_in_at", UTCDateTime(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("discussed_at", UTCDateTime(), nullable=True),
        sa.Column("discussed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "for_meeting IN ('leaders_meeting', 'department_meeting')",
            name=op.f("ck_practice_narrative_for_meeting"),
        ),
        sa.CheckConstraint("length(month) = 7", name=op.f("ck_practice_narrative_month_format")),
        sa.CheckConstraint(
            "(discussed_at IS NULL) = (discussed_by_id IS NULL)",
            name=op.f("ck_practice_narrative_discussed_by_matches_at"),
        ),
        sa.CheckConstraint(
            "(discussed_at IS NULL AND meeting_id IS NULL) OR handed_in_at IS NOT NULL",
            name=op.f("ck_practice_narrative_discussed_after_hand_in"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_practice_narrative_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_practice_narrative_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["guidance_meeting.id"],
            name=op.f("fk_practice_narrative_meeting_id_guidance_meeting"),
        ),
        sa.ForeignKeyConstraint(
            ["discussed_by_id"],
            ["user.id"],
            name=op.f("fk_practice_narrative_discussed_by_id_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_narrative")),
        sa.UniqueConstraint(
            "author_id", "month", "for_meeting", name=op.f("uq_practice_narrative_author_id")
        ),
    )
    with op.batch_alter_table("practice_narrative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_narrative_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_practice_narrative_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_practice_narrative_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            "ix_practice_narrative_department_month", ["department_id", "month"], unique=False
        )


def _create_old_narrative() -> None:
    op.create_table(
        "practice_narrative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("dimension_code", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("length(month) = 7", name=op.f("ck_practice_narrative_month_format")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_practice_narrative_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_practice_narrative_department_id_department"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_narrative")),
    )
    with op.batch_alter_table("practice_narrative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_narrative_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_practice_narrative_department_id"), ["department_id"], unique=False
        )
