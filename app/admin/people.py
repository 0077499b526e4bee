"""Keeping people: their roles, home kindergarten, departments and whether they are active.

Every change is audited, one row per changed field, old → new; the set-valued fields (roles,
departments) are one row each. Rules that need the database raise `PersonRefused` naming every
field that is wrong; nothing is changed then. Nothing here commits: the view does.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from analysis.schema import ROLES

from ..auth.sessions import end_sessions
from ..changes import audited_create, audited_update
from ..models import Department, Kindergarten, User, UserRole
from ..models.audit import record
from ..permissions.roster import (
    grantable_roles,
    holding,
    keeps_everyone,
    may_belong_to_departments,
    needs_home,
    people_kept_by,
)
from ..permissions.subject import Subject

NO_ROLE = _l("Choose at least one role.")
NOT_YOURS = _l("You cannot give this role. Ask the project lead.")
EMAIL_TAKEN = _l("Another person already has this e-mail address. Use another one.")
NEEDS_HOME = _l("Choose the home kindergarten: observers, directors, leaders and staff have one.")
NO_DEPARTMENTS = _l("Only pedagogical leaders and staff belong to departments. Clear them.")
OTHER_KINDERGARTEN = _l("%(department)s is not a department of the home kindergarten.")
NOT_YOURSELF = _l("You cannot deactivate yourself.")


class PersonRefused(Exception):
    """The form's values break the rules: a message per field."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class PersonValues:
    name: str
    email: str
    roles: frozenset[str]  # among the roles the editor may give
    home_kindergarten_id: int | None
    department_ids: frozenset[int]
    active: bool


def list_people(session: Session, editor: Subject, filters: dict):
    """The people the editor keeps, narrowed by the filters, by name, with roles loaded."""
    query = (
        select(User)
        .where(people_kept_by(editor))
        .options(selectinload(User.role_rows), joinedload(User.home_kindergarten))
        .order_by(User.name, User.email)
    )
    if filters.get("q"):
        text = filters["q"].lower()
        query = query.where(
            or_(
                func.lower(User.name).contains(text, autoescape=True),
                User.email.contains(text, autoescape=True),
            )
        )
    if filters.get("role"):
        query = query.where(holding(filters["role"]))
    if filters.get("kindergarten"):
        query = query.where(User.home_kindergarten_id == filters["kindergarten"])
    if filters.get("active") in ("yes", "no"):
        query = query.where(User.active.is_(filters["active"] == "yes"))
    return query


def kindergarten_choices(session: Session, editor: Subject) -> list[tuple[int, str]]:
    """The kindergartens the editor may make someone's home."""
    query = select(Kindergarten.id, Kindergarten.name).order_by(Kindergarten.name)
    if not keeps_everyone(editor):
        query = query.where(Kindergarten.id == editor.home_kindergarten_id)
    return [tuple(row) for row in session.execute(query)]


def department_choices(session: Session, kindergarten_id: int | None) -> list[tuple[int, str]]:
    """The active departments of one kindergarten."""
    if kindergarten_id is None:
        return []
    query = select(Department.id, Department.name).where(
        Department.kindergarten_id == kindergarten_id, Department.active.is_(True)
    )
    return [tuple(row) for row in session.execute(query.order_by(Department.name))]


def save_person(session: Session, editor: Subject, person: User, values: PersonValues) -> User:
    """Create or change a person, or refuse with every problem; audit each changed field."""
    given = grantable_roles(editor)
    roles = frozenset(person.roles - set(given)) | values.roles
    home = values.home_kindergarten_id if keeps_everyone(editor) else editor.home_kindergarten_id
    departments = _check(session, editor, person, values, roles, home, given)
    fields = {"name": values.name.strip(), "email": values.email.strip().lower(),
              "home_kindergarten_id": home, "active": values.active}  # fmt: skip
    if person.id is None:
        for name, value in fields.items():
            setattr(person, name, value)
        audited_create(session, editor.id, "user", person)
    else:
        audited_update(session, editor.id, "user", person, fields)
        if not values.active:
            end_sessions(session, person.id)  # deactivated: signed out on every app server now
    _set_roles(session, editor, person, roles)
    _set_departments(session, editor, person, departments)
    return person


def _check(session, editor, person, values, roles, home, given) -> list[Department]:
    problems: dict[str, str] = {}
    if not values.roles <= set(given):
        problems["roles"] = str(NOT_YOURS)
    elif not roles:
        problems["roles"] = str(NO_ROLE)
    email = values.email.strip().lower()
    taken = select(User.id).where(User.email == email, User.id != (person.id or 0))
    if session.scalar(taken) is not None:
        problems["email"] = str(EMAIL_TAKEN)
    if needs_home(roles) and home is None:
        problems["home_kindergarten_id"] = str(NEEDS_HOME)
    departments = list(
        session.scalars(select(Department).where(Department.id.in_(values.department_ids)))
    )
    if departments and not may_belong_to_departments(roles):
        problems["department_ids"] = str(NO_DEPARTMENTS)
    elsewhere = [d for d in departments if d.kindergarten_id != home]
    if elsewhere:
        problems["department_ids"] = str(OTHER_KINDERGARTEN % {"department": elsewhere[0].name})
    if person.id == editor.id and not values.active:
        problems["active"] = str(NOT_YOURSELF)
    if problems:
        raise PersonRefused(problems)
    return departments


def _set_roles(session: Session, editor: Subject, person: User, roles: frozenset[str]) -> None:
    old = person.roles
    if old == roles:
        return
    person.role_rows = [row for row in person.role_rows if roles.issuperset([row.role])]
    person.role_rows += [UserRole(role=role) for role in ROLES if role in roles - old]
    record(session, user_id=editor.id, action="update" if old else "create", entity="user",
           entity_id=person.id, field="roles", old=_roles_text(old) or None,
           new=_roles_text(roles))  # fmt: skip


def _roles_text(roles) -> str:
    return ", ".join(role for role in ROLES if role in roles)


def _set_departments(session: Session, editor: Subject, person: User, departments) -> None:
    old = {d.id: d for d in person.departments}
    new = {d.id: d for d in departments}
    if set(old) == set(new):
        return
    person.departments = sorted(new.values(), key=lambda d: d.name)
    record(session, user_id=editor.id, action="update", entity="user", entity_id=person.id,
           field="departments", old=_departments_text(old.values()) or None,
           new=_departments_text(new.values()) or None)  # fmt: skip
    session.flush()


def _departments_text(departments) -> str:
    return "; ".join(sorted(f"{d.kindergarten.name}/{d.name}" for d in departments))
