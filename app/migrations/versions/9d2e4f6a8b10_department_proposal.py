"""department_proposal: a director proposes a new department or a deactivation

Revision ID: 9d2e4f6a8b10
Revises: 3f8a61c2d4b7
Create Date: 2026-12-05 10:00:00

A director keeps their own kindergarten current but does not change its departments alone: they
propose a new department or a deactivation, and the project lead confirms or declines it.
"""

import sqlalchemy as sa
from alembic import op

from analysis.schema_columns import UTCDateTime

revision = "9d2e4f6a8b10"
down_revision = "3f8a61c2d4b7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kindergarten_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("age_group", sa.String(length=10), nullable=True),
        sa.Column("children_count", sa.Integer(), nullable=True),
        sa.Column("staff_count", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('new', 'deactivate')", name=op.f("ck_department_proposal_kind")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'declined')",
            name=op.f("ck_department_proposal_status"),
        ),
        sa.CheckConstraint(
            "age_group IN ('toddler', 'preschool')", name=op.f("ck_department_proposal_age_group")
        ),
        sa.CheckConstraint(
            "kind = 'new' OR department_id IS NOT NULL",
            name=op.f("ck_department_proposal_deactivation_names_one"),
        ),
        sa.CheckConstraint(
            "kind = 'deactivate' OR (name IS NOT NULL AND age_group IS NOT NULL"
            " AND children_count >= 0 AND staff_count >= 0)",
            name=op.f("ck_department_proposal_new_is_complete"),
        ),
        sa.CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)",
            name=op.f("ck_department_proposal_decided_at_matches_status"),
        ),
        sa.ForeignKeyConstraint(
            ["kindergarten_id"],
            ["kindergarten.id"],
            name=op.f("fk_department_proposal_kindergarten_id_kindergarten"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_department_proposal_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["user.id"], name=op.f("fk_department_proposal_proposed_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["user.id"], name=op.f("fk_department_proposal_decided_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department_proposal")),
    )
    with op.batch_alter_table("department_proposal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_department_proposal_kindergarten_id"), ["kindergarten_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_department_proposal_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index("ix_department_proposal_status", ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("department_proposal")
