"""a rebuildable cache of per-observation dimension means

Revision ID: 7c4e2b1d9f30
Revises: 5b1d0c7a9e21
Create Date: 2026-12-01 21:30:00

Every aggregate starts from each done observation's mean per dimension. Computing those from
the raw scores joins millions of scores through cycles to observations on the national set
(1.9 s on PostgreSQL for one domain over all semesters); reading them from this table does
not. The table is filled here from the existing scores and kept by the app afterwards (see
app/models/analysis_cache.py).

Indexes:
- (semester, instrument_id, code): the one-semester pages read one semester's rows;
- (instrument_id, code, kind): trends over all semesters read one domain's dimensions;
- (department_id): the foreign key, and department scopes (a director's kindergarten).
"""

import sqlalchemy as sa
from alembic import op

revision = "7c4e2b1d9f30"
down_revision = "5b1d0c7a9e21"
branch_labels = None
depends_on = None

# The bands of a single cycle score are fixed by CLASS: low 1–2, middle 3–5, high 6–7.
FILL = """
INSERT INTO observation_dimension_mean
    (observation_id, code, department_id, semester, instrument_id, kind,
     value, n_cycles, n_low, n_high)
SELECT o.id, s.dimension_code, o.department_id, o.semester, o.instrument_id, o.kind,
       AVG(CAST(s.value AS FLOAT)), COUNT(*),
       SUM(CASE WHEN s.value BETWEEN 1 AND 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN s.value BETWEEN 6 AND 7 THEN 1 ELSE 0 END)
FROM score s
JOIN cycle c ON c.id = s.cycle_id
JOIN observation o ON o.id = c.observation_id
WHERE o.status IN ('submitted', 'released')
GROUP BY o.id, s.dimension_code, o.department_id, o.semester, o.instrument_id, o.kind
"""


def upgrade() -> None:
    op.create_table(
        "observation_dimension_mean",
        sa.Column("observation_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("semester", sa.String(length=5), nullable=False),
        sa.Column("instrument_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=15), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("n_cycles", sa.Integer(), nullable=False),
        sa.Column("n_low", sa.Integer(), nullable=False),
        sa.Column("n_high", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "n_cycles >= 1 AND n_low >= 0 AND n_high >= 0 AND n_low + n_high <= n_cycles",
            name=op.f("ck_observation_dimension_mean_band_counts"),
        ),
        sa.CheckConstraint(
            "value BETWEEN 1 AND 7", name=op.f("ck_observation_dimension_mean_value_range")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_observation_dimension_mean_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observation.id"],
            name=op.f("fk_observation_dimension_mean_observation_id_observation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "observation_id", "code", name=op.f("pk_observation_dimension_mean")
        ),
    )
    with op.batch_alter_table("observation_dimension_mean", schema=None) as batch_op:
        batch_op.create_index(
            "ix_observation_dimension_mean_code", ["instrument_id", "code", "kind"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_observation_dimension_mean_department_id"),
            ["department_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_observation_dimension_mean_semester",
            ["semester", "instrument_id", "code"],
            unique=False,
        )
    op.execute(FILL)


def downgrade() -> None:
    op.drop_table("observation_dimension_mean")
