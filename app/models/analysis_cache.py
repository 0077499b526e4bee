"""A rebuildable cache of per-observation dimension means (DESIGN.md §3: derived figures are
computed from raw data, or kept in a cache that is rebuilt from it).

Every programme figure starts from the mean of an observation's cycle scores per dimension.
At national scale computing those means from the raw scores is most of each dashboard query
(a join of millions of scores through cycles to observations), so they are kept here: one row
per done observation (submitted or released) and dimension, and one per complete domain
(the mean of its dimensions, Negative Climate as 8 − x), written by
`analysis.dimension_means.refresh_dimension_means` when an observation is submitted, reopened
or bulk-loaded, and rebuilt from scratch by `flask analysis rebuild-cache`. Drafts have no
rows. The columns copied from the observation never change once it is submitted.
"""

import uuid

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class DimensionMean(Base):
    __tablename__ = "observation_dimension_mean"
    __table_args__ = (
        CheckConstraint("level IN ('dimension', 'domain')", name="level"),
        CheckConstraint("value BETWEEN 1 AND 7", name="value_range"),
        CheckConstraint(
            "n_cycles >= 1 AND n_low >= 0 AND n_high >= 0 AND n_low + n_high <= n_cycles",
            name="band_counts",
        ),
        # One semester's figures (the overview, the networks): read that semester's rows only.
        Index(
            "ix_observation_dimension_mean_semester", "semester", "level", "instrument_id", "code"
        ),
        # Trends over every semester read one domain's or one dimension's rows only.
        Index("ix_observation_dimension_mean_code", "level", "instrument_id", "code", "kind"),
    )

    observation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True)  # a dimension or a domain
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    semester: Mapped[str] = mapped_column(String(5))
    instrument_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(15))
    value: Mapped[float] = mapped_column(Float)  # the mean of the cycle scores (or dimensions)
    n_cycles: Mapped[int] = mapped_column(Integer)
    # Cycle scores in the low (1–2) and high (6–7) band; in a domain, Negative Climate's low
    # scores count as high ones and the other way round.
    n_low: Mapped[int] = mapped_column(Integer)
    n_high: Mapped[int] = mapped_column(Integer)
