"""The SQL of the follow-up flags (analysis/followup.py has the rules in words): the
departments' domain means in the as-of semester and the two before, ranked within their
instrument, semester and domain by CUME_DIST over every department observed, whatever the
viewer's scope; then each department in scope on its latest observed semester."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import Float, Numeric, and_, case, cast, func, or_, select

from analysis.queries import department_scope, dimension_values, semester_index, with_organisation
from analysis.schema import department, kindergarten, network, pool
from analysis.semesters import Semester
from analysis.structure import EPSILON, Structure

if TYPE_CHECKING:
    from analysis.followup import Thresholds

# The emotional/behavioural support domain of each instrument (Pre-K: ES, Toddler: EBS).
SUPPORT_DOMAINS = ("ES", "EBS")
FIRST_INDEX = Semester(1000, "V").index
# A department not observed in the as-of semester is judged on the semester before, if any:
# early in a semester most departments are not observed yet, and they still need following up.
LOOK_BACK = 1


def _window(end: int) -> dict[str, tuple]:
    """The semesters the rules read: the as-of semester and the two before it."""
    first = max(end - 2, FIRST_INDEX)  # the year 1000 has no semester before it
    return {"semester": tuple(str(Semester.from_index(i)) for i in range(first, end + 1))}


def _ranked_domains(end: int):
    """Every department's domain means in the window, with CUME_DIST within its instrument,
    semester and domain: over all departments, whatever the viewer's scope."""
    d = dimension_values(_window(end), level="domain").c
    value = cast(d.value, Float)
    # Equal means must tie, but sums of thirds added in another order differ in the last
    # bits: rank on the mean rounded to nine decimals (as NUMERIC: PostgreSQL rounds no
    # double precision to a number of places).
    share = func.cume_dist().over(
        partition_by=(d.instrument_id, d.semester, d.code),
        order_by=func.round(cast(d.value, Numeric), 9),
    )
    return select(
        d.department_id, d.instrument_id, d.semester, semester_index(d.semester).label("index"),
        d.code, value.label("value"), share.label("share"),
    ).cte("ranked_domains")  # fmt: skip


def _latest_index(department_id, instrument_id, index, scope: Mapping[str, tuple], end: int):
    """Each department's latest observed semester in [end − LOOK_BACK, end], as a window over
    its own rows (a join to a grouped CTE made SQLite scan it once per row: 40 s nationally)."""
    recent = index >= end - LOOK_BACK
    if "instrument" in scope:
        recent = and_(recent, instrument_id.in_(scope["instrument"]))
    return func.max(case((recent, index))).over(partition_by=department_id)


def _with_history(ranked_domains, scope: Mapping[str, tuple], end: int, t: Thresholds):
    """The ranked rows with the department's latest index, the same domain's row of the
    semester before (LAG over the department's own rows; paired only when it is exactly the
    semester before) and the highest mean inside the bottom share of its partition."""
    r = ranked_domains.c
    own = {"partition_by": (r.department_id, r.instrument_id, r.code), "order_by": r.index}
    inside = r.share <= t.bottom_share + EPSILON
    return select(
        r.department_id, r.instrument_id, r.semester, r.index, r.code, r.value, r.share,
        _latest_index(r.department_id, r.instrument_id, r.index, scope, end).label("latest"),
        func.lag(r.index).over(**own).label("previous_index"),
        func.lag(r.semester).over(**own).label("previous_semester"),
        func.lag(r.value).over(**own).label("previous_value"),
        func.lag(r.share).over(**own).label("previous_share"),
        func.max(case((inside, r.value))).over(
            partition_by=(r.instrument_id, r.semester, r.code)).label("cutoff"),
    ).subquery("history")  # fmt: skip


def _in_scope(department_id, scope: Mapping[str, tuple]) -> list:
    departments = department_scope(scope)
    return [] if departments is None else [department_id.in_(departments)]


def _organisation_columns():
    return (
        department.c.name.label("department"),
        kindergarten.c.id.label("kindergarten_id"),
        kindergarten.c.name.label("kindergarten"),
        network.c.id.label("network_id"),
        network.c.name.label("network"),
        pool.c.number.label("pool"),
    )


def domain_query(scope: Mapping[str, tuple], end: int, t: Thresholds):
    """One row per department in scope and domain that hits low_support, drop or
    bottom_decile in the department's latest semester."""
    history = _with_history(_ranked_domains(end), scope, end, t)
    n = history.c
    paired = n.previous_index == n.index - 1
    low_support = and_(n.code.in_(SUPPORT_DOMAINS), n.value < t.support_below - EPSILON)
    dropped = and_(paired, n.previous_value - n.value >= t.drop - EPSILON)
    bottom = and_(paired, n.share <= t.bottom_share + EPSILON,
                  n.previous_share <= t.bottom_share + EPSILON)  # fmt: skip
    previous = case((paired, n.previous_semester))
    return (
        select(
            n.department_id,
            *_organisation_columns(),
            n.instrument_id,
            n.semester,
            n.code,
            n.value,
            previous.label("previous_semester"),
            case((paired, n.previous_value)).label("previous_value"),
            n.cutoff,
            low_support.label("low_support"),
            dropped.label("drop"),
            bottom.label("bottom_decile"),
        )  # fmt: skip
        .select_from(with_organisation(history, n.department_id))
        .where(
            n.index == n.latest,
            or_(low_support, dropped, bottom),
            *_in_scope(n.department_id, scope),
        )  # fmt: skip
        .order_by(n.department_id, n.code)
    )


def climate_query(structure: Structure, scope: Mapping[str, tuple], end: int, t: Thresholds):
    """One row per department in scope whose raw Negative Climate mean in its latest
    semester reaches the threshold (the latest semester of its own rows: every complete
    observation has Negative Climate and its domains alike)."""
    reverse = sorted({facts.code for facts in structure.dimensions if facts.reverse})
    climate = dimension_values(_window(end), codes=reverse).c
    index = semester_index(climate.semester)
    rows = select(
        climate.department_id, climate.instrument_id, climate.semester, climate.code,
        cast(climate.value, Float).label("value"), index.label("index"),
        _latest_index(climate.department_id, climate.instrument_id, index, scope, end).label(
            "latest"),
    ).subquery("climate")  # fmt: skip
    c = rows.c
    return (
        select(
            c.department_id,
            *_organisation_columns(),
            c.instrument_id,
            c.semester,
            c.code,
            c.value,
        )  # fmt: skip
        .select_from(with_organisation(rows, c.department_id))
        .where(
            c.index == c.latest,
            c.value >= t.negative_climate_from - EPSILON,
            *_in_scope(c.department_id, scope),
        )  # fmt: skip
        .order_by(c.department_id, c.code)
    )
