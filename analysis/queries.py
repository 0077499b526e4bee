"""Shared SQL building blocks: scope filters and per-observation dimension and domain values.

Every figure in analysis/ starts from `observation_values()`: one row per observation and
dimension (or domain) with the mean over its cycles and the count of cycle scores per band.
The database does the grouping; Python only ever sees these grouped rows or fewer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Literal

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    Subquery,
    TableClause,
    case,
    cast,
    column,
    func,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from analysis.schema import department, dimension_mean, kindergarten, network, observation, pool
from analysis.semesters import semester_index as python_semester_index
from analysis.structure import Structure

Level = Literal["dimension", "domain"]
LEVELS: tuple[Level, ...] = ("dimension", "domain")
DONE_STATUSES = ("submitted", "released")
GROUP_KEYS = ("pool", "network", "kindergarten", "semester", "age_group", "instrument")
FILTER_KEYS = (*GROUP_KEYS, "department_ids")
BANDS = ("low", "mid", "high")


def semester_index(column) -> ColumnElement[int]:
    """Return year * 2 (+1 for H) of a 'YYYYV'/'YYYYH' column; text order puts H before V."""
    year = cast(func.substr(column, 1, 4), Integer)
    return year * 2 + case((func.substr(column, 5, 1) == "H", 1), else_=0)


def normalize_filters(filters: Mapping[str, object] | None) -> dict[str, tuple]:
    """Return the filters as tuples of values; refuse unknown keys so typos do not widen a scope."""
    result: dict[str, tuple] = {}
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise ValueError(f"Unknown filter {key!r}; use one of {', '.join(FILTER_KEYS)}.")
        if value is None:
            continue
        is_many = isinstance(value, Iterable) and not isinstance(value, str | bytes)
        result[key] = tuple(value) if is_many else (value,)
    return result


def department_scope(filters: Mapping[str, tuple]) -> Select | None:
    """Return SELECT department.id for the organisational filters, or None when there are none."""
    conditions = _org_conditions(filters)
    if not conditions:
        return None
    return (
        select(department.c.id)
        .join(kindergarten, kindergarten.c.id == department.c.kindergarten_id)
        .join(pool, pool.c.id == kindergarten.c.pool_id)
        .where(*conditions)
    )


def org_columns() -> dict[str, ColumnElement]:
    """Return the organisational columns a group key or filter refers to."""
    return {
        "pool": pool.c.number,
        "network": kindergarten.c.network_id,
        "network_name": network.c.name,
        "kindergarten": kindergarten.c.id,
        "kindergarten_name": kindergarten.c.name,
        "age_group": department.c.age_group,
        "department_ids": department.c.id,
    }


def key_names(by: Sequence[str], allowed: Sequence[str] = GROUP_KEYS) -> list[str]:
    """Return the output keys of a grouping in canonical order; networks and kindergartens
    bring their names along."""
    unknown = [key for key in by if key not in allowed]
    if unknown or isinstance(by, str):
        raise ValueError(f"Unknown grouping {by!r}; use any of {', '.join(allowed)}.")
    names: list[str] = []
    for key in allowed:
        if key in by:
            names.append(key)
            if key in ("network", "kindergarten"):
                names.append(f"{key}_name")
    return names


def org_group_columns(by: Sequence[str], allowed: Sequence[str] = GROUP_KEYS) -> dict:
    """Return the organisational SQL column of each output key of a grouping."""
    columns = org_columns()
    return {name: columns[name] for name in key_names(by, allowed) if name in columns}


def with_organisation(values, department_id, joined: bool = False, networks: bool = True) -> object:
    """Join rows carrying a department id to department, kindergarten, pool and (for its
    name) network; `joined` says the department table is already part of `values`."""
    start = values if joined else values.join(department, department.c.id == department_id)
    org = start.join(kindergarten, kindergarten.c.id == department.c.kindergarten_id).join(
        pool, pool.c.id == kindergarten.c.pool_id
    )
    return org.outerjoin(network, network.c.id == kindergarten.c.network_id) if networks else org


NAME_TABLES = {"network_name": network, "kindergarten_name": kindergarten}


def _org_conditions(filters: Mapping[str, tuple]) -> list[ColumnElement[bool]]:
    columns = org_columns()
    return [columns[key].in_(values) for key, values in filters.items() if key in columns]


def observation_conditions(
    filters: Mapping[str, tuple],
    kinds: Sequence[str] = ("regular",),
    source: FromClause = observation,
) -> list[ColumnElement[bool]]:
    """Return WHERE conditions on observations: done, of these kinds, inside the filters.

    `source` is the observation table, or the dimension-mean cache, which holds done
    observations only and so has no status to check.
    """
    o = source.c
    # "kind = 'regular'", not "kind IN ('regular')": only the equality lets SQLite use the
    # partial index on regular observations, and then it drives the join from observations.
    conditions = [o.kind == kinds[0] if len(kinds) == 1 else o.kind.in_(kinds)]
    if "status" in o:
        conditions.append(o.status.in_(DONE_STATUSES))
    if "semester" in filters:
        conditions.append(o.semester.in_(filters["semester"]))
    if "instrument" in filters:
        conditions.append(o.instrument_id.in_(filters["instrument"]))
    scope = department_scope(filters)
    if scope is not None:
        conditions.append(o.department_id.in_(scope))
    return conditions


def dimension_values(
    filters: Mapping[str, tuple], codes: Sequence[str] | None = None, level: Level = "dimension"
) -> Subquery:
    """One row per regular observation and dimension (or domain): the mean over cycles, and
    the cycle scores per band.

    The rows come from the cache (analysis/dimension_means.py), which holds exactly these
    figures computed from the raw scores, at both levels. `codes` limits the dimensions or
    domains read, which saves most of the work when a page needs one.
    """
    m = dimension_mean.c
    conditions = [m.level == level, *observation_conditions(filters, source=dimension_mean)]
    if codes is not None:
        conditions.append(m.code.in_(codes))
    return (
        select(
            m.observation_id,
            m.department_id,
            m.semester,
            m.instrument_id,
            m.code,
            m.value,
            m.n_cycles,
            m.n_low,
            (m.n_cycles - m.n_low - m.n_high).label("n_mid"),
            m.n_high,
        )
        .where(*conditions)
        .subquery(f"{level}_values")
    )


def band_counts(total, one_if_in: Callable[[str], ColumnElement], prefix: str) -> list:
    """Return SUM(CASE …) for the low and high bands, and the middle band as the rest:
    one CASE less per row, on the hottest rows of every query."""
    low = func.sum(one_if_in("low"))
    high = func.sum(one_if_in("high"))
    return [low.label(f"{prefix}low"), (total - low - high).label(f"{prefix}mid"),
            high.label(f"{prefix}high")]  # fmt: skip


def domain_values(structure: Structure, dimensions: FromClause) -> Subquery:
    """One row per observation and domain: the mean of its dimensions, reverse ones as 8 − x."""
    d = dimensions.c
    reverse = structure.is_reverse(d.instrument_id, d.code)
    carried = ["kind"] if "kind" in d else []  # when filling the cache
    # A reverse dimension's low cycle scores are good ones: its low and high counts swap.
    tagged = select(
        d.observation_id,
        d.department_id,
        d.semester,
        d.instrument_id,
        *[d[name] for name in carried],
        structure.domain_of(d.instrument_id, d.code).label("code"),
        structure.goodness(d.instrument_id, d.code, d.value).label("value"),
        d.n_cycles,
        case((reverse, d.n_high), else_=d.n_low).label("n_low"),
        d.n_mid,
        case((reverse, d.n_low), else_=d.n_high).label("n_high"),
    ).subquery("tagged")
    t = tagged.c
    keys = (t.observation_id, t.department_id, t.semester, t.instrument_id,
            *[t[name] for name in carried], t.code)  # fmt: skip
    return (
        select(
            *keys,
            func.avg(t.value).label("value"),
            *[func.sum(column).label(column.name) for column in (t.n_cycles, t.n_low, t.n_mid)],
            func.sum(t.n_high).label("n_high"),
        )
        .group_by(*keys)
        # A domain counts only when every one of its dimensions was scored; codes outside
        # any domain have no size and drop out here too.
        .having(func.count() == structure.domain_size(t.instrument_id, t.code))
        .subquery("domain_values")
    )


def observation_values(
    level: Level,
    filters: Mapping[str, tuple],
    codes: Sequence[str] | None = None,
    dimensions: FromClause | None = None,
) -> FromClause:
    """Return per-observation values at the dimension or the domain level (only `codes`).

    `dimensions` is an already materialized `dimension_values()` for these filters, used at
    the dimension level; domain values always come from the cache's own domain rows.
    """
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}; use 'dimension' or 'domain'.")
    if level == "dimension" and dimensions is not None:
        return dimensions
    return dimension_values(filters, codes, level)


@contextmanager
def materialized(session: Session, query: Subquery, name: str) -> Iterator[TableClause]:
    """Store a query's rows in a temporary table for this connection; drop it afterwards."""
    bind = session.connection()
    sql = query.element.compile(bind, compile_kwargs={"literal_binds": True})
    bind.execute(text(f"CREATE TEMPORARY TABLE {name} AS {sql}"))
    try:
        yield table(name, *[column(c.name, c.type) for c in query.c])
    finally:
        bind.execute(text(f"DROP TABLE {name}"))


def observed_semesters(session: Session, filters: Mapping[str, tuple]) -> list[str]:
    """Return the semesters with done regular observations inside the filters, oldest first."""
    query = select(observation.c.semester).where(*observation_conditions(filters)).distinct()
    return sorted(session.scalars(query), key=python_semester_index)


def tune_for_analysis(session: Session) -> None:
    """Tune PostgreSQL for this transaction's analysis queries; SQLite needs nothing.

    - No JIT: compiling costs more than it saves on these short GROUP BYs.
    - A plan for the actual values each time: psycopg prepares a statement run five times on
      one connection, and after five more runs PostgreSQL may switch to a generic plan. Not
      knowing the semester, that plan guesses a fifth of the rows and sorts them on disk
      instead of hashing them in memory, which slows the network comparison markedly.
      Planning anew costs far less; benchmarks/aggregates.py times these queries.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('jit', 'off', true), "
                 "set_config('plan_cache_mode', 'force_custom_plan', true)")
        )  # fmt: skip


def as_float(value) -> float | None:
    """Return a database number as float (PostgreSQL may hand back Decimal)."""
    return None if value is None else float(value)
