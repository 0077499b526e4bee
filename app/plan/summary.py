"""A plan's summary: visits, observers, load, soft preferences met, and what is not met, in words.

The same summary comes from two places: the solver's answer (the CLI prints it right after an
assignment) and the database (the plan page, which must also show the project lead's edits).
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from analysis.planning import PlanResult, Unmet
from analysis.planning_double import wanted_double_codings
from analysis.semesters import parse_semester

from ..models import Certification, Department, Kindergarten, Observation, User, Visit
from ..permissions import able_to

FAMILY_WORDS = {"toddler": _l("toddler"), "preschool": _l("pre-school")}
MESSAGES = {
    "no_eligible_observer": _l(
        "%(department)s (%(kindergarten)s): no active %(family)s observer outside "
        "%(kindergarten)s holds a certification valid in the window."
    ),
    "no_free_day": _l(
        "%(department)s (%(kindergarten)s): no certified %(family)s observer outside "
        "%(kindergarten)s is free in the window."
    ),
    "double_coding_short": _l(
        "Double-coding: %(planned)s of the %(wanted)s visits wanted have a second observer; "
        "no other eligible observer was free on the other visits' days."
    ),
    "soft_recent_observer": _l(
        "%(department)s (%(kindergarten)s): the observer also observed it in one of the last "
        "two semesters."
    ),
    "soft_same_network": _l(
        "%(department)s (%(kindergarten)s): the observer is from the same network."
    ),
}
OTHER = _l("%(department)s (%(kindergarten)s): %(rule)s.")
NAME_CHUNK = 5000  # ids per IN list: SQLite limits how many parameters a statement has


@dataclass(frozen=True)
class UnmetLine:
    department_id: int | None
    message: str


@dataclass(frozen=True)
class PlanSummary:
    visits: int
    regular: int
    double_coding: int
    observers: int
    load_min: int
    load_mean: float
    load_max: int
    soft_met_share: float | None  # None when there is no visit to judge
    unmet: list["UnmetLine"] = field(default_factory=list)  # hard constraints not met
    soft_unmet: int = 0  # visits where a soft preference was set aside


def is_soft(unmet: Unmet) -> bool:
    return unmet.rule.startswith("soft_")


def describe(unmet: Unmet, names: dict[int, tuple[str, str, str]]) -> str:
    """One unmet constraint as a sentence naming the department and its kindergarten."""
    department, kindergarten, family = names.get(unmet.department_id, ("?", "?", ""))
    values = {
        **unmet.details,
        "department": department,
        "kindergarten": kindergarten,
        "rule": unmet.rule,
        "family": FAMILY_WORDS.get(family, family),
    }
    template = MESSAGES.get(unmet.rule, OTHER)
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):  # details the message does not know
        return str(OTHER) % values


def department_names(session: Session, ids) -> dict[int, tuple[str, str, str]]:
    """Name, kindergarten and family of each department, read in chunks."""
    ids = sorted({id_ for id_ in ids if id_ is not None})
    names = {}
    for start in range(0, len(ids), NAME_CHUNK):
        rows = session.execute(
            select(Department.id, Department.name, Kindergarten.name, Department.age_group)
            .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
            .where(Department.id.in_(ids[start : start + NAME_CHUNK]))
        )
        names.update({id_: (name, kg, family) for id_, name, kg, family in rows})
    return names


def _messages(session: Session, unmet) -> list[UnmetLine]:
    hard = [item for item in unmet if not is_soft(item)]
    names = department_names(session, (item.department_id for item in hard))
    return [UnmetLine(item.department_id, describe(item, names)) for item in hard]


def summary_of_result(session: Session, result: PlanResult) -> PlanSummary:
    """The summary of a fresh assignment, with every constraint not met in words."""
    regular = sum(1 for visit in result.visits if visit.kind == "regular")
    return PlanSummary(
        visits=len(result.visits),
        regular=regular,
        double_coding=len(result.visits) - regular,
        observers=result.observers_used,
        load_min=result.load_min,
        load_mean=result.load_mean,
        load_max=result.load_max,
        soft_met_share=result.soft_met_share,
        unmet=_messages(session, result.unmet),
        soft_unmet=sum(1 for item in result.unmet if is_soft(item)),
    )


def summary_of_plan(session: Session, plan) -> PlanSummary:
    """The summary of the plan as it stands now, edits included; counted in the database."""
    kept = and_(Visit.plan_id == plan.id, Visit.status != "cancelled")
    per_observer = (
        select(Visit.observer_id, func.count().label("n"))
        .where(kept)
        .group_by(Visit.observer_id)
        .subquery()
    )
    observers, low, mean, high = session.execute(
        select(
            func.count(),
            func.min(per_observer.c.n),
            func.avg(per_observer.c.n),
            func.max(per_observer.c.n),
        )
    ).one()
    kinds = dict(
        session.execute(select(Visit.kind, func.count()).where(kept).group_by(Visit.kind)).all()
    )
    regular, double_coding = kinds.get("regular", 0), kinds.get("double_coding", 0)
    soft_met = _soft_met(session, plan)
    unmet = missing_departments(session, plan) + _double_coding_short(plan, regular, double_coding)
    return PlanSummary(
        visits=regular + double_coding,
        regular=regular,
        double_coding=double_coding,
        observers=observers,
        load_min=low or 0,
        load_mean=float(mean or 0),
        load_max=high or 0,
        soft_met_share=soft_met / regular if regular else None,
        unmet=_messages(session, unmet),
        soft_unmet=regular - soft_met,
    )


def _double_coding_short(plan, regular: int, double_coding: int) -> list[Unmet]:
    wanted = wanted_double_codings(plan.double_coding_share, regular)
    if double_coding >= wanted:
        return []
    return [Unmet(None, "double_coding_short", {"planned": double_coding, "wanted": wanted})]


def missing_departments(session: Session, plan) -> list[Unmet]:
    """Departments still to observe with no kept regular visit, and why none could be found."""
    observed = select(Observation.department_id).where(
        Observation.semester == plan.semester, Observation.kind == "regular"
    )
    visited = select(Visit.department_id).where(
        Visit.plan_id == plan.id, Visit.kind == "regular", Visit.status != "cancelled"
    )
    eligible = (
        select(User.id)
        .join(Certification, Certification.user_id == User.id)
        .where(able_to("observation.perform"), Certification.family == Department.age_group)
        .where(
            or_(
                User.home_kindergarten_id.is_(None),
                User.home_kindergarten_id != Department.kindergarten_id,
            )
        )
        .where(
            Certification.certified_on <= plan.last_day, Certification.expires_on > plan.first_day
        )
        .exists()
    )
    rows = session.execute(
        select(Department.id, eligible)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .where(Department.active.is_(True), Kindergarten.active.is_(True))
        .where(Department.id.not_in(observed), Department.id.not_in(visited))
        .order_by(Department.id)
    )
    return [
        Unmet(id_, "no_free_day" if has_eligible else "no_eligible_observer", {})
        for id_, has_eligible in rows
    ]


def _soft_met(session: Session, plan) -> int:
    """Regular visits whose observer is from another network and did not observe the department
    in the last two semesters."""
    semester = parse_semester(plan.semester)
    earlier = [str(semester.previous()), str(semester.previous().previous())]
    home = aliased(Kindergarten)
    observed_before = exists().where(
        Observation.department_id == Visit.department_id,
        Observation.observer_id == Visit.observer_id,
        Observation.kind == "regular",
        Observation.semester.in_(earlier),
    )
    other_network = or_(
        home.network_id.is_(None),
        Kindergarten.network_id.is_(None),
        home.network_id != Kindergarten.network_id,
    )
    return session.scalar(
        select(func.count())
        .select_from(Visit)
        .join(Department, Department.id == Visit.department_id)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .join(User, User.id == Visit.observer_id)
        .outerjoin(home, home.id == User.home_kindergarten_id)
        .where(Visit.plan_id == plan.id, Visit.kind == "regular", Visit.status != "cancelled")
        .where(~observed_before, other_network)
    )
