"""The plan pages' lists: a plan's visits (filtered, 50 a page) and the coverage board.

A national plan has some 27,000 visits, so the database filters, pages and counts them: a page
never loads more than its rows, and the coverage board is one GROUP BY per grouping.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from analysis.semesters import sort_key

from ..form_input import id_or_none
from ..models import Department, Kindergarten, Network, Observation, Pool, SemesterPlan, User, Visit
from ..paging import Page, paginate


def plans(session: Session) -> list:
    """Every plan, newest semester first, with its kept visits counted."""
    kept = (
        select(func.count())
        .where(Visit.plan_id == SemesterPlan.id, Visit.status != "cancelled")
        .scalar_subquery()
    )
    rows = session.execute(select(SemesterPlan, kept)).all()
    return sorted(rows, key=lambda row: sort_key(row[0].semester), reverse=True)


def visits(session: Session, plan, filters: Mapping[str, str], number: int) -> Page:
    """The plan's visits with department, kindergarten and observer, filtered and paged."""
    query = (
        select(Visit, Department.name, Kindergarten.name, User.name, User.email)
        .join(Department, Department.id == Visit.department_id)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .join(User, User.id == Visit.observer_id)
        .where(Visit.plan_id == plan.id)
        .order_by(Visit.planned_on, Kindergarten.name, Department.name, Visit.kind.desc())
    )
    if network := _as_id(filters.get("network")):
        query = query.where(Kindergarten.network_id == network)
    if kindergarten := _as_id(filters.get("kindergarten")):
        query = query.where(Kindergarten.id == kindergarten)
    if kind := filters.get("kind"):
        query = query.where(Visit.kind == kind)
    if status := filters.get("status"):
        query = query.where(Visit.status == status)
    if observer := filters.get("observer"):
        text = observer.lower()
        query = query.where(
            or_(
                func.lower(User.name).contains(text, autoescape=True),
                User.email.contains(text, autoescape=True),
            )
        )
    return paginate(session, query, number)


def _as_id(value) -> int | None:
    return id_or_none(value)


def network_options(session: Session) -> list[tuple[str, str]]:
    return [
        (str(id_), name)
        for id_, name in session.execute(select(Network.id, Network.name).order_by(Network.name))
    ]


def kindergarten_options(session: Session, network: str | None) -> list[tuple[str, str]]:
    """Kindergartens, within the chosen network when there is one (the national set has
    thousands, too many for one list)."""
    query = select(Kindergarten.id, Kindergarten.name).order_by(Kindergarten.name)
    if network_id := _as_id(network):
        query = query.where(Kindergarten.network_id == network_id)
    return [(str(id_), name) for id_, name in session.execute(query.limit(500))]


@dataclass(frozen=True)
class CoverageLine:
    group: str
    visits: int
    planned: int
    started: int
    submitted: int
    released: int
    overdue: int


def coverage(session: Session, plan, by: str, today: date) -> list[CoverageLine]:
    """Regular visits of the plan per pool or network: planned, started, submitted, released
    and overdue (the planned date has passed and it has not started)."""
    home = aliased(Kindergarten)
    group = Pool.number if by == "pool" else func.coalesce(Network.name, "–")
    planned = Visit.status == "planned"
    counts = [
        func.count(),
        func.sum(case((planned, 1), else_=0)),
        func.sum(case((and_(~planned, Observation.status == "draft"), 1), else_=0)),
        func.sum(case((Observation.status == "submitted", 1), else_=0)),
        func.sum(case((Observation.status == "released", 1), else_=0)),
        func.sum(case((and_(planned, Visit.planned_on < today), 1), else_=0)),
    ]
    query = (
        select(group, *counts)
        .select_from(Visit)
        .join(Department, Department.id == Visit.department_id)
        .join(home, home.id == Department.kindergarten_id)
        .join(Pool, Pool.id == home.pool_id)
        .outerjoin(Network, Network.id == home.network_id)
        .outerjoin(Observation, Observation.id == Visit.observation_id)
        .where(Visit.plan_id == plan.id, Visit.kind == "regular", Visit.status != "cancelled")
        .group_by(group)
        .order_by(group)
    )
    return [
        CoverageLine(str(g), *(int(n or 0) for n in rest)) for g, *rest in session.execute(query)
    ]
