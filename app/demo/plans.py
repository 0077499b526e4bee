"""The demo's semester plans (DESIGN.md §8): the current semester's, published, whose visits are
the demo's own observations plus a planned visit for every department still to be visited; and
the next semester's, a draft made by the planner (app.plan.assignment.make_plan)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from analysis.semesters import parse_semester

from ..models import Observation, SemesterPlan, Visit
from ..plan.assignment import default_window, make_plan
from .observations import ObservationGenerator
from .visits import visit_window, weekday_between

PLAN, VISIT = SemesterPlan.__table__, Visit.__table__
DOUBLE_CODING_SHARE = 0.1
# The observation's status decides its visit's: a draft is a visit under way.
VISIT_STATUS = {"draft": "started", "submitted": "done", "released": "done"}
DAY_TRIES = 5
# The accounts list shows one of the first observers with a draft (app/demo/accounts.py); each
# of them gets a visit still to come, so the demo's observer has one to start.
SHOWCASE_OBSERVERS = 3


class PublishedPlan:
    """Collect the current semester's visits as rows for one bulk insert."""

    def __init__(self, generator: ObservationGenerator) -> None:
        self.generator = generator
        self.rows: list[dict] = []
        self.regular_of: dict[object, int] = {}  # primary observation id -> its visit id

    def add(self, **row) -> int:
        row["id"] = len(self.rows) + 1
        row.setdefault("regular_visit_id", None)
        row.setdefault("observation_id", None)
        self.rows.append({"plan_id": 1, "status": "planned", **row})
        return row["id"]

    def observed(self, session: Session) -> set[int]:
        """Add a visit for each of this semester's observations; return the departments done."""
        o = Observation.__table__.c
        rows = session.execute(
            select(o.id, o.department_id, o.observer_id, o.kind, o.observed_on, o.status,
                   o.primary_observation_id)
            .where(o.semester == self.generator.current, o.kind != "practice")
            # Regular ones first: a double-coding visit refers to its regular visit.
            .order_by(o.kind.desc(), o.observed_on, o.department_id)
        )  # fmt: skip
        for observation in rows:
            visit_id = self.add(
                department_id=observation.department_id,
                observer_id=observation.observer_id,
                kind=observation.kind,
                planned_on=observation.observed_on,
                status=VISIT_STATUS[observation.status],
                observation_id=observation.id,
                regular_visit_id=self.regular_of.get(observation.primary_observation_id),
            )
            self.regular_of[observation.id] = visit_id
        return {row["department_id"] for row in self.rows}

    def for_showcase(self, observed: set[int], days: tuple[date, date] | None) -> set[int]:
        """Give each showcase observer a visit still to come; return the departments planned."""
        by_id = {person.id: person for person in self.generator.people.observers}
        weekdays = [day for day in _days(days) if day.weekday() < 5]
        planned: set[int] = set()
        for observer_id in list(self.generator.showcase.drafts)[:SHOWCASE_OBSERVERS]:
            person = by_id[observer_id]
            found = self._first_fit(person, weekdays, observed | planned)
            if found is not None:
                department_id, day = found
                self.generator.picker.book(person, day)
                self.add(
                    department_id=department_id,
                    observer_id=person.id,
                    kind="regular",
                    planned_on=day,
                )
                planned.add(department_id)
        return planned

    def _first_fit(self, person, weekdays: list[date], taken: set[int]) -> tuple | None:
        """The first department still to visit and the first day the person may visit it."""
        picker = self.generator.picker
        for department in self.generator.org.departments:
            if department.id in taken:
                continue
            family = self.generator.instruments[department.age_group].family
            kindergarten = department.kindergarten_id
            fits = (d for d in weekdays if picker.eligible(person, family, kindergarten, d))
            day = next(fits, None)
            if day is not None:
                return department.id, day
        return None

    def to_come(self, observed: set[int], days: tuple[date, date] | None) -> None:
        """Plan a visit (and for a tenth a double-coding) for each department still to visit."""
        if days is None:
            return
        rng, picker = self.generator.rng, self.generator.picker
        for department in self.generator.org.departments:
            if department.id in observed:
                continue
            family = self.generator.instruments[department.age_group].family
            for _ in range(DAY_TRIES):
                day = weekday_between(rng, *days)
                observer = day and picker.pick(family, department.kindergarten_id, day)
                if observer:
                    break
            else:
                continue  # nobody free: the project lead sees the department unplanned
            common = {"department_id": department.id, "planned_on": day}
            regular = self.add(observer_id=observer.id, kind="regular", **common)
            if rng.random() < DOUBLE_CODING_SHARE:
                coder = picker.pick(family, department.kindergarten_id, day, exclude=observer.id)
                if coder:
                    self.add(
                        observer_id=coder.id,
                        kind="double_coding",
                        regular_visit_id=regular,
                        **common,
                    )


def _days(days: tuple[date, date] | None) -> list[date]:
    if days is None:
        return []
    return [days[0] + timedelta(days=n) for n in range((days[1] - days[0]).days + 1)]


def days_to_come(semester: str, today: date) -> tuple[date, date] | None:
    """The days left for visits: from tomorrow to the window's end (or, once the window has
    passed, to the semester's end), or None when the semester is over."""
    window = visit_window(semester)
    end = parse_semester(semester).end_date()
    first = max(today + timedelta(days=1), window[0] if window else today)
    last = window[1] if window and window[1] >= first else end
    return (first, last) if first <= last else None


def write_published_plan(session: Session, generator: ObservationGenerator) -> None:
    """Write the current semester's published plan (ids from 1: the demo is loaded empty)."""
    semester, today = generator.current, generator.today
    plan = PublishedPlan(generator)
    observed, days = plan.observed(session), days_to_come(semester, today)
    plan.to_come(observed | plan.for_showcase(observed, days), days)
    window = visit_window(semester) or (today, today)
    days = [row["planned_on"] for row in plan.rows] + list(window)
    published = datetime.combine(window[0] - timedelta(days=14), time(9), tzinfo=UTC)
    session.execute(
        insert(PLAN),
        {
            "id": 1,
            "semester": semester,
            "status": "published",
            "first_day": min(days),
            "last_day": max(days),
            "double_coding_share": DOUBLE_CODING_SHARE,
            "created_at": published - timedelta(days=7),
            "published_at": published,
        },
    )
    if plan.rows:
        session.execute(insert(VISIT), plan.rows)


def draft_next_plan(session: Session, project_lead_id: int, current: str, seed: int) -> None:
    """Make next semester's draft plan with the planner, as the project lead would."""
    semester = str(parse_semester(current).next())
    make_plan(
        session, project_lead_id, semester, *default_window(semester), DOUBLE_CODING_SHARE, seed
    )
