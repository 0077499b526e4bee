"""The rebuildable cache of per-observation dimension means (declared in analysis/schema.py,
written by analysis.dimension_means.refresh_dimension_means)."""

import uuid

from sqlalchemy.orm import Mapped

from analysis import schema

from .base import Base


class DimensionMean(Base):
    __table__ = schema.dimension_mean

    observation_id: Mapped[uuid.UUID]
    level: Mapped[str]
    code: Mapped[str]  # a dimension or a domain
    department_id: Mapped[int]
    semester: Mapped[str]
    instrument_id: Mapped[str]
    kind: Mapped[str]
    value: Mapped[float]  # the mean of the cycle scores (or dimensions)
    n_cycles: Mapped[int]
    n_low: Mapped[int]
    n_high: Mapped[int]
