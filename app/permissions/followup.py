"""Follow-up's rules: the flagged list and the cases.

The mentor and the director co-own the cases of a department (the mentor for the networks
they mentor, the director for their own kindergarten); the project lead sees every case and
flag but leaves the cases to them.
"""

from sqlalchemy import ColumnElement, false, or_, select, true

from ..models import Department, FollowUpCase, Kindergarten
from .subject import Subject


def _department_of(target):
    return getattr(target, "department", None) or target


def _owns(user: Subject, department) -> bool:
    kindergarten = department.kindergarten
    directs = "director" in user.roles and kindergarten.id == user.home_kindergarten_id
    network_id = kindergarten.network_id
    mentors = "mentor" in user.roles and network_id is not None and network_id in user.network_ids
    return directs or mentors


def sees_follow_up(user: Subject, target=None) -> bool:
    """The flagged list and the cases: the project lead all, mentors and directors their own
    (target: a department or a case)."""
    if "project_lead" in user.roles:
        return True
    if target is None:
        has_kindergarten = "director" in user.roles and user.home_kindergarten_id is not None
        return "mentor" in user.roles or has_kindergarten
    return _owns(user, _department_of(target))


def keeps_case(user: Subject, target=None) -> bool:
    """Open, edit and close a case: the department's mentor or director."""
    if target is None:
        has_kindergarten = "director" in user.roles and user.home_kindergarten_id is not None
        return "mentor" in user.roles or has_kindergarten
    return _owns(user, _department_of(target))


def oversees_programme(user: Subject, _target=None) -> bool:
    """The project lead's overview of every case: counts per network and pool."""
    return "project_lead" in user.roles


FOLLOW_UP_RULES = {
    "followup.view": sees_follow_up,
    "followup.edit": keeps_case,
    "followup.all": oversees_programme,
}


# The same rules as SQL, for the case list, the department picker and the home counts.


def _owned_departments(user: Subject) -> ColumnElement[bool]:
    """Rows of Department the user co-owns: their networks' (mentor), their kindergarten's
    (director)."""
    clauses = []
    if "director" in user.roles and user.home_kindergarten_id is not None:
        clauses.append(Department.kindergarten_id == user.home_kindergarten_id)
    if "mentor" in user.roles and user.network_ids:
        mentored = select(Kindergarten.id).where(Kindergarten.network_id.in_(user.network_ids))
        clauses.append(Department.kindergarten_id.in_(mentored))
    return or_(false(), *clauses)


def departments_for_cases(user: Subject) -> ColumnElement[bool]:
    """Rows of Department on which the user may open a case (keeps_case, as SQL)."""
    if not getattr(user, "is_authenticated", False) or not user.active:
        return false()
    return _owned_departments(user)


def cases_seen(user: Subject) -> ColumnElement[bool]:
    """Rows of FollowUpCase the user may see (sees_follow_up, as SQL)."""
    if not getattr(user, "is_authenticated", False) or not user.active:
        return false()
    if "project_lead" in user.roles:
        return true()
    owned = select(Department.id).where(_owned_departments(user))
    return FollowUpCase.department_id.in_(owned)
