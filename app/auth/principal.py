"""The signed-in user as every request sees it: read fresh from the database, without the ORM.

Flask-Login loads the user on every request, the tablet's autosave included. Building a full
ORM `User` (identity map, relationship loaders) cost about a third of a score save, so the loader
reads the few columns permission checks need in one prepared Core query (`app.prepared`).
Nothing is cached between requests: a deactivated user or a removed role loses access on the
very next request.
Anything else (`departments`, `home_kindergarten`, `certifications`…) loads the ORM `User`
on first use, in the request's session.
"""

from dataclasses import dataclass

from flask_login import UserMixin
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..models import User, UserRole
from ..prepared import Prepared

USER = User.__table__
USER_ROLE = UserRole.__table__

# Built once: one row per role (or one row with role NULL for a user without roles).
PRINCIPAL = Prepared(
    select(
        USER.c.id,
        USER.c.name,
        USER.c.email,
        USER.c.locale,
        USER.c.active,
        USER.c.home_kindergarten_id,
        USER_ROLE.c.role,
    )
    .select_from(USER)
    .outerjoin(USER_ROLE, USER_ROLE.c.user_id == USER.c.id)
    .where(USER.c.id == bindparam("uid"))
)


@dataclass(frozen=True, eq=False)
class SignedInUser(UserMixin):
    """The columns of a `User` that permission checks read, plus its roles."""

    id: int
    name: str
    email: str
    locale: str | None
    active: bool
    home_kindergarten_id: int | None
    roles: frozenset[str]
    session: Session

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def record(self) -> User:
        """Return the ORM `User` in the request's session (loaded once, then from its map)."""
        return self.session.get(User, self.id)

    def __getattr__(self, name: str):
        # Only reached for what the dataclass lacks: relationships and rarely used columns.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.record(), name)


def load_principal(session: Session, user_id: int) -> SignedInUser | None:
    """Return the user with this id as of now, or None if there is none."""
    rows = PRINCIPAL.all(session.connection(), {"uid": user_id})
    if not rows:
        return None
    first = rows[0]
    return SignedInUser(
        id=first.id,
        name=first.name,
        email=first.email,
        locale=first.locale,
        active=bool(first.active),
        home_kindergarten_id=first.home_kindergarten_id,
        roles=frozenset(row.role for row in rows if row.role is not None),
        session=session,
    )
