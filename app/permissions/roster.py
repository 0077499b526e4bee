"""The roster's role facts: who may give which roles, and what each role needs.

A project lead keeps everyone. A director keeps the pedagogical leaders and staff of their own
kindergarten: they give those two roles only, and never see or touch the others.
"""

from sqlalchemy import ColumnElement, false, select, true

from analysis.schema import ROLES

from ..models import User, UserRole
from .subject import Subject

ROLES_WITH_HOME = frozenset({"observer", "pedagogical_leader", "director", "staff"})
ROLES_WITH_DEPARTMENTS = frozenset({"pedagogical_leader", "staff"})
DIRECTOR_GIVES = ("pedagogical_leader", "staff")
ABOVE_DIRECTOR = frozenset({"director", "mentor", "project_lead"})


def keeps_everyone(user: Subject) -> bool:
    return "project_lead" in user.roles and user.active


def keeps_own_kindergarten(user: Subject) -> bool:
    return "director" in user.roles and user.home_kindergarten_id is not None and user.active


def keeps_person(user: Subject, person=None) -> bool:
    """Whether `user` may keep people (with a person: this one)."""
    if keeps_everyone(user):
        return True
    if not keeps_own_kindergarten(user):
        return False
    if person is None:
        return True
    return (
        person.home_kindergarten_id == user.home_kindergarten_id
        and person.id != user.id
        and not (set(person.roles) & ABOVE_DIRECTOR)
    )


def grantable_roles(user: Subject) -> tuple[str, ...]:
    """The roles `user` may give or take away, in the usual order."""
    if keeps_everyone(user):
        return ROLES
    return DIRECTOR_GIVES if keeps_own_kindergarten(user) else ()


def needs_home(roles: frozenset[str]) -> bool:
    return bool(roles & ROLES_WITH_HOME)


def may_belong_to_departments(roles: frozenset[str]) -> bool:
    return bool(roles & ROLES_WITH_DEPARTMENTS)


def people_kept_by(user: Subject) -> ColumnElement[bool]:
    """The where-clause of the people (rows of User) `user` keeps."""
    if keeps_everyone(user):
        return true()
    if not keeps_own_kindergarten(user):
        return false()
    above = select(UserRole.user_id).where(UserRole.role.in_(ABOVE_DIRECTOR))
    return (
        (User.home_kindergarten_id == user.home_kindergarten_id)
        & (User.id != user.id)
        & User.id.not_in(above)
    )


def may_mentor_a_network(roles: frozenset[str]) -> bool:
    return "mentor" in roles


def holding(role: str) -> ColumnElement[bool]:
    """The where-clause of the people (rows of User) who hold `role`."""
    return User.id.in_(select(UserRole.user_id).where(UserRole.role == role))
