"""The facts a plan is made from: the database read into a PlanProblem for the solver.

A handful of set-based queries, whatever the size of the programme (the national set has
25,000 departments and some 10,000 observers); nothing here is read one row at a time.
"""

from datetime import date

from sqlalchemy import and_, exists, not_, select, union
from sqlalchemy.orm import Session, aliased

from analysis.planning import PlanDepartment, PlanObserver, PlanProblem
from analysis.semesters import Semester, parse_semester

from ..models import Certification, Department, Kindergarten, Observation, SemesterPlan, User, Visit
from ..permissions import able_to


def school_year(semester: Semester) -> tuple[str, str]:
    """The two semesters of the school year (August–June) that `semester` belongs to."""
    if semester.half == "H":
        return str(semester), str(semester.next())
    return str(semester.previous()), str(semester)


def replaced_visits(plan: SemesterPlan):
    """The plan's visits a new assignment replaces: planned ones, except a regular visit whose
    double-coding visit has started (deleting it would take the started one with it)."""
    started_child = aliased(Visit)
    has_started_child = exists().where(
        started_child.regular_visit_id == Visit.id, started_child.status != "planned"
    )
    return and_(Visit.plan_id == plan.id, Visit.status == "planned", ~has_started_child)


def load_problem(session: Session, plan: SemesterPlan, replaced, seed: int = 0) -> PlanProblem:
    """Read what the solver needs, in a few queries, whatever the size of the programme."""
    semester = parse_semester(plan.semester)
    return PlanProblem(
        departments=_departments(session, plan, semester, replaced),
        observers=_observers(session, plan, replaced),
        first_day=plan.first_day,
        last_day=plan.last_day,
        double_coding_share=plan.double_coding_share,
        double_coded_this_year=_double_coded(session, semester, replaced),
        seed=seed,
    )


def _departments(session, plan, semester: Semester, replaced) -> tuple[PlanDepartment, ...]:
    """Active departments of active kindergartens without a regular observation or kept visit."""
    observed = select(Observation.department_id).where(
        Observation.semester == plan.semester, Observation.kind == "regular"
    )
    visited = select(Visit.department_id).where(
        Visit.plan_id == plan.id,
        Visit.kind == "regular",
        Visit.status != "cancelled",
        not_(replaced),
    )
    rows = session.execute(
        select(
            Department.id, Department.kindergarten_id, Kindergarten.network_id, Department.age_group
        )
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .where(Department.active.is_(True), Kindergarten.active.is_(True))
        .where(Department.id.not_in(observed), Department.id.not_in(visited))
        .order_by(Department.id)
    ).all()
    recent = _recent_observers(session, semester)
    return tuple(
        PlanDepartment(id_, kindergarten_id, network_id, family, tuple(sorted(recent.get(id_, ()))))
        for id_, kindergarten_id, network_id, family in rows
    )


def _recent_observers(session, semester: Semester) -> dict[int, set[int]]:
    """The regular observers of each department in the two semesters before this one."""
    earlier = [str(semester.previous()), str(semester.previous().previous())]
    rows = session.execute(
        select(Observation.department_id, Observation.observer_id).where(
            Observation.kind == "regular", Observation.semester.in_(earlier)
        )
    )
    recent: dict[int, set[int]] = {}
    for department_id, observer_id in rows:
        recent.setdefault(department_id, set()).add(observer_id)
    return recent


def _observers(session, plan: SemesterPlan, replaced) -> tuple[PlanObserver, ...]:
    """Active observers with their network, certifications and the days other visits take."""
    observers = session.execute(
        select(User.id, User.home_kindergarten_id, Kindergarten.network_id)
        .outerjoin(Kindergarten, Kindergarten.id == User.home_kindergarten_id)
        .where(able_to("observation.perform"))
        .order_by(User.id)
    ).all()
    certifications: dict[int, list] = {}
    for user_id, *certificate in session.execute(
        select(
            Certification.user_id,
            Certification.family,
            Certification.certified_on,
            Certification.expires_on,
        )
        .join(User, User.id == Certification.user_id)
        .where(able_to("observation.perform"))
        .where(
            Certification.certified_on <= plan.last_day, Certification.expires_on > plan.first_day
        )
    ):
        certifications.setdefault(user_id, []).append(tuple(certificate))
    busy: dict[int, set[date]] = {}
    for observer_id, day in session.execute(
        select(Visit.observer_id, Visit.planned_on).where(
            Visit.status != "cancelled",
            Visit.planned_on.between(plan.first_day, plan.last_day),
            not_(replaced),
        )
    ):
        busy.setdefault(observer_id, set()).add(day)
    return tuple(
        PlanObserver(
            id_,
            home_id,
            network_id,
            tuple(certifications.get(id_, ())),
            frozenset(busy.get(id_, ())),
        )
        for id_, home_id, network_id in observers
    )


def _double_coded(session, semester: Semester, replaced) -> frozenset[int]:
    """Observers double-coded this school year, by an observation or a kept visit."""
    year = school_year(semester)
    observed = select(Observation.observer_id).where(
        Observation.kind == "double_coding", Observation.semester.in_(year)
    )
    planned = (
        select(Visit.observer_id)
        .join(SemesterPlan, SemesterPlan.id == Visit.plan_id)
        .where(Visit.kind == "double_coding", Visit.status != "cancelled")
        .where(SemesterPlan.semester.in_(year), not_(replaced))
    )
    return frozenset(session.scalars(union(observed, planned)))
