"""What the start form offers: eligible departments grouped by kindergarten, with the kinds
each can take (a regular slot still free, or a regular observation to double-code)."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from analysis.semesters import semester_of

from ..form_input import column_int
from ..instruments import for_age_group
from ..models import Certification, Department, Kindergarten, Observation, User
from . import services


@dataclass(frozen=True)
class DepartmentChoice:
    department: Department
    instrument_id: str
    regular_taken: bool = False
    regular_observer: str | None = None
    mine_id: uuid.UUID | None = None  # the observer's own regular observation, to continue
    primary_id: uuid.UUID | None = None  # someone else's regular observation, to double-code


@dataclass
class KindergartenGroup:
    kindergarten: Kindergarten
    choices: list[DepartmentChoice] = field(default_factory=list)


def _regular_observations(session: Session, department_ids: list[int], semester: str) -> dict:
    """Return {department_id: (observation id, observer id, observer name)} for the semester."""
    if not department_ids:
        return {}
    rows = session.execute(
        select(Observation.department_id, Observation.id, User.id, User.name)
        .join(User, User.id == Observation.observer_id)
        .where(
            Observation.department_id.in_(department_ids),
            Observation.semester == semester,
            Observation.kind == "regular",
        )
    ).all()
    return {department_id: rest for department_id, *rest in rows}


def _choice(department: Department, regular: tuple | None, user: User) -> DepartmentChoice:
    instrument_id = for_age_group(department.age_group).id
    if regular is None:
        return DepartmentChoice(department, instrument_id)
    observation_id, observer_id, observer_name = regular
    mine = observer_id == user.id
    return DepartmentChoice(
        department,
        instrument_id,
        regular_taken=True,
        regular_observer=observer_name,
        mine_id=observation_id if mine else None,
        primary_id=None if mine else observation_id,
    )


def double_coding_departments(session: Session, user: User, day: date) -> list[Department]:
    """Departments with someone else's regular observation this semester that the user,
    certified for the age group, may double-code (never their own kindergarten)."""
    families = [
        c.family
        for c in session.scalars(select(Certification).where(Certification.user_id == user.id))
        if c.valid_on(day)
    ]
    query = (
        select(Department)
        .join(Department.kindergarten)
        .options(contains_eager(Department.kindergarten))
        .join(Observation, Observation.department_id == Department.id)
        .where(
            Department.active,
            Kindergarten.active,
            Department.age_group.in_(families),
            Observation.semester == semester_of(day),
            Observation.kind == "regular",
            Observation.observer_id != user.id,
        )
    )
    if user.home_kindergarten_id is not None:
        query = query.where(Department.kindergarten_id != user.home_kindergarten_id)
    return list(session.scalars(query).unique())


@dataclass(frozen=True)
class PlannedStart:
    """A planned visit to start (from My visits: ?visit=&department=&kind=), and its choice on
    the form; `choice` is None when the department cannot be started on this date."""

    visit_id: int
    department_id: int
    kind: str
    choice: DepartmentChoice | None

    @property
    def ready(self) -> bool:
        """Whether the form can start it: a double-coding needs the regular observation."""
        return self.choice is not None and (
            self.kind != "double_coding" or self.choice.primary_id is not None
        )


def planned_start(args, groups: list["KindergartenGroup"]) -> PlannedStart | None:
    """Return the planned visit asked for in the query string, or None."""
    visit_id = args.get("visit", type=column_int)
    department_id = args.get("department", type=column_int)
    kind = args.get("kind")
    if visit_id is None or department_id is None or kind not in ("regular", "double_coding"):
        return None
    choices = (c for g in groups for c in g.choices if c.department.id == department_id)
    return PlannedStart(visit_id, department_id, kind, next(choices, None))


def start_choices(session: Session, user: User, day: date) -> list[KindergartenGroup]:
    """Group the departments the user may start on `day` by kindergarten, with their options."""
    departments = {d.id: d for d in services.eligible_departments(session, user, day)}
    for department in double_coding_departments(session, user, day):
        departments.setdefault(department.id, department)
    regular = _regular_observations(session, list(departments), semester_of(day))
    groups: dict[int, KindergartenGroup] = {}
    for department in sorted(departments.values(), key=lambda d: (d.kindergarten.name, d.name)):
        group = groups.setdefault(
            department.kindergarten_id, KindergartenGroup(department.kindergarten)
        )
        group.choices.append(_choice(department, regular.get(department.id), user))
    return list(groups.values())
