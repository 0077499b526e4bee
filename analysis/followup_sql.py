"""The SQL of the follow-up flags (analysis/followup.py has the rules in words): the
departments' domain means in the as-of semester and the two before, ranked within their
instrument, semester and domain by CUME_DIST over every department observed, whatever the
viewer's scope; then each department in scope on its latest observed semester."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import Float, Numeric, and_, cast, func, or_, select

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


def _latest_per_department(ranked_domains, scope: Mapping[str, tuple], end: int):
    """Each department in scope with its latest observed semester in [end − LOOK_BACK, end]."""
    r = ranked_domains.c
    conditions = [r.index >= end - LOOK_BACK]
    departments = department_scope(scope)
    if departments is not None:
        conditions.append(r.department_id.in_(departments))
    if "instrument" in scope:
        conditions.append(r.instrument_id.in_(scope["instrument"]))
    return (
        select(r.department_id, func.max(r.index).label("index"))
        .where(*conditions)
        .group_by(r.department_id)
        .cte("latest")
    )


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
    ranked_domains = _ranked_domains(end)
    r = ranked_domains.c
    inside = r.share <= t.bottom_share + EPSILON
    cutoffs = (
        select(r.instrument_id, r.semester, r.code, func.max(r.value).label("cutoff"))
        .where(inside)
        .group_by(r.instrument_id, r.semester, r.code)
        .cte("bottom_cutoffs")
    )
    latest = _latest_per_department(ranked_domains, scope, end)
    now, before, cut = ranked_domains.alias("now"), ranked_domains.alias("before"), cutoffs.c
    n, b = now.c, before.c
    low_support = and_(n.code.in_(SUPPORT_DOMAINS), n.value < t.support_below - EPSILON)
    dropped = b.value - n.value >= t.drop - EPSILON
    bottom = and_(n.share <= t.bottom_share + EPSILON, b.share <= t.bottom_share + EPSILON)
    joined = (
        now.join(latest, and_(latest.c.department_id == n.department_id,
                              n.index == latest.c.index))
        .outerjoin(before, and_(b.department_id == n.department_id, b.code == n.code,
                                b.instrument_id == n.instrument_id, b.index == n.index - 1))
        .outerjoin(cutoffs, and_(cut.instrument_id == n.instrument_id,
                                 cut.semester == n.semester, cut.code == n.code))
    )  # fmt: skip
    return (
        select(
            n.department_id,
            *_organisation_columns(),
            n.instrument_id,
            n.semester,
            n.code,
            n.value,
            b.semester.label("previous_semester"),
            b.value.label("previous_value"),
            cut.cutoff,
            low_support.label("low_support"),
            dropped.label("drop"),
            bottom.label("bottom_decile"),
        )  # fmt: skip
        .select_from(with_organisation(joined, n.department_id))
        .where(or_(low_support, dropped, bottom))
        .order_by(n.department_id, n.code)
    )


def climate_query(structure: Structure, scope: Mapping[str, tuple], end: int, t: Thresholds):
    """One row per department in scope whose raw Negative Climate mean in its latest
    semester reaches the threshold."""
    reverse = sorted({facts.code for facts in structure.dimensions if facts.reverse})
    latest = _latest_per_department(_ranked_domains(end), scope, end)
    climate = dimension_values(_window(end), codes=reverse)
    c = climate.c
    value = cast(c.value, Float)
    return (
        select(
            c.department_id,
            *_organisation_columns(),
            c.instrument_id,
            c.semester,
            c.code,
            value.label("value"),
        )  # fmt: skip
        .select_from(
            with_organisation(
                climate.join(
                    latest,
                    and_(
                        latest.c.department_id == c.department_id,
                        semester_index(c.semester) == latest.c.index,
                    ),
                ),
                c.department_id,
            )
        )  # fmt: skip
        .where(value >= t.negative_climate_from - EPSILON)
        .order_by(c.department_id, c.code)
    )
