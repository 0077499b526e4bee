"""Paired change (DESIGN.md §5 "Change"): a group's change since the previous semester is the
mean of (this semester − the semester before) over the departments observed in both, with that n.

Comparing two group means would compare different departments whenever a semester is part-done
(the demo's pool 1 showed −0.139 where the same departments changed by −0.004). One window
pass and one GROUP BY.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Float, cast, func, over, select
from sqlalchemy.orm import Session

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

PAIRED_KEYS = ("pool", "network", "kindergarten", "age_group", "instrument")


@dataclass(frozen=True, slots=True)
class PairedChange:
    n_pairs: int  # departments observed in this semester and the one before
    mean_change: float | None  # None when suppressed


def paired_changes(
    session: Session,
    *,
    by: Sequence[str] = ("pool",),
    level: Level = "domain",
    instrument_id: str | None = None,
    filters: Mapping[str, object] | None = None,
    min_group_size: int = 0,
    codes: Sequence[str] | None = None,
) -> dict[tuple, PairedChange]:
    """Return {(group, semester, code): PairedChange}; `group` is the ((key, value), …) pairs
    of key_names(by), as in AggregateRow.group without the semester.

    A semester filter names the later semesters of the pairs; the earlier ones are read too.
    """
    names = key_names(by, PAIRED_KEYS)
    scope = normalize_filters(filters)
    later_semesters = scope.pop("semester", None)
    if instrument_id is not None:
        scope["instrument"] = (instrument_id,)
    # One pass with a window (the previous observed semester of each department), not a
    # self-join: at national scale SQLite would join the two derived tables row by row.
    v = observation_values(level, scope, codes).c
    index = semester_index(v.semester)
    window = {"partition_by": (v.department_id, v.instrument_id, v.code), "order_by": index}
    ranked = select(
        v.department_id, v.instrument_id, v.code, v.semester, index.label("position"),
        cast(v.value, Float).label("value"),
        over(func.lag(cast(v.value, Float)), **window).label("before"),
        over(func.lag(index), **window).label("before_position"),
    ).subquery("ranked")  # fmt: skip
    r = ranked.c
    columns = org_group_columns(by, PAIRED_KEYS)
    if "instrument" in by:
        columns["instrument"] = r.instrument_id
    query = (
        select(*columns.values(), r.semester, r.code, func.count(), func.avg(r.value - r.before))
        .select_from(with_organisation(ranked, r.department_id))
        .where(r.before_position == r.position - 1)
        .group_by(*columns.values(), r.semester, r.code)
    )
    if later_semesters:
        query = query.where(r.semester.in_(later_semesters))
    result = {}
    for *group, semester, code, n, change in session.execute(query):
        values = dict(zip(columns, group, strict=True))
        key = (tuple((name, values[name]) for name in names), semester, code)
        shown = n >= min_group_size
        result[key] = PairedChange(int(n), as_float(change) if shown else None)
    return result
