"""Narrow a query to the rows a user may see: the same rules as `may()`, written as SQL.

`restrict(select(Observation), user, "reports.view")` keeps only the reports the user may
read, so a list never loads what its reader may not see. tests/web/test_permission_queries.py
checks that each narrowing agrees with `may()` row by row.
"""

from collections.abc import Callable

from sqlalchemy import ColumnElement, Select, false, or_, select, true

from ..models import (
    Department,
    Kindergarten,
    Network,
    Observation,
    SemesterPlan,
    User,
    UserRole,
    Visit,
)
from .rules import REPORTABLE
from .subject import Subject


def _in_departments(user: Subject, department_id) -> ColumnElement[bool]:
    """The departments the user reads as their leader, staff member, director or mentor."""
    clauses = []
    members = not user.roles.isdisjoint(("pedagogical_leader", "staff"))
    if members and user.department_ids:
        clauses.append(department_id.in_(user.department_ids))
    if "director" in user.roles and user.home_kindergarten_id is not None:
        directed = select(Department.id).where(
            Department.kindergarten_id == user.home_kindergarten_id
        )
        clauses.append(department_id.in_(directed))
    if "mentor" in user.roles and user.network_ids:
        mentored = (
            select(Department.id)
            .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
            .where(Kindergarten.network_id.in_(user.network_ids))
        )
        clauses.append(department_id.in_(mentored))
    return or_(false(), *clauses)


def _observations_seen(user: Subject) -> ColumnElement[bool]:
    if "project_lead" in user.roles:
        return true()
    return Observation.observer_id == user.id


def _reports_seen(user: Subject) -> ColumnElement[bool]:
    report = (Observation.kind == "regular") & Observation.status.in_(REPORTABLE)
    if "project_lead" in user.roles:
        return report
    own = Observation.observer_id == user.id if "observer" in user.roles else false()
    released = (Observation.status == "released") & _in_departments(user, Observation.department_id)
    return report & or_(own, released)


def _departments_seen(user: Subject) -> ColumnElement[bool]:
    if "project_lead" in user.roles:
        return true()
    return _in_departments(user, Department.id)


def _networks_mentored(user: Subject) -> ColumnElement[bool]:
    if "mentor" not in user.roles:
        return false()
    return Network.id.in_(user.network_ids)


def _visits_seen(user: Subject) -> ColumnElement[bool]:
    if "project_lead" in user.roles:
        return true()
    published = Visit.plan_id.in_(select(SemesterPlan.id).where(SemesterPlan.status == "published"))
    own = Visit.observer_id == user.id if "observer" in user.roles else false()
    directed = false()
    if "director" in user.roles and user.home_kindergarten_id is not None:
        directed = Visit.department_id.in_(
            select(Department.id).where(Department.kindergarten_id == user.home_kindergarten_id)
        )
    return published & or_(own, directed)


WHERE: dict[str, Callable[[Subject], ColumnElement[bool]]] = {
    "observation.view": _observations_seen,  # rows of Observation
    "reports.view": _reports_seen,  # rows of Observation
    "reports.department": _departments_seen,  # rows of Department
    "home.mentor": _networks_mentored,  # rows of Network: the mentor's own
    "visits.view": _visits_seen,  # rows of Visit: the same rule as may(…, "visits.view", visit)
}


def visible(user: Subject, action: str) -> ColumnElement[bool]:
    """Return the where-clause of the rows `user` may `action` (nothing for a signed-out user)."""
    if not getattr(user, "is_authenticated", False) or not user.active:
        return false()
    return WHERE[action](user)


def restrict(query: Select, user: Subject, action: str) -> Select:
    """Return `query` narrowed to the rows `user` may `action`."""
    return query.where(visible(user, action))


# Duties in the roster and the role each needs: who may be chosen as a network's mentor.
DUTY_ROLES = {
    "network.mentor": "mentor",
    "observation.perform": "observer",  # and so must hold a valid certification
    # Who can have led a guidance meeting (app/guidance/meetings.py): the kindergarten's
    # director any meeting, a department's pedagogical leader its department meeting.
    "meeting.lead": "director",
    "meeting.lead_department": "pedagogical_leader",
}


def holds_role(role: str) -> ColumnElement[bool]:
    """Return the where-clause of the active users (rows of User) holding `role`: whom to tell
    (reminders, accessibility feedback) — not what they may do, which `may` answers."""
    holders = select(UserRole.user_id).where(UserRole.role == role)
    return User.active.is_(True) & User.id.in_(holders)


def able_to(duty: str) -> ColumnElement[bool]:
    """Return the where-clause of the active users (rows of User) who may take on `duty`."""
    holders = select(UserRole.user_id).where(UserRole.role == DUTY_ROLES[duty])
    return User.active.is_(True) & User.id.in_(holders)
