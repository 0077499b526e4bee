"""A small published plan around the observation World: visits to start, to see, to list."""

from dataclasses import dataclass
from datetime import date, timedelta

from analysis.semesters import parse_semester, semester_of
from app.models import SemesterPlan, Visit, utcnow
from tests.support.factories import certify, make_user
from tests.support.observe import World, make_world

TODAY = date.today()


def add_plan(session, semester: str, status: str = "published") -> SemesterPlan:
    """A plan whose window is the whole semester."""
    parsed = parse_semester(semester)
    plan = SemesterPlan(
        semester=semester,
        status=status,
        first_day=parsed.start_date(),
        last_day=parsed.end_date(),
        double_coding_share=0.1,
        published_at=utcnow() if status == "published" else None,
    )
    session.add(plan)
    session.flush()
    return plan


def add_visit(session, plan, department, observer, day: date, **fields) -> Visit:
    visit = Visit(plan=plan, department=department, observer=observer, planned_on=day, **fields)
    session.add(visit)
    session.flush()
    return visit


@dataclass
class PlanWorld:
    world: World
    plan: SemesterPlan  # this semester's, published
    visit: Visit  # the observer's regular visit of Maurtua, today
    double: Visit  # the colleague's double-coding of the same visit
    draft_visit: Visit  # the observer's visit in next semester's draft plan
    stranger: object  # an observer from a third kindergarten, with no visits


def make_plan_world(session) -> PlanWorld:
    """This semester's published plan: Maurtua (Stabekk) visited today by the World's observer
    and double-coded by their colleague; next semester's draft plan; certifications for today."""
    world = make_world(session)
    for person in (world.observer, world.colleague):
        certify(session, person, "preschool", TODAY - timedelta(days=10))
    stranger = make_user(session, "stranger@example.no", "observer")
    semester = semester_of(TODAY)
    plan = add_plan(session, semester)
    visit = add_visit(session, plan, world.department, world.observer, TODAY)
    double = add_visit(
        session,
        plan,
        world.department,
        world.colleague,
        TODAY,
        kind="double_coding",
        regular_visit=visit,
    )
    draft = add_plan(session, str(parse_semester(semester).next()), status="draft")
    next_day = draft.first_day + timedelta(days=20)
    draft_visit = add_visit(session, draft, world.department, world.observer, next_day)
    session.commit()
    return PlanWorld(world, plan, visit, double, draft_visit, stranger)
