"""reminders: what was sent to whom, and the kinds a person turned off

Revision ID: c5d18e7f2a41
Revises: 6f8d69205c28
Create Date: 2026-12-06 02:45:00

Reminders by e-mail (issue 18 §3): `reminders send` records each reminder it sends, keyed by
person, kind and subject, so that a second run sends nothing twice; a person's preferences
turn a kind off.
"""

import sqlalchemy as sa
from alembic import op

from analysis.schema_columns import UTCDateTime

revision = "c5d18e7f2a41"
down_revision = "6f8d69205c28"
branch_labels = None
depends_on = None

# The kinds as they were at this revision (a migration does not follow later code).
REMINDER_KINDS = (
    "certification_expiring_60",
    "certification_expiring_14",
    "visit_soon",
    "visit_overdue",
    "double_coding_assigned",
    "report_released",
    "narrative_due",
    "narratives_handed_in",
    "department_flagged",
    "agreement_drift",
    "certification_lapsed",
)
KIND_CHECK = f"kind IN {REMINDER_KINDS}"


def upgrade() -> None:
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject_key", sa.String(length=80), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(KIND_CHECK, name=op.f("ck_reminder_sent_kind")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_reminder_sent_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_sent")),
        sa.UniqueConstraint("user_id", "kind", "subject_key", name="once_per_subject"),
    )
    op.create_table(
        "reminder_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.CheckConstraint(KIND_CHECK, name=op.f("ck_reminder_preference_kind")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_reminder_preference_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_reminder_preference")),
    )


def downgrade() -> None:
    op.drop_table("reminder_preference")
    op.drop_table("reminder_sent")
