"""What the follow-up pages read: the case list in the user's scope, counts, the department
picker and a case's before/after figures."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case as when
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from analysis.case_effect import GoalEffect, case_effect
from analysis.queries import semester_index
from analysis.schema import dimension_mean
from analysis.semesters import semester_of

from ..i18n import current_language
from ..instruments import for_age_group
from ..models import Department, FollowUpCase, Kindergarten, Network, Pool
from ..paging import PAGE_SIZE, Page, paginate
from ..permissions.followup import cases_seen, departments_for_cases
from ..permissions.subject import Subject

STATUS_FILTERS = ("open", "closed")
CASES_PER_PAGE = PAGE_SIZE


def case_list(session: Session, user: Subject, status: str | None, number: int) -> Page:
    """One page of the cases the user sees, open ones first, newest first."""
    query = (
        select(FollowUpCase)
        .join(Department, Department.id == FollowUpCase.department_id)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .where(cases_seen(user))
        .options(selectinload(FollowUpCase.department).selectinload(Department.kindergarten))
        .order_by(
            (FollowUpCase.status == "open").desc(), FollowUpCase.opened_at.desc(), FollowUpCase.id
        )
    )
    if status in STATUS_FILTERS:
        query = query.where(FollowUpCase.status == status)
    return paginate(session, query, number, CASES_PER_PAGE)


@dataclass(frozen=True)
class CaseCount:
    label: str
    open: int
    closed: int


def _counts(session: Session, user: Subject, column, *joins) -> list[tuple]:
    is_open = func.sum(when((FollowUpCase.status == "open", 1), else_=0))
    is_closed = func.sum(when((FollowUpCase.status == "closed", 1), else_=0))
    query = (
        select(column, is_open, is_closed)
        .select_from(FollowUpCase)
        .join(Department, Department.id == FollowUpCase.department_id)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
    )
    for target, on in joins:
        query = query.outerjoin(target, on)
    return session.execute(query.where(cases_seen(user)).group_by(column).order_by(column)).all()


def counts_per_network(session: Session, user: Subject) -> list[CaseCount]:
    rows = _counts(session, user, Network.name, (Network, Network.id == Kindergarten.network_id))
    return [CaseCount(name or "–", int(o or 0), int(c or 0)) for name, o, c in rows]


def counts_per_pool(session: Session, user: Subject) -> list[tuple[int, int, int]]:
    rows = _counts(session, user, Pool.number, (Pool, Pool.id == Kindergarten.pool_id))
    return [(number, int(o or 0), int(c or 0)) for number, o, c in rows]


def open_case_count(session: Session, user: Subject) -> int:
    """How many open cases the user sees (their home page shows it)."""
    query = (
        select(func.count())
        .select_from(FollowUpCase)
        .where(FollowUpCase.status == "open", cases_seen(user))
    )
    return session.scalar(query) or 0


def department_choices(session: Session, user: Subject) -> list[tuple[str, str]]:
    """The active departments the user may open a case on, as (id, "Kindergarten – Dept")."""
    rows = session.execute(
        select(Department.id, Kindergarten.name, Department.name)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .where(Department.active.is_(True), departments_for_cases(user))
        .order_by(Kindergarten.name, Department.name)
    ).all()
    return [(str(i), f"{k} – {d}") for i, k, d in rows]


def baseline_semester(session: Session, department_id: int, today: date) -> str:
    """The semester a case opened by hand starts from: the department's latest regular
    observation, or this semester when it has none yet."""
    m = dimension_mean.c
    latest = session.scalar(
        select(m.semester)
        .where(m.department_id == department_id, m.kind == "regular")
        .order_by(semester_index(m.semester).desc())
        .limit(1)
    )
    return latest or semester_of(today)


def effect_of(session: Session, case: FollowUpCase) -> list[GoalEffect]:
    """The department's goal dimensions in the case's semester and every later one."""
    instrument = for_age_group(case.department.age_group)
    targets = {goal.dimension_code: goal.target for goal in case.goals}
    return case_effect(
        session, case.department_id, case.semester, targets, instrument.reverse_codes
    )


def dimension_choices(department: Department) -> list[tuple[str, str]]:
    """The dimensions of the department's instrument, as (code, "PC · Positive climate")."""
    lang = current_language()
    instrument = for_age_group(department.age_group)
    return [(d.code, f"{d.code} · {d.labels.get(lang)}") for d in instrument.dimensions]
