"""The one SQL statement behind analysis.aggregate: department values, then group figures
(three GROUP BY levels at most), then names and order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    FromClause,
    Select,
    Subquery,
    cast,
    func,
    select,
)

from analysis.aggregate_order import group_order
from analysis.queries import (
    BANDS,
    NAME_TABLES,
    Level,
    band_counts,
    key_names,
    observation_values,
    org_group_columns,
    with_organisation,
)
from analysis.structure import Structure

# The columns after the group keys, in the order analysis.aggregate reads them.
DEPARTMENT_BANDS = tuple(f"dept_{band}" for band in BANDS)
CYCLE_BANDS = tuple(f"cycle_{band}" for band in BANDS)
FIGURES = ("code", "n_departments", "n_observations", "mean", "mean_of_squares",
           *DEPARTMENT_BANDS, "n_cycles", *CYCLE_BANDS)  # fmt: skip
CYCLE_COUNTS = ("n_cycles", "n_low", "n_high")  # per department; the middle band is the rest


def aggregate_query(
    structure: Structure,
    by: Sequence[str],
    level: Level,
    scope: Mapping[str, tuple],
    codes: Sequence[str] | None = None,
    dimensions: FromClause | None = None,
) -> Select:
    """Return the SELECT of group figures: the group keys (key_names order), then FIGURES,
    in group order.

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
    """Return the figures per group (by ids) and code."""
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
    n_observations = func.count() if single else _integer(func.sum(d.n_observations))
    n_cycles, cycle_low, cycle_high = (_integer(func.sum(d[name])) for name in CYCLE_COUNTS)
    return (
        select(
            *keys,
            d.code,
            func.count().label("n_departments"),
            n_observations.label("n_observations"),
            func.avg(d.value).label("mean"),
            func.avg(d.value * d.value).label("mean_of_squares"),
            *departments_per_band,
            n_cycles.label("n_cycles"),
            cycle_low.label("cycle_low"),
            (n_cycles - cycle_low - cycle_high).label("cycle_mid"),  # one SUM less per row
            cycle_high.label("cycle_high"),
        )
        .group_by(*keys, d.code)
        .subquery("group_figures")
    )


def _integer(total) -> ColumnElement[int]:
    return cast(total, BigInteger)


def _department_values(values: FromClause, by: Sequence[str], single: bool) -> Subquery:
    """One row per department, group and code: the department's mean over its observations,
    with its cycle scores in total and in the low and high bands (the middle is the rest)."""
    v = values.c
    # Names are joined last: grouping by ids alone is cheaper than carrying names along.
    grouped = {k: c for k, c in org_group_columns(by).items() if k not in NAME_TABLES}
    if "semester" in by:
        grouped["semester"] = v.semester
    if "instrument" in by:
        grouped["instrument"] = v.instrument_id
    keys = [column.label(name) for name, column in grouped.items()]
    organisation = with_organisation(values, v.department_id, networks=False)
    if single:
        single_values = [v.value, *[v[name] for name in CYCLE_COUNTS]]
        return (
            select(*keys, v.department_id, v.instrument_id, v.code, *single_values)
            .select_from(organisation)
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
            *[func.sum(v[name]).label(name) for name in CYCLE_COUNTS],
        )
        .select_from(organisation)
        .group_by(*grouped.values(), v.department_id, v.instrument_id, v.code)
        .subquery("department_values")
    )


def _sql_keys(by: Sequence[str]) -> list[str]:
    return [name for name in key_names(by) if name not in NAME_TABLES]
