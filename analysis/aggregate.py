"""Group figures (DESIGN.md §5): the mean of department means, the SD between departments, the n,
and the low/middle/high shares, by any combination of pool, network, kindergarten, semester,
age group and instrument. All grouping runs in the database."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Float, FromClause, Select, Subquery, cast, func, literal, select
from sqlalchemy.orm import Session

from analysis.instruments import Instrument
from analysis.queries import (
    BANDS,
    GROUP_KEYS,
    NAME_TABLES,
    Level,
    as_float,
    band_counts,
    key_names,
    names_of,
    normalize_filters,
    observation_values,
    org_group_columns,
    tune_for_analysis,
    with_organisation,
)
from analysis.semesters import semester_index as python_semester_index
from analysis.structure import Structure, structure_for

CANCELLATION_NOISE = 1e-13
DEPARTMENT_BANDS = tuple((band, f"dept_{band}") for band in BANDS)
CYCLE_BANDS = tuple((band, f"cycle_{band}") for band in BANDS)
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
    """Return one row per group and dimension (or domain), computed with SQL GROUP BY;
    `codes` limits the result (and the work) to some dimension or domain codes."""
    keys = key_names(by)  # also refuses unknown keys early
    scope = normalize_filters(filters)
    if instrument_id is not None:
        scope["instrument"] = (instrument_id,)
    structure = structure_for(instruments)
    query = aggregate_query(structure, by, level, scope, codes, dimensions)
    tune_for_analysis(session)
    # Plain dicts from plain tuples: much cheaper than SQLAlchemy's row mappings, on the
    # about 10,000 rows of the network comparison.
    result = session.execute(query)
    columns = tuple(result.keys())
    records = [dict(zip(columns, row, strict=True)) for row in result.all()]
    group_of = _grouper(session, records, keys)
    rows = [_row(r, group_of(r), level, min_group_size) for r in records]
    return sorted(rows, key=lambda row: _sort_key(row, keys, structure))


def aggregate_query(
    structure: Structure,
    by: Sequence[str],
    level: Level,
    scope: Mapping[str, tuple],
    codes: Sequence[str] | None = None,
    dimensions: FromClause | None = None,
) -> Select:
    """Return the SELECT computing group figures; one SQL statement, three GROUP BY levels.

    `dimensions` (see queries.observation_values) must hold exactly the `scope`.
    """
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
    return select(
        *keys,
        d.code,
        func.count().label("n_departments"),
        func.sum(d.n_observations).label("n_observations"),
        func.avg(d.value).label("mean"),
        func.avg(d.value * d.value).label("mean_of_squares"),
        *departments_per_band,
        func.sum(d.n_cycles).label("n_cycles"),
        *[func.sum(d[f"n_{band}"]).label(f"cycle_{band}") for band in BANDS],
    ).group_by(*keys, d.code)


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


def _grouper(session: Session, records: Sequence[Mapping], keys: list[str]):
    """Return record -> group dict; names of networks and kindergartens are looked up once
    (grouping by their ids alone is cheaper than carrying names through the GROUP BY)."""
    lookups = {
        name: names_of(session, name, {r[name.removesuffix("_name")] for r in records})
        for name in keys
        if name in NAME_TABLES
    }

    def group_of(record: Mapping) -> dict[str, object]:
        return {
            name: lookups[name].get(record[name.removesuffix("_name")])
            if name in lookups
            else record[name]
            for name in keys
        }

    return group_of


def _row(record: Mapping, group: dict, level: Level, min_group_size: int) -> AggregateRow:
    n = int(record["n_departments"])
    common = {
        "group": group,
        "level": level,
        "code": record["code"],
        "n_departments": n,
        "n_observations": int(record["n_observations"]),
    }
    if n < min_group_size:
        empty = dict.fromkeys(("mean", "sd", "shares", "cycle_shares"))
        return AggregateRow(**common, **empty, suppressed=True)
    n_cycles = int(record["n_cycles"])
    return AggregateRow(
        **common,
        mean=as_float(record["mean"]),
        sd=sample_sd(n, as_float(record["mean"]), as_float(record["mean_of_squares"])),
        shares={band: int(record[column]) / n for band, column in DEPARTMENT_BANDS},
        cycle_shares={band: int(record[column]) / n_cycles for band, column in CYCLE_BANDS},
        suppressed=False,
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


def _sort_key(row: AggregateRow, keys: list[str], structure: Structure) -> tuple:
    parts: list[object] = []
    for key in keys:
        value = row.group[key]
        if key == "semester":
            value = python_semester_index(str(value))
        parts.append((value is None, value if value is not None else 0))
    return (*parts, structure.code_position(row.code), row.code)
