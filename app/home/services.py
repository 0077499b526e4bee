"""Read models for the role home pages; every figure comes from a query, not from Python loops."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from analysis.observation_means import dimension_means_by_observation
from analysis.scoring import domain_means
from analysis.semesters import semester_of

from ..instruments import all_instruments
from ..models import (
    Certification,
    Cycle,
    Department,
    Kindergarten,
    Network,
    Observation,
    Pool,
    Score,
)
from ..permissions import Subject, restrict

DONE = ("submitted", "released")


def current_semester() -> str:
    """Return the semester of today's date."""
    return semester_of(date.today())


@dataclass(frozen=True)
class ObserverOverview:
    semester: str
    visits: list[tuple[Observation, int]]  # observation, scores entered
    certifications: list[Certification]  # newest first
    today: date

    @property
    def current_certifications(self) -> list[Certification]:
        """The newest certification per age level: the ones that decide what may be observed."""
        newest: dict[str, Certification] = {}
        for cert in self.certifications:
            newest.setdefault(cert.family, cert)
        return sorted(newest.values(), key=lambda cert: cert.family, reverse=True)

    @property
    def earlier_certifications(self) -> list[Certification]:
        current = {cert.id for cert in self.current_certifications}
        return [cert for cert in self.certifications if cert.id not in current]


def observer_overview(session: Session, user: Subject) -> ObserverOverview:
    """The observer's visits this semester and their certifications."""
    semester = current_semester()
    scored = (
        select(func.count(Score.id))
        .join(Cycle, Score.cycle_id == Cycle.id)
        .where(Cycle.observation_id == Observation.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Observation, scored)
        .options(joinedload(Observation.department).joinedload(Department.kindergarten))
        .where(Observation.observer_id == user.id, Observation.semester == semester)
        .order_by(Observation.status, Observation.observed_on)
    ).all()
    certifications = session.scalars(
        select(Certification)
        .where(Certification.user_id == user.id)
        .order_by(Certification.expires_on.desc())
    ).all()
    return ObserverOverview(semester, [tuple(r) for r in rows], list(certifications), date.today())


@dataclass(frozen=True)
class ReportLine:
    observation: Observation
    domain_means: dict[str, float | None]


@dataclass(frozen=True)
class LeaderDepartment:
    department: Department
    reports: list[ReportLine]


def leader_departments(session: Session, user: Subject) -> list[LeaderDepartment]:
    """The departments the user belongs to (as leader or staff) with their released regular
    observations, newest first."""
    result = []
    led = select(Department).where(Department.id.in_(user.department_ids)).order_by(Department.id)
    for department in session.scalars(led):
        observations = session.scalars(
            select(Observation)
            .where(
                Observation.department_id == department.id,
                Observation.status == "released",
                Observation.kind == "regular",
            )
            # Semester codes do not sort as text ("2026V" > "2026H"); the visit date does.
            .order_by(Observation.observed_on.desc())
        ).all()
        means = dimension_means_by_observation(session, [o.id for o in observations])
        lines = [ReportLine(o, _domain_means(o, means.get(o.id, {}))) for o in observations]
        result.append(LeaderDepartment(department, lines))
    return result


def _domain_means(observation: Observation, dimension_means: dict[str, float]) -> dict:
    instrument = all_instruments()[observation.instrument_id]
    return domain_means(dimension_means, instrument.domain_codes, instrument.reverse_codes)


@dataclass(frozen=True)
class DepartmentStatus:
    department: Department
    this_semester: str | None  # status of this semester's regular observation, if any
    last_released: str | None


def director_overview(session: Session, user: Subject) -> tuple[Kindergarten | None, list]:
    """The director's kindergarten and each department's observation status."""
    kindergarten = session.get(Kindergarten, user.home_kindergarten_id or 0)
    if kindergarten is None:
        return None, []
    semester = current_semester()
    this_status = (
        select(Observation.status)
        .where(
            Observation.department_id == Department.id,
            Observation.semester == semester,
            Observation.kind == "regular",
        )
        .scalar_subquery()
    )
    last_released = (
        select(Observation.semester)
        .where(Observation.department_id == Department.id, Observation.status == "released")
        .order_by(Observation.observed_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Department, this_status, last_released)
        .where(Department.kindergarten_id == kindergarten.id, _in_programme(semester))
        .order_by(Department.name)
    ).all()
    return kindergarten, [DepartmentStatus(*row) for row in rows]


def _coverage_columns(semester: str):
    """Departments observed / in draft in `semester` (regular observations only)."""
    regular_this = (Observation.semester == semester) & (Observation.kind == "regular")
    done = func.count(
        distinct(case((regular_this & Observation.status.in_(DONE), Observation.department_id)))
    )
    draft = func.count(
        distinct(case((regular_this & (Observation.status == "draft"), Observation.department_id)))
    )
    return done, draft


def _in_programme(semester: str):
    """The departments that count in `semester`: the active ones, and any observed in it (one
    deactivated since keeps its observation; one never observed is no longer to be done)."""
    seen = aliased(Observation)  # never correlated with a query's own observation join
    observed = select(seen.department_id).where(seen.semester == semester, seen.kind == "regular")
    return Department.active.is_(True) | Department.id.in_(observed)


def mentor_networks(session: Session, user: Subject) -> list[dict]:
    """Each network the mentor has, with per-kindergarten coverage this semester."""
    semester = current_semester()
    done, draft = _coverage_columns(semester)
    networks = session.scalars(
        restrict(select(Network).order_by(Network.name), user, "home.mentor")
    ).all()
    result = []
    for network in networks:
        rows = session.execute(
            select(Kindergarten, func.count(distinct(Department.id)), done, draft)
            .join(Department, Department.kindergarten_id == Kindergarten.id)
            .outerjoin(Observation, Observation.department_id == Department.id)
            .where(Kindergarten.network_id == network.id, _in_programme(semester))
            .group_by(Kindergarten.id)
            .order_by(Kindergarten.name)
        ).all()
        result.append({"network": network, "semester": semester, "kindergartens": rows})
    return result


def programme_overview(session: Session) -> dict:
    """Per pool: size of the programme this semester (deactivated departments only where
    observed) and this semester's coverage."""
    semester = current_semester()
    done, draft = _coverage_columns(semester)
    counted = Kindergarten.active.is_(True) | Department.id.is_not(None)
    sizes = session.execute(
        select(
            Pool,
            func.count(distinct(case((counted, Kindergarten.id)))),
            func.count(Department.id),
            func.coalesce(func.sum(Department.children_count), 0),
            func.coalesce(func.sum(Department.staff_count), 0),
        )
        .outerjoin(Kindergarten, Kindergarten.pool_id == Pool.id)
        .outerjoin(
            Department,
            (Department.kindergarten_id == Kindergarten.id) & _in_programme(semester),
        )
        .group_by(Pool.id)
        .order_by(Pool.number)
    ).all()
    rows = session.execute(
        select(Kindergarten.pool_id, done, draft)
        .join(Department, Department.kindergarten_id == Kindergarten.id)
        .join(Observation, Observation.department_id == Department.id)
        .group_by(Kindergarten.pool_id)
    ).all()
    coverage = {pool_id: (n_done, n_draft) for pool_id, n_done, n_draft in rows}
    return {"semester": semester, "pools": sizes, "coverage": coverage}
