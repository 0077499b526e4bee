"""The organisation's lists: searched, filtered and cut into pages in the database.

At national scale there are some 25,000 departments, so a list never loads more than one page
of rows; the filters and the page number are plain GET parameters, so a list can be linked.
"""

from collections.abc import Mapping

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, aliased

from ..models import Department, Kindergarten, Network, Pool, User
from ..paging import Page, paginate


def _contains(column, text: str):
    """A case-insensitive substring match with % and _ taken literally."""
    return func.lower(column).contains(text.lower(), autoescape=True)


def _active(column, wanted: str):
    return column.is_(wanted == "yes")


def pools(session: Session) -> list:
    """Every pool with its networks, kindergartens and active departments counted."""
    n_networks = select(func.count(Network.id)).where(Network.pool_id == Pool.id)
    n_kindergartens = select(func.count(Kindergarten.id)).where(Kindergarten.pool_id == Pool.id)
    n_active_departments = (
        select(func.count(Department.id))
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .where(Kindergarten.pool_id == Pool.id, Department.active.is_(True))
    )
    query = select(
        Pool,
        n_networks.scalar_subquery(),
        n_kindergartens.scalar_subquery(),
        n_active_departments.scalar_subquery(),
    ).order_by(Pool.number)
    return session.execute(query).all()


def networks(session: Session, filters: Mapping[str, object], number: int) -> Page:
    """Networks with their pool, mentor and number of kindergartens."""
    mentor = aliased(User)
    query = (
        select(Network, Pool.number, mentor.name, func.count(distinct(Kindergarten.id)))
        .join(Pool, Pool.id == Network.pool_id)
        .outerjoin(mentor, mentor.id == Network.mentor_id)
        .outerjoin(Kindergarten, Kindergarten.network_id == Network.id)
        .group_by(Network.id, Pool.number, mentor.name)
        .order_by(Pool.number, Network.name)
    )
    if filters.get("q"):
        query = query.where(_contains(Network.name, filters["q"]))
    if filters.get("pool"):
        query = query.where(Network.pool_id == filters["pool"])
    return paginate(session, query, number)


def kindergartens(session: Session, filters: Mapping[str, object], number: int) -> Page:
    """Kindergartens with their pool, network and active and all departments counted."""
    active = func.count(distinct(Department.id)).filter(Department.active.is_(True))
    query = (
        select(Kindergarten, Pool.number, Network.name, active, func.count(distinct(Department.id)))
        .join(Pool, Pool.id == Kindergarten.pool_id)
        .outerjoin(Network, Network.id == Kindergarten.network_id)
        .outerjoin(Department, Department.kindergarten_id == Kindergarten.id)
        .group_by(Kindergarten.id, Pool.number, Network.name)
        .order_by(Kindergarten.name)
    )
    conditions = {
        "q": lambda v: _contains(Kindergarten.name, v),
        "pool": lambda v: Kindergarten.pool_id == v,
        "network": lambda v: Kindergarten.network_id == v,
        "owner": lambda v: Kindergarten.owner_type == v,
        "active": lambda v: _active(Kindergarten.active, v),
    }
    for name, condition in conditions.items():
        if filters.get(name):
            query = query.where(condition(filters[name]))
    return paginate(session, query, number)


def departments(session: Session, filters: Mapping[str, object], number: int) -> Page:
    """Departments with their kindergarten; the text searches both names."""
    query = (
        select(Department, Kindergarten.name, Pool.number)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .join(Pool, Pool.id == Kindergarten.pool_id)
        .order_by(Kindergarten.name, Department.name)
    )
    conditions = {
        "q": lambda v: _contains(Department.name, v) | _contains(Kindergarten.name, v),
        "pool": lambda v: Kindergarten.pool_id == v,
        "age_group": lambda v: Department.age_group == v,
        "active": lambda v: _active(Department.active, v),
    }
    for name, condition in conditions.items():
        if filters.get(name):
            query = query.where(condition(filters[name]))
    return paginate(session, query, number)
