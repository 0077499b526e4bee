"""Group figures (DESIGN.md §5): the mean of department means, the SD between departments, the n,
and the low/middle/high shares, by any combination of pool, network, kindergarten, semester,
age group and instrument. All grouping runs in the database."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    FromClause,
    Select,
    Subquery,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from analysis.aggregate_order import group_order
from analysis.instruments import Instrument
from analysis.queries import (
    BANDS,
    GROUP_KEYS,
    NAME_TABLES,
    Level,
    band_counts,
    key_names,
    normalize_filters,
    observation_values,
    org_group_columns,
    tune_for_analysis,
    with_organisation,
)
from analysis.structure import Structure, structure_for

CANCELLATION_NOISE = 1e-13
# The columns after the group keys, in the order _row reads them.
DEPARTMENT_BANDS = tuple(f"dept_{band}" for band in BANDS)
CYCLE_BANDS = tuple(f"cycle_{band}" for band in BANDS)
FIGURES = ("code", "n_departments", "n_observations", "mean", "mean_of_squares",
           *DEPARTMENT_BANDS, "n_cycles", *CYCLE_BANDS)  # fmt: skip
__all__ = ["GROUP_KEYS", "AggregateRow", "Level", "aggregate", "sample_sd"]


@dataclass(frozen=True)
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
    # 10,000 of them, and every microsecond per row shows.
    width = len(keys)
    return [
        _row(dict(zip(keys, record[:width], strict=True)), level, min_group_size, record[width:])
        for record in session.execute(query)
    ]


def aggregate_query(
    structure: Structure,
    by: Sequence[str],
    level: Level,
    scope: Mapping[str, tuple],
    codes: Sequence[str] | None = None,
    dimensions: FromClause | None = None,
) -> Select:
    """Return the SELECT computing group figures: the group keys (key_names order), then
    FIGURES, sorted; one SQL statement.

    `dimensions` (see queries.observation_values) must hold exactly the `scope`.
    """
    figures = _group_figures(structure, by, level, scope, codes, dimensions)
    f = figures.c
    # Names join the few grouped rows, not the many department rows: cheaper than carrying
    # them through the GROUP BY, and one statement rather than a second query.
    source: FromClause = figures
    columns = []
    for name in key_names(by):
        if name in NAME_TABLES:
            names = NAME_TABLES[name].alias(f"{name}s")
            source = source.outerjoin(names, names.c.id == f[name.removesuffix("_name")])
            columns.append(names.c.name.label(name))
        else:
            columns.append(f[name])
    return (
        select(*columns, *[f[name] for name in FIGURES])
        .select_from(source)
        .order_by(*group_order(structure, by, f))
    )


def _group_figures(
    structure: Structure,
    by: Sequence[str],
    level: Level,
    scope: Mapping[str, tuple],
    codes: Sequence[str] | None,
    dimensions: FromClause | None,
) -> Subquery:
    """Return the figures per group (by ids) and code; three GROUP BY levels."""
    values = observation_values(level, scope, codes, dimensions)
    # One regular observation per department and semester (a unique index): with one
    # semester per group the department's value is its observation's, and a second
    # GROUP BY would only cost time.
    single = "semester" in by or len(scope.get("semester", ())) == 1
    departments = _department_values(values, by, single)
    d = departments.c
    keys = [d[name] for name in _sql_keys(by)]
    departments_per_band = band_counts(
        func.count(), lambda band: structure.band_of_mean(d.instrument_id, d.value, band), "dept_"
    )
    # PostgreSQL sums big integers as numeric (Decimal in Python): the casts keep them int.
    return (
        select(
            *keys,
            d.code,
            func.count().label("n_departments"),
            _integer(func.sum(d.n_observations)).label("n_observations"),
            func.avg(d.value).label("mean"),
            func.avg(d.value * d.value).label("mean_of_squares"),
            *departments_per_band,
            _integer(func.sum(d.n_cycles)).label("n_cycles"),
            *[_integer(func.sum(d[f"n_{band}"])).label(f"cycle_{band}") for band in BANDS],
        )
        .group_by(*keys, d.code)
        .subquery("group_figures")
    )


def _integer(total) -> ColumnElement[int]:
    return cast(total, BigInteger)


def _department_values(values: FromClause, by: Sequence[str], single: bool) -> Subquery:
    """One row per department, group and code: the department's mean over its observations."""
    v = values.c
    # Names are looked up afterwards: grouping by ids alone is cheaper than joining names.
    grouped = {k: c for k, c in org_group_columns(by).items() if k not in NAME_TABLES}
    if "semester" in by:
        grouped["semester"] = v.semester
    if "instrument" in by:
        grouped["instrument"] = v.instrument_id
    keys = [column.label(name) for name, column in grouped.items()]
    counts = ("n_cycles", "n_low", "n_mid", "n_high")
    if single:
        single_values = [v.value, literal(1).label("n_observations"), *[v[name] for name in counts]]
        return (
            select(*keys, v.department_id, v.instrument_id, v.code, *single_values)
            .select_from(with_organisation(values, v.department_id, networks=False))
            .subquery("department_values")
        )
    return (
        select(
            *keys,
            v.department_id,
            v.instrument_id,
            v.code,
            func.avg(cast(v.value, Float)).label("value"),
            func.count().label("n_observations"),
            *[func.sum(v[name]).label(name) for name in counts],
        )
        .select_from(with_organisation(values, v.department_id, networks=False))
        .group_by(*grouped.values(), v.department_id, v.instrument_id, v.code)
        .subquery("department_values")
    )


def _sql_keys(by: Sequence[str]) -> list[str]:
    return [name for name in key_names(by) if name not in NAME_TABLES]


def _row(group: dict, level: Level, min_group_size: int, figures: Sequence) -> AggregateRow:
    """Return the row of one group from its FIGURES, hidden when the group is too small."""
    code, n, n_observations, mean, mean_of_squares, *bands = figures
    if n < min_group_size:
        return AggregateRow(group, level, code, n, n_observations, None, None, None, None, True)
    dept_low, dept_mid, dept_high, n_cycles, cycle_low, cycle_mid, cycle_high = bands
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
