"""Each department's standing this semester, for the homes you act from (mentor, director):
not started, planned, in progress, observed, report released, report read; its latest
report; and its follow-up flags.

One SQL query reads every department of the block (this semester's regular observation, its
feedback, the next planned visit and the latest released report as joins and correlated
subqueries), and the follow-up rules run once for the whole block, so a mentor with many
departments costs the same few queries as a director with three.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from flask import g
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, aliased

from analysis.followup import FollowUpItem, follow_up
from analysis.semesters import semester_of

from ..follow_up_flags import thresholds
from ..instruments import versions
from ..models import Department, Feedback, Observation, Visit
from ..permissions import Subject, visible

# In the order a department moves through a semester.
STATUSES = ("not_started", "planned", "in_progress", "observed", "released", "acknowledged")


@dataclass(frozen=True)
class DepartmentLine:
    department_id: int
    name: str
    kindergarten_id: int
    age_group: str
    status: str  # one of STATUSES
    planned_on: date | None  # the next kept visit of a published plan the user may see
    report_id: uuid.UUID | None  # the newest released report (this semester's, once out)
    report_semester: str | None
    flags: list[str] = field(default_factory=list)  # follow-up rules hit, most severe first

    @property
    def started(self) -> bool:
        return STATUSES.index(self.status) >= STATUSES.index("in_progress")


def _status(observation_status: str | None, acknowledged: bool, planned: bool) -> str:
    if observation_status is None:
        return "planned" if planned else "not_started"
    if observation_status == "released":
        return "acknowledged" if acknowledged else "released"
    return "observed" if observation_status == "submitted" else "in_progress"


def _planned_on(user: Subject, today: date):
    """The next kept visit of the department the user may see (none for a mentor)."""
    return (
        select(func.min(Visit.planned_on))
        .where(
            Visit.department_id == Department.id,
            Visit.kind == "regular",
            Visit.status == "planned",
            Visit.planned_on >= today,
            visible(user, "visits.view"),
        )
        .scalar_subquery()
    )


def _latest_report():
    """The id of the department's newest released regular observation."""
    latest = aliased(Observation)
    return (
        select(latest.id)
        .where(
            latest.department_id == Department.id,
            latest.kind == "regular",
            latest.status == "released",
        )
        .order_by(latest.observed_on.desc())
        .limit(1)
        .scalar_subquery()
    )


def department_lines(
    session: Session, user: Subject, departments: ColumnElement[bool], today: date
) -> list[DepartmentLine]:
    """The departments matching `departments` (active, or observed this semester) with their
    standing this semester, ordered by kindergarten and name; flags added by `with_flags`."""
    this, latest = aliased(Observation), aliased(Observation)
    this_semester = (this.department_id == Department.id) & (this.semester == semester_of(today))
    rows = session.execute(
        select(
            Department.id.label("department_id"),
            Department.name,
            Department.kindergarten_id,
            Department.age_group,
            this.status.label("observation_status"),
            Feedback.acknowledged_at,
            _planned_on(user, today).label("planned_on"),
            latest.id.label("report_id"),
            latest.semester.label("report_semester"),
        )
        .outerjoin(this, and_(this_semester, this.kind == "regular"))
        .outerjoin(Feedback, Feedback.observation_id == this.id)
        .outerjoin(latest, latest.id == _latest_report())
        .where(departments, Department.active.is_(True) | this.id.is_not(None))
        .order_by(Department.kindergarten_id, Department.name)
    ).mappings()
    return [_line(row) for row in rows]


def _line(row) -> DepartmentLine:
    status = _status(
        row["observation_status"], row["acknowledged_at"] is not None, row["planned_on"] is not None
    )
    keys = ("department_id", "name", "kindergarten_id", "age_group", "planned_on", "report_id",
            "report_semester")  # fmt: skip
    return DepartmentLine(status=status, **{key: row[key] for key in keys})


def with_flags(
    session: Session, lines: list[DepartmentLine], filters: dict[str, object]
) -> list[DepartmentLine]:
    """Add each department's follow-up rules (analysis/followup.py, as the follow-up list
    judges them by default: as of the latest observed semester inside `filters`)."""
    rules = {item.department_id: item.rules for item in flagged_once(session, filters)}
    for line in lines:
        line.flags.extend(rules.get(line.department_id, ()))
    return lines


def flagged_once(session: Session, filters: dict[str, object]) -> list[FollowUpItem]:
    """The follow-up list inside `filters`, computed once per request: it ranks every
    department of the programme, which is the dearest query of a home page."""
    key = tuple(sorted((name, _as_tuple(value)) for name, value in filters.items()))
    memo = g.setdefault("follow_up_by_scope", {})
    if key not in memo:
        memo[key] = follow_up(
            session, filters=filters, instruments=versions(), thresholds=thresholds()
        )
    return memo[key]


def _as_tuple(value: object) -> tuple:
    return tuple(sorted(value)) if isinstance(value, list | tuple | set) else (value,)


def counts(lines: list[DepartmentLine]) -> dict[str, int]:
    """How many of `lines` stand at each status, and how many are flagged."""
    result = {status: 0 for status in STATUSES}
    for line in lines:
        result[line.status] += 1
    result["flagged"] = sum(1 for line in lines if line.flags)
    result["total"] = len(lines)
    return result
