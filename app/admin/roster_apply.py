"""Apply a roster import plan: every create and update goes through app/admin/changes.py.

Sheets are applied parents first. A network's mentor may be a person the same file creates,
so a mentor who does not exist yet is set after the people, as an update of the network.
"""

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from analysis import schema

from ..auth.sessions import end_sessions
from ..changes import audited_create_all, audited_update
from ..models import Certification, Department, Kindergarten, Network, Pool, User
from ..models.audit import record
from .roster_import import ImportPlan

MEMBER = schema.department_member
ROLE = schema.user_role


def apply_import(session: Session, user_id: int | None, plan: ImportPlan) -> int:
    """Write the plan's changes, audited; return how many rows changed."""
    ids = plan.stored.ids
    later_mentors: dict[str, str] = {}
    for sheet, model in _MODELS.items():
        changes = [change for change in plan.changes if change.sheet == sheet]
        created = []
        for change in changes:
            new = plan.incoming.rows[sheet][change.key]
            columns = _columns(sheet, new, ids, later_mentors)
            if change.action == "create":
                created.append((change.key, model(**columns)))
            else:
                row = session.get(model, ids[sheet][change.key])
                audited_update(session, user_id, model.__table__.name, row, columns)
        audited_create_all(session, user_id, model.__table__.name, [row for _, row in created])
        ids[sheet].update((key, row.id) for key, row in created)
        if sheet == "people":
            _set_people_memberships(session, user_id, plan, changes)
    for network, email in later_mentors.items():
        row = session.get(Network, ids["networks"][network])
        audited_update(session, user_id, "network", row, {"mentor_id": ids["people"][email]})
    session.flush()
    return len(plan.changes)


def _set_people_memberships(session: Session, user_id, plan: ImportPlan, changes) -> None:
    ids = plan.stored.ids
    paths = {f"{k}/{d}": i for (k, d), i in ids["departments"].items()}
    for change in changes:
        old = plan.stored.rows["people"].get(change.key)
        new = plan.incoming.rows["people"][change.key]
        _set_memberships(session, user_id, ids["people"][change.key], old, new, paths)
        if old is not None and not new.active:
            end_sessions(session, ids["people"][change.key])  # deactivated: signed out everywhere


def _columns(sheet: str, new, ids, later_mentors: dict) -> dict:
    if sheet == "pools":
        return {"number": new.pool, "first_semester": new.first_semester}
    if sheet == "networks":
        columns = {"name": new.network, "pool_id": ids["pools"][new.pool]}
        mentor = new.mentor_email
        if mentor is None or mentor in ids["people"]:
            columns["mentor_id"] = ids["people"][mentor] if mentor else None
        else:
            later_mentors[new.network] = mentor
        return columns
    if sheet == "kindergartens":
        network = ids["networks"][new.network] if new.network else None
        return {"name": new.kindergarten, "pool_id": ids["pools"][new.pool],
                "network_id": network, "owner_type": new.owner, "active": new.active}  # fmt: skip
    if sheet == "departments":
        return {"kindergarten_id": ids["kindergartens"][new.kindergarten],
                "name": new.department, "age_group": new.age_group, "active": new.active,
                "children_count": new.children, "staff_count": new.staff}  # fmt: skip
    if sheet == "people":
        home = ids["kindergartens"][new.home_kindergarten] if new.home_kindergarten else None
        return {"email": new.email, "name": new.name, "home_kindergarten_id": home,
                "active": new.active}  # fmt: skip
    return {"user_id": ids["people"][new.email], "family": new.family,
            "certified_on": new.certified_on, "expires_on": new.expires_on}  # fmt: skip


def _set_memberships(session: Session, user_id, person_id: int, old, new, paths) -> None:
    """Roles and departments: rows of their own tables, audited as one field each."""
    old_roles = old.roles if old else frozenset()
    old_paths = old.departments if old else frozenset()
    action = "update" if old else "create"
    if old_roles != new.roles:
        _replace(session, ROLE, person_id, "role", old_roles, new.roles)
        record(session, user_id=user_id, action=action, entity="user", entity_id=person_id,
               field="roles", old=_joined(old_roles), new=_joined(new.roles))  # fmt: skip
    if new.departments != old_paths:
        old_ids = {paths[p] for p in old_paths}
        new_ids = {paths[p] for p in new.departments}
        _replace(session, MEMBER, person_id, "department_id", old_ids, new_ids)
        record(session, user_id=user_id, action=action, entity="user", entity_id=person_id,
               field="departments", old=_joined(old_paths, "; "),
               new=_joined(new.departments, "; "))  # fmt: skip


def _replace(session: Session, table, person_id: int, column: str, old: set, new: set) -> None:
    gone, added = old - new, new - old
    if gone:
        session.execute(
            delete(table).where(table.c.user_id == person_id, table.c[column].in_(gone))
        )
    if added:
        session.execute(insert(table), [{"user_id": person_id, column: v} for v in added])


def _joined(values, separator: str = ", ") -> str | None:
    return separator.join(sorted(values)) or None


_MODELS = {
    "pools": Pool,
    "networks": Network,
    "kindergartens": Kindergarten,
    "departments": Department,
    "people": User,
    "certifications": Certification,
}
