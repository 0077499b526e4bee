"""Group figures (DESIGN.md §5): the mean of department means, the SD between departments, the n,
and the low/middle/high shares, by any combination of pool, network, kindergarten, semester,
age group and instrument. All grouping runs in the database."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import FromClause
from sqlalchemy.orm import Session

from analysis.aggregate_sql import aggregate_query
from analysis.instruments import Instrument
from analysis.queries import GROUP_KEYS, Level, key_names, normalize_filters, tune_for_analysis
from analysis.structure import structure_for

CANCELLATION_NOISE = 1e-13
__all__ = ["GROUP_KEYS", "AggregateRow", "Level", "aggregate", "sample_sd"]


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which was a
# third of the Python time of the network comparison's 9,500 rows. Treat rows as read-only.
@dataclass(slots=True)
class AggregateRow:
    group: dict[str, object]
    level: Level
    code: str
    n_departments: int
    n_observations: int
    mean: float | None  # mean of department means; None when suppressed
    sd: float | None  # sample SD between departments; None if n < 2 or suppressed
    shares: dict[str, float] | None  # share of departments by band of their mean
    cycle_shares: dict[str, float] | None  # share of cycle scores in each band
    suppressed: bool


def aggregate(
    session: Session,
    *,
    by: Sequence[str],
    level: Level = "dimension",
    instrument_id: str | None = None,
    filters: Mapping[str, object] | None = None,
    min_group_size: int = 0,
    instruments: Mapping[str, Instrument] | None = None,
    codes: Sequence[str] | None = None,
    dimensions: FromClause | None = None,
) -> list[AggregateRow]:
    """Return one row per group and dimension (or domain), computed with SQL GROUP BY, in
    group order and then instrument order; `codes` limits the result (and the work) to some
    dimension or domain codes."""
    keys = key_names(by)  # also refuses unknown keys early
    scope = normalize_filters(filters)
    if instrument_id is not None:
        scope["instrument"] = (instrument_id,)
    structure = structure_for(instruments)
    query = aggregate_query(structure, by, level, scope, codes, dimensions)
    tune_for_analysis(session)
    # Rows straight from the result tuples, by position: the network comparison has about
    # 10,000 of them, and every microsecond per row shows. The group keys come first, so zip
    # stops after them (strict=True costs half a microsecond a row).
    width = len(keys)
    return [
        _row(dict(zip(keys, record, strict=False)), level, min_group_size, record[width:])
        for record in session.execute(query).all()
    ]


def _row(group: dict, level: Level, min_group_size: int, figures: Sequence) -> AggregateRow:
    """Return the row of one group from its FIGURES, hidden when the group is too small."""
    (code, n, n_observations, mean, mean_of_squares, dept_low, dept_mid, dept_high,
     n_cycles, cycle_low, cycle_mid, cycle_high) = figures  # fmt: skip
    if n < min_group_size:
        return AggregateRow(group, level, code, n, n_observations, None, None, None, None, True)
    return AggregateRow(
        group,
        level,
        code,
        n,
        n_observations,
        mean,
        sample_sd(n, mean, mean_of_squares),
        {"low": dept_low / n, "mid": dept_mid / n, "high": dept_high / n},
        {"low": cycle_low / n_cycles, "mid": cycle_mid / n_cycles, "high": cycle_high / n_cycles},
        False,
    )


def sample_sd(n: int, mean: float | None, mean_of_squares: float | None) -> float | None:
    """Return the sample SD from n, AVG(x) and AVG(x²): sqrt(n/(n−1) · (AVG(x²) − AVG(x)²))."""
    if n < 2 or mean is None or mean_of_squares is None:
        return None
    variance = mean_of_squares - mean * mean
    # When every department has the same mean, cancellation leaves noise of about 1e-15
    # (even negative) instead of 0. Real variances of means of 1–7 scores are far larger.
    if variance < CANCELLATION_NOISE * max(mean_of_squares, 1.0):
        return 0.0
    return math.sqrt(variance * n / (n - 1))
