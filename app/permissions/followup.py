"""Follow-up's rules: the flagged list and the cases.

The mentor and the director co-own the cases of a department (the mentor for the networks
they mentor, the director for their own kindergarten); the project lead sees every case and
flag but leaves the cases to them.
"""

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


FOLLOW_UP_RULES = {
    "followup.view": sees_follow_up,
    "followup.edit": keeps_case,
}
