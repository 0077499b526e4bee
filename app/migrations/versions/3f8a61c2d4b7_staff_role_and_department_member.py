"""the staff role; department_leader becomes department_member

Revision ID: 3f8a61c2d4b7
Revises: 7c4e2b1d9f30
Create Date: 2026-12-05 09:30:00

Staff (ansatte) sign in to write practice narratives and read their department's released
reports, so `staff` becomes a role code and the user_role CHECK accepts it. Staff belong to
departments as pedagogical leaders do, so the leaders' table becomes the membership of both,
named for what it now holds. The rules still pair a membership with the role: a staff member
does not lead the department they belong to.

The table is recreated (create, copy, drop) rather than renamed: one path on both databases,
and the primary key, foreign keys and the new department index get the names the declaration
gives them, which a rename would leave behind on PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

revision = "3f8a61c2d4b7"
down_revision = "7c4e2b1d9f30"
branch_labels = None
depends_on = None

# Frozen here, not imported: a migration keeps the values of its own day.
ROLES_BEFORE = "role IN ('observer', 'pedagogical_leader', 'director', 'mentor', 'project_lead')"
ROLES_AFTER = (
    "role IN ('observer', 'pedagogical_leader', 'director', 'mentor', 'staff', 'project_lead')"
)


def upgrade() -> None:
    _replace_role_check(ROLES_AFTER)
    _create_membership("department_member")
    op.execute(
        "INSERT INTO department_member (user_id, department_id)"
        " SELECT user_id, department_id FROM department_leader"
    )
    op.drop_table("department_leader")


def downgrade() -> None:
    _create_membership("department_leader", index=False)
    # Staff memberships and staff roles have no place in the older schema.
    op.execute(
        "INSERT INTO department_leader (user_id, department_id)"
        " SELECT user_id, department_id FROM department_member WHERE user_id IN"
        " (SELECT user_id FROM user_role WHERE role = 'pedagogical_leader')"
    )
    op.drop_table("department_member")
    op.execute("DELETE FROM user_role WHERE role = 'staff'")
    _replace_role_check(ROLES_BEFORE)


def _replace_role_check(condition: str) -> None:
    with op.batch_alter_table("user_role", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_role_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_role_role"), condition)


def _create_membership(name: str, *, index: bool = True) -> None:
    op.create_table(
        name,
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f(f"fk_{name}_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f(f"fk_{name}_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "department_id", name=op.f(f"pk_{name}")),
    )
    if index:
        op.create_index(op.f(f"ix_{name}_department_id"), name, ["department_id"])
