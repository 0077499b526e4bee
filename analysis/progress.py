"""Progress: change since the previous semester, since each department's first observation, and
"semesters in programme" (semester − pool start) so pools that started apart share one axis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Float, FromClause, case, cast, func, over, select
from sqlalchemy.orm import Session

from analysis.aggregate import AggregateRow, aggregate
from analysis.instruments import Instrument
from analysis.paired_change import PairedChange, paired_changes
from analysis.queries import (
    Level,
    as_float,
    key_names,
    normalize_filters,
    observation_values,
    org_group_columns,
    semester_index,
    with_organisation,
)
from analysis.schema import kindergarten, network, pool
from analysis.semesters import semester_index as python_semester_index

TREND_KEYS = ("pool", "network", "kindergarten")
CHANGE_KEYS = ("pool", "network", "kindergarten", "age_group")


@dataclass(frozen=True)
class TrendPoint:
    row: AggregateRow  # the group figures for this semester
    semesters_in_programme: int | None  # 0 in the pool's first semester; None without a pool
    # Paired (DESIGN.md §5): the mean change of the departments observed in this semester
    # and the one before; n_paired says how many they are.
    change_since_previous: float | None
    change_since_start: float | None  # mean − the mean of the group's first semester
    n_paired: int = 0


@dataclass(frozen=True)
class ChangeRow:
    group: dict[str, object]
    code: str
    n_departments: int  # departments observed in at least two semesters
    mean_first: float | None  # mean of each department's first value
    mean_latest: float | None  # mean of each department's latest value
    mean_change: float | None  # mean of (latest − first) per department
    suppressed: bool


def trends(
    session: Session,
    *,
    by: Sequence[str] = ("pool",),
    level: Level = "domain",
    instrument_id: str | None = None,
    filters: Mapping[str, object] | None = None,
    min_group_size: int = 0,
    instruments: Mapping[str, Instrument] | None = None,
    codes: Sequence[str] | None = None,
    dimensions: FromClause | None = None,
) -> list[TrendPoint]:
    """Return the group mean per semester with its changes and semesters in programme."""
    rows = aggregate(
        session,
        codes=codes,
        dimensions=dimensions,
        by=(*by, "semester"),
        level=level,
        instrument_id=instrument_id,
        filters=filters,
        min_group_size=min_group_size,
        instruments=instruments,
    )
    starts = programme_starts(session, by)
    paired = paired_changes(
        session, by=by, level=level, instrument_id=instrument_id, filters=filters,
        min_group_size=min_group_size, codes=codes,
    )  # fmt: skip
    series: dict[tuple, list[AggregateRow]] = {}
    for row in rows:
        group = tuple((k, v) for k, v in row.group.items() if k != "semester")
        series.setdefault((group, row.code), []).append(row)
    points = []
    for (group, _code), items in series.items():
        start = next((starts[item] for item in group if item in starts), None)
        points.extend(_points(items, start, paired))
    return points


def programme_starts(session: Session, by: Sequence[str]) -> dict[tuple[str, object], str]:
    """Return the first semester of the pool behind each pool, network or kindergarten in `by`."""
    sources = {
        "pool": (pool.c.number, pool),
        "network": (network.c.id, network.join(pool, pool.c.id == network.c.pool_id)),
        "kindergarten": (
            kindergarten.c.id,
            kindergarten.join(pool, pool.c.id == kindergarten.c.pool_id),
        ),
    }
    starts: dict[tuple[str, object], str] = {}
    for name in (key for key in TREND_KEYS if key in by):
        column, source = sources[name]
        query = select(column, pool.c.first_semester).select_from(source)
        starts.update({(name, key): first for key, first in session.execute(query)})
    return starts


def _points(
    rows: list[AggregateRow], start: str | None, paired: dict[tuple, PairedChange]
) -> list[TrendPoint]:
    by_index = {python_semester_index(str(r.group["semester"])): r for r in rows}
    first = min(by_index)
    points = []
    for index, row in sorted(by_index.items()):
        in_programme = None if start is None else index - python_semester_index(start)
        group = tuple((k, v) for k, v in row.group.items() if k != "semester")
        pairs = paired.get((group, row.group["semester"], row.code))
        points.append(
            TrendPoint(
                row,
                in_programme,
                pairs.mean_change if pairs and not row.suppressed else None,
                _difference(row, by_index[first]) if index != first else None,
                pairs.n_pairs if pairs else 0,
            )
        )
    return points


def _difference(row: AggregateRow, earlier: AggregateRow | None) -> float | None:
    if earlier is None or row.mean is None or earlier.mean is None:
        return None
    return row.mean - earlier.mean


def department_changes(
    session: Session,
    *,
    by: Sequence[str] = ("pool",),
    level: Level = "domain",
    instrument_id: str | None = None,
    filters: Mapping[str, object] | None = None,
    min_group_size: int = 0,
    as_of: str | None = None,
    instruments: Mapping[str, Instrument] | None = None,  # noqa: ARG001
    codes: Sequence[str] | None = None,
) -> list[ChangeRow]:
    """Return, per group, the mean change of each department since its first observation.

    `instruments` is accepted so the dashboard can call this and `trends` alike; the
    per-observation values come from the cache, which needs no instrument structure.
    """
    names = key_names(by, CHANGE_KEYS)
    scope = normalize_filters(filters)
    scope.pop("semester", None)  # "since the first observation" spans every semester
    if instrument_id is not None:
        scope["instrument"] = (instrument_id,)
    values = observation_values(level, scope, codes)
    firsts = _first_and_latest(values, as_of)
    per_department = firsts.c
    columns = org_group_columns(by, CHANGE_KEYS)
    keys = [column.label(name) for name, column in columns.items()]
    query = (
        select(
            *keys,
            per_department.code,
            func.count(),
            func.avg(per_department.first_value),
            func.avg(per_department.latest_value),
            func.avg(per_department.latest_value - per_department.first_value),
        )
        .select_from(with_organisation(firsts, per_department.department_id))
        .group_by(*columns.values(), per_department.code)
    )
    return [_change_row(record, names, min_group_size) for record in session.execute(query)]


def _first_and_latest(values, as_of: str | None):
    """One row per department and code: its value in its first and in its latest semester."""
    v = values.c
    index = semester_index(v.semester)
    window = {"partition_by": (v.department_id, v.instrument_id, v.code)}
    ranked = select(
        v.department_id,
        v.instrument_id,
        v.code,
        cast(v.value, Float).label("value"),
        index.label("index"),
        over(func.min(index), **window).label("first_index"),
        over(func.max(index), **window).label("latest_index"),
    )
    if as_of is not None:
        ranked = ranked.where(index <= python_semester_index(as_of))
    r = ranked.subquery("ranked").c
    return (
        select(
            r.department_id,
            r.code,
            func.sum(case((r.index == r.first_index, r.value), else_=0.0)).label("first_value"),
            func.sum(case((r.index == r.latest_index, r.value), else_=0.0)).label("latest_value"),
        )
        .group_by(r.department_id, r.instrument_id, r.code)
        .having(func.count() >= 2)
        .subquery("first_and_latest")
    )


def _change_row(record, names: list[str], min_group_size: int) -> ChangeRow:
    *group_values, code, n, first, latest, change = record
    group = dict(zip(names, group_values, strict=True))
    if n < min_group_size:
        return ChangeRow(group, code, n, None, None, None, True)
    return ChangeRow(group, code, n, as_float(first), as_float(latest), as_float(change), False)
