"""Keeping the organisation: pools, networks, kindergartens and departments (DESIGN §3, §4.10).

Every change goes through `audited_create` / `audited_update`, so each changed field is one
audit row, old → new. A rule that needs the database (a name already taken, a network of
another pool) raises `Refused` naming the form field it is about, and the view shows the
message there. Nothing here commits: the view does, and the database's UNIQUE and CHECK
constraints stay the last word. Nothing is deleted either: a kindergarten or department leaving
the programme is deactivated, so its history stays in the figures of the semesters it was in.
"""

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..changes import audited_create, audited_update
from ..models import Department, Kindergarten, Network, Pool, User
from ..permissions import able_to

POOL_TAKEN = _l("Pool %(number)s exists already. Choose another number.")
NETWORK_TAKEN = _l("There is already a network called %(name)s. Choose another name.")
NOT_A_MENTOR = _l(
    "That person is not a mentor. Give them the mentor role first, or choose another person."
)
NETWORK_HAS_KINDERGARTENS = _l(
    "The network's kindergartens belong to its present pool. Move them to another network first."
)
KINDERGARTEN_TAKEN = _l("There is already a kindergarten called %(name)s. Choose another name.")
NETWORK_OF_ANOTHER_POOL = _l(
    "The network %(name)s belongs to another pool. Choose a network of the kindergarten's pool, "
    "or none."
)
DEPARTMENT_TAKEN = _l("%(kindergarten)s already has a department called %(name)s.")
KINDERGARTEN_INACTIVE = _l("%(kindergarten)s is deactivated. Reactivate the kindergarten first.")


class Refused(Exception):
    """A change the rules refuse: the form field it is about and a message for the user."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _save(session: Session, user_id: int, entity: str, row, values: Mapping[str, object]):
    """Create `row` (not yet stored) or update it, auditing every field that changes."""
    if row.id is None:
        for name, value in values.items():
            setattr(row, name, value)
        audited_create(session, user_id, entity, row)
    else:
        audited_update(session, user_id, entity, row, values)
    return row


def _taken(session: Session, query: Select, row) -> bool:
    """Whether `query` (selecting ids) finds a row other than `row` itself."""
    if row.id is not None:
        query = query.where(query.selected_columns[0] != row.id)
    return session.scalar(query.limit(1)) is not None


def save_pool(session: Session, user_id: int, pool: Pool, values: Mapping[str, object]) -> Pool:
    """Create or change a pool; its number is unique."""
    if _taken(session, select(Pool.id).where(Pool.number == values["number"]), pool):
        raise Refused("number", POOL_TAKEN % {"number": values["number"]})
    return _save(session, user_id, "pool", pool, values)


def mentor_choices(session: Session, current_id: int | None = None) -> list[tuple[int, str]]:
    """The people who may mentor a network, and the network's present mentor, by name."""
    query = select(User.id, User.name, User.email).where(
        able_to("network.mentor") | (User.id == (current_id or 0))
    )
    rows = session.execute(query.order_by(User.name, User.email))
    return [(id_, f"{name} ({email})") for id_, name, email in rows]


def save_network(
    session: Session, user_id: int, network: Network, values: Mapping[str, object]
) -> Network:
    """Create or change a network: a name of its own, a mentor who may mentor, one pool."""
    name_taken = select(Network.id).where(func.lower(Network.name) == values["name"].lower())
    if _taken(session, name_taken, network):
        raise Refused("name", NETWORK_TAKEN % {"name": values["name"]})
    mentor_id = values["mentor_id"]
    if mentor_id is not None and mentor_id != network.mentor_id:
        mentor = select(User.id).where(User.id == mentor_id, able_to("network.mentor"))
        if session.scalar(mentor) is None:
            raise Refused("mentor_id", str(NOT_A_MENTOR))
    if network.id is not None and values["pool_id"] != network.pool_id:
        members = select(Kindergarten.id).where(Kindergarten.network_id == network.id)
        if session.scalar(members.limit(1)) is not None:
            raise Refused("pool_id", str(NETWORK_HAS_KINDERGARTENS))
    return _save(session, user_id, "network", network, values)


def network_choices(session: Session) -> list[tuple[int, str, int]]:
    """Every network as (id, name, pool number), by pool and name."""
    rows = session.execute(
        select(Network.id, Network.name, Pool.number)
        .join(Pool, Pool.id == Network.pool_id)
        .order_by(Pool.number, Network.name)
    )
    return [tuple(row) for row in rows]


def save_kindergarten(
    session: Session, user_id: int, kindergarten: Kindergarten, values: Mapping[str, object]
) -> Kindergarten:
    """Create or change a kindergarten; deactivating it deactivates its departments too."""
    lowered = func.lower(Kindergarten.name) == values["name"].lower()
    if _taken(session, select(Kindergarten.id).where(lowered), kindergarten):
        raise Refused("name", KINDERGARTEN_TAKEN % {"name": values["name"]})
    network = session.get(Network, values["network_id"]) if values["network_id"] else None
    if network is not None and network.pool_id != values["pool_id"]:
        raise Refused("network_id", NETWORK_OF_ANOTHER_POOL % {"name": network.name})
    leaving = kindergarten.id is not None and kindergarten.active and not values["active"]
    _save(session, user_id, "kindergarten", kindergarten, values)
    if leaving:
        for department in kindergarten.departments:
            audited_update(session, user_id, "department", department, {"active": False})
    return kindergarten


def save_department(
    session: Session,
    user_id: int,
    kindergarten: Kindergarten,
    department: Department,
    values: Mapping[str, object],
) -> Department:
    """Create or change a department of an active kindergarten, named uniquely within it."""
    others = {d.name.casefold() for d in kindergarten.departments if d.id != department.id}
    if values["name"].casefold() in others:
        names = {"kindergarten": kindergarten.name, "name": values["name"]}
        raise Refused("name", DEPARTMENT_TAKEN % names)
    if values["active"] and not kindergarten.active:
        field = "active" if department.id is not None else "name"
        raise Refused(field, KINDERGARTEN_INACTIVE % {"kindergarten": kindergarten.name})
    values = {**values, "kindergarten_id": kindergarten.id}
    return _save(session, user_id, "department", department, values)
