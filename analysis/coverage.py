"""Coverage: per semester and group, how many departments are observed, in draft or not started."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from analysis.instruments import Instrument
from analysis.queries import (
    DONE_STATUSES,
    key_names,
    normalize_filters,
    org_columns,
    org_group_columns,
    semester_index,
    with_organisation,
)
from analysis.schema import department, observation, pool
from analysis.semesters import semester_index as python_semester_index
from analysis.structure import structure_for

COVERAGE_KEYS = ("pool", "network", "kindergarten", "age_group")
# DESIGN.md §5: a semester with fewer than 80 % of the group's departments observed is incomplete.
COMPLETE_PERCENT = 80


@dataclass(frozen=True)
class CoverageRow:
    group: dict[str, object]
    semester: str
    departments: int  # departments in the programme that semester
    observed: int  # regular observation submitted or released
    draft: int
    not_started: int

    @property
    def incomplete(self) -> bool:
        """Whether fewer than 80 % of the departments are observed (compared in integers)."""
        return self.observed * 100 < COMPLETE_PERCENT * self.departments


def coverage(
    session: Session,
    *,
    semesters: Sequence[str],
    by: Sequence[str] = ("pool",),
    filters: Mapping[str, object] | None = None,
    instruments: Mapping[str, Instrument] | None = None,
) -> list[CoverageRow]:
    """Return coverage per semester and group; one GROUP BY query per semester."""
    key_names(by, COVERAGE_KEYS)
    scope = normalize_filters(filters)
    if "instrument" in scope:
        # Coverage counts departments, so an instrument stands for the age group it serves.
        served = structure_for(instruments).age_groups
        scope["age_group"] = tuple(served.get(i, "") for i in scope.pop("instrument"))
    rows: list[CoverageRow] = []
    for semester in sorted(set(semesters), key=python_semester_index):
        rows.extend(_one_semester(session, semester, by, scope))
    return rows


def _one_semester(
    session: Session, semester: str, by: Sequence[str], scope: Mapping[str, tuple]
) -> list[CoverageRow]:
    keys = org_group_columns(by, COVERAGE_KEYS)
    o = observation.c
    done = func.sum(case((o.status.in_(DONE_STATUSES), 1), else_=0))
    draft = func.sum(case((o.status == "draft", 1), else_=0))
    # At most one regular observation per department and semester, so the join cannot fan out.
    observed = department.outerjoin(
        observation,
        and_(o.department_id == department.c.id, o.kind == "regular", o.semester == semester),
    )
    query = (
        select(*keys.values(), func.count(department.c.id), done, draft)
        .select_from(with_organisation(observed, department.c.id, joined=True))
        .where(
            semester_index(pool.c.first_semester) <= python_semester_index(semester),
            # A closed department still counts in the semesters it was observed.
            or_(department.c.active.is_(True), o.id.is_not(None)),
            *_scope_conditions(scope, semester),
        )
        .group_by(*keys.values())
    )
    result = []
    for record in session.execute(query):
        *group_values, n, n_done, n_draft = record
        n_done, n_draft = int(n_done or 0), int(n_draft or 0)
        group = dict(zip(keys, group_values, strict=True))
        result.append(CoverageRow(group, semester, n, n_done, n_draft, n - n_done - n_draft))
    return sorted(result, key=lambda row: tuple(str(v) for v in row.group.values()))


def _scope_conditions(scope: Mapping[str, tuple], semester: str) -> list:
    columns = org_columns()
    conditions = [columns[key].in_(values) for key, values in scope.items() if key in columns]
    if "semester" in scope and semester not in scope["semester"]:
        conditions.append(false())
    return conditions
