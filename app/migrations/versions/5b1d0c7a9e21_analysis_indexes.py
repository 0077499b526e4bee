"""indexes for the programme analysis

Revision ID: 5b1d0c7a9e21
Revises: ea907c05af1f
Create Date: 2026-11-23 19:30:00

score (cycle_id, dimension_code, value): a covering index. Every aggregate starts from the
mean of each observation's cycle scores per dimension; with the value in the index, SQLite
and PostgreSQL (index-only scans) read the scores without touching the table.
"""

from alembic import op

revision = "5b1d0c7a9e21"
down_revision = "ea907c05af1f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.create_index(
            "ix_score_cycle_id_dimension_code_value",
            ["cycle_id", "dimension_code", "value"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_index("ix_score_cycle_id_dimension_code_value")
