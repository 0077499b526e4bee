"""a rebuildable cache of per-observation dimension means

Revision ID: 7c4e2b1d9f30
Revises: 5b1d0c7a9e21
Create Date: 2026-12-01 21:30:00

Every aggregate starts from each done observation's mean per dimension or domain. Computing
those from the raw scores joins millions of scores through cycles to observations on the
national set (1.9 s on PostgreSQL for one domain over all semesters); reading them from this
table does not. The table is filled here from the existing scores and kept by the app
afterwards (see app/models/analysis_cache.py).

Indexes:
- (semester, level, instrument_id, code): the one-semester pages read one semester's rows;
- (level, instrument_id, code, kind): trends over all semesters read one code's rows;
- (department_id): the foreign key, and department scopes (a director's kindergarten).
"""

import sqlalchemy as sa
from alembic import op

revision = "7c4e2b1d9f30"
down_revision = "5b1d0c7a9e21"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        "observation_dimension_mean",
        sa.Column("observation_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
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
            "level IN ('dimension', 'domain')", name=op.f("ck_observation_dimension_mean_level")
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
            "observation_id", "level", "code", name=op.f("pk_observation_dimension_mean")
        ),
    )
    with op.batch_alter_table("observation_dimension_mean", schema=None) as batch_op:
        batch_op.create_index(
            "ix_observation_dimension_mean_code",
            ["level", "instrument_id", "code", "kind"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_observation_dimension_mean_department_id"),
            ["department_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_observation_dimension_mean_semester",
            ["semester", "level", "instrument_id", "code"],
            unique=False,
        )
    _fill_from_existing_scores()


def _fill_from_existing_scores() -> None:
    """Fill the cache as the app keeps it. A cache follows the current rules (the repository's
    instruments), so this calls the live code rather than freezing a copy of it here."""
    from sqlalchemy.orm import Session

    from analysis.dimension_means import refresh_dimension_means

    refresh_dimension_means(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_table("observation_dimension_mean")
