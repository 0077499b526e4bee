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
    Feedback,
    Kindergarten,
    Observation,
    Pool,
    Score,
)
from ..permissions import Subject
from . import reading

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
    acknowledged: bool  # the pedagogical leader marked it as read
    opened: bool  # this reader has opened it

    @property
    def new(self) -> bool:
        """Unread: neither opened by this reader nor marked as read by the leader."""
        return not (self.acknowledged or self.opened)


@dataclass(frozen=True)
class LeaderDepartment:
    department: Department
    reports: list[ReportLine]
    headings: list[tuple[str, str]]  # (code, plain name) of the domains in the table

    @property
    def unread(self) -> int:
        return sum(1 for line in self.reports if line.new)


def leader_departments(session: Session, user: Subject, lang: str) -> list[LeaderDepartment]:
    """The departments the user belongs to (as leader or staff) with their released regular
    observations, newest first, each marked new until this reader opens it or it is read."""
    departments = session.scalars(
        select(Department).where(Department.id.in_(user.department_ids)).order_by(Department.id)
    ).all()
    rows = session.execute(
        select(Observation, Feedback.acknowledged_at)
        .outerjoin(Feedback, Feedback.observation_id == Observation.id)
        .where(
            Observation.department_id.in_(user.department_ids),
            Observation.status == "released",
            Observation.kind == "regular",
        )
        # Semester codes do not sort as text ("2026V" > "2026H"); the visit date does.
        .order_by(Observation.observed_on.desc())
    ).all()
    ids = [observation.id for observation, _ in rows]
    means = dimension_means_by_observation(session, ids)
    opened = reading.opened_by(session, user, ids)
    lines: dict[int, list[ReportLine]] = {d.id: [] for d in departments}
    for observation, acknowledged_at in rows:
        domain = _domain_means(observation, means.get(observation.id, {}))
        read = acknowledged_at is not None
        line = ReportLine(observation, domain, read, str(observation.id) in opened)
        lines[observation.department_id].append(line)
    return [LeaderDepartment(d, lines[d.id], _headings(lines[d.id], lang)) for d in departments]


def _headings(lines: list[ReportLine], lang: str) -> list[tuple[str, str]]:
    if not lines:
        return []
    instrument = all_instruments()[lines[0].observation.instrument_id]
    names = dict(reading.domain_headings(instrument, lang))
    return [(code, names.get(code, code)) for code in lines[0].domain_means]


def _domain_means(observation: Observation, dimension_means: dict[str, float]) -> dict:
    instrument = all_instruments()[observation.instrument_id]
    return domain_means(dimension_means, instrument.domain_codes, instrument.reverse_codes)


def home_kindergarten(session: Session, user: Subject) -> Kindergarten | None:
    """The director's (or observer's) own kindergarten, if they have one."""
    return session.get(Kindergarten, user.home_kindergarten_id or 0)


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
