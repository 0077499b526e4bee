"""The signed-in user as every request sees it: a plain value, read fresh from the database.

Flask-Login loads the user on every request, the tablet's autosave included. The loader reads
what the permission rules need (app/permissions/subject.py) with two Core queries: the user
with its roles, and its memberships (the departments it belongs to, the networks it mentors).
Nothing is cached between requests: a deactivated user or a removed role loses access on the
very next request. Nothing else is loaded behind an attribute: code that needs the ORM `User`
asks for it with `session.get(User, user.id)`.
"""

from dataclasses import dataclass

from flask_login import UserMixin
from sqlalchemy import bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from analysis.schema import department_member, network, user, user_role

# One row per role (or one row with role NULL for a user without roles).
USER_WITH_ROLES = (
    select(
        user.c.id,
        user.c.name,
        user.c.email,
        user.c.locale,
        user.c.active,
        user.c.home_kindergarten_id,
        user_role.c.role,
    )
    .select_from(user)
    .outerjoin(user_role, user_role.c.user_id == user.c.id)
    .where(user.c.id == bindparam("uid"))
)
# One row per membership: ("department", id) for each department it belongs to (as a leader or
# staff), ("network", id) for each network mentored.
MEMBERSHIPS = union_all(
    select(literal("department").label("kind"), department_member.c.department_id.label("id"))
    .where(department_member.c.user_id == bindparam("uid")),
    select(literal("network").label("kind"), network.c.id.label("id"))
    .where(network.c.mentor_id == bindparam("uid")),
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class SignedInUser(UserMixin):
    """The user's own columns that pages show, plus what the permission rules read."""

    id: int
    name: str
    email: str
    locale: str | None
    active: bool
    home_kindergarten_id: int | None
    roles: frozenset[str]
    department_ids: frozenset[int]  # the departments they belong to (leader or staff)
    network_ids: frozenset[int]  # the networks they mentor

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active


def load_principal(session: Session, user_id: int) -> SignedInUser | None:
    """Return the user with this id as of now, or None if there is none."""
    rows = session.execute(USER_WITH_ROLES, {"uid": user_id}).all()
    if not rows:
        return None
    memberships = session.execute(MEMBERSHIPS, {"uid": user_id}).all()
    first = rows[0]
    return SignedInUser(
        id=first.id,
        name=first.name,
        email=first.email,
        locale=first.locale,
        active=bool(first.active),
        home_kindergarten_id=first.home_kindergarten_id,
        roles=frozenset(row.role for row in rows if row.role is not None),
        department_ids=frozenset(row.id for row in memberships if row.kind == "department"),
        network_ids=frozenset(row.id for row in memberships if row.kind == "network"),
    )
