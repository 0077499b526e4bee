"""Automatic assignment: open a plan, read its facts (problem.py), solve, write the visits.

The rules live in the pure solver (analysis.planning); this module writes its answer with bulk
inserts and one audit insert, because the national set (25,000 departments) must be planned in
under a minute. The caller commits.
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from analysis.planning import PlanResult, assign
from analysis.semesters import parse_semester

from ..changes import audited_update
from ..models import AuditEvent, SemesterPlan, Visit
from ..models.audit import record
from .problem import load_problem, replaced_visits

MAX_SHARE = 0.3


class PlanRefused(Exception):
    """A plan or an edit that cannot be made; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def default_window(semester: str) -> tuple[date, date]:
    """The usual observation window: spring 15 January–5 June, autumn 25 August–5 December.

    Both leave the first weeks after the holidays for settling in (no observation then) and stop
    before the Christmas and summer wind-down.
    """
    half = parse_semester(semester)
    if half.half == "V":
        return date(half.year, 1, 15), date(half.year, 6, 5)
    return date(half.year, 8, 25), date(half.year, 12, 5)


def check_window(semester: str, first_day: date, last_day: date, share: float) -> None:
    """Refuse a window outside the semester, backwards, or a share outside 0–30 %."""
    half = parse_semester(semester)
    if first_day > last_day:
        raise PlanRefused(_("The last day must not come before the first day."), "last_day")
    if not (half.contains(first_day) and half.contains(last_day)):
        raise PlanRefused(_("The window must lie inside the semester."), "first_day")
    if not 0 <= share <= MAX_SHARE:
        raise PlanRefused(_("The double-coding share must be between 0 and 30 %."), "share")


def plan_of(session: Session, semester: str) -> SemesterPlan | None:
    return session.scalar(select(SemesterPlan).where(SemesterPlan.semester == semester))


def open_plan(
    session: Session,
    user_id: int | None,
    semester: str,
    first_day: date,
    last_day: date,
    share: float,
) -> SemesterPlan:
    """Open the semester's draft plan, or change the window and share of its draft plan."""
    check_window(semester, first_day, last_day, share)
    plan = plan_of(session, semester)
    if plan is not None and plan.status == "published":
        raise PlanRefused(
            _("The plan for %(semester)s is published and cannot be remade.", semester=semester),
            "semester",
        )
    wanted = {"first_day": first_day, "last_day": last_day, "double_coding_share": share}
    if plan is None:
        plan = SemesterPlan(semester=semester, status="draft", **wanted)
        session.add(plan)
        session.flush()
        for field, value in wanted.items():
            record(
                session,
                user_id=user_id,
                action="create",
                entity="semester_plan",
                entity_id=plan.id,
                field=field,
                new=value,
            )
        return plan
    audited_update(session, user_id, "semester_plan", plan, wanted)
    return plan


def make_plan(
    session: Session,
    user_id: int | None,
    semester: str,
    first_day: date,
    last_day: date,
    share: float,
    seed: int = 0,
) -> tuple[SemesterPlan, PlanResult]:
    """Open (or reopen) the draft plan and assign it: its planned visits are made anew."""
    plan = open_plan(session, user_id, semester, first_day, last_day, share)
    replaced = replaced_visits(plan)
    problem = load_problem(session, plan, replaced, seed)
    result = assign(problem)
    _delete_planned(session, user_id, replaced)
    write_visits(session, user_id, plan, result)
    return plan, result


def _delete_planned(session: Session, user_id: int | None, replaced) -> None:
    """Delete the visits a new assignment replaces, each deletion audited."""
    doomed = session.execute(
        select(Visit.id, Visit.department_id, Visit.observer_id, Visit.planned_on).where(replaced)
    ).all()
    if not doomed:
        return
    session.execute(
        insert(AuditEvent),
        [
            {
                "user_id": user_id,
                "action": "delete",
                "entity": "visit",
                "entity_id": str(id_),
                "old_value": f"department {department_id}, observer {observer_id}, {day}",
            }
            for id_, department_id, observer_id, day in doomed
        ],
    )
    # Double-coding visits first: their regular visits are among the deleted.
    session.execute(delete(Visit).where(replaced, Visit.kind == "double_coding"))
    session.execute(delete(Visit).where(replaced))
    session.expire_all()


AUDITED_FIELDS = ("department_id", "observer_id", "kind", "planned_on", "regular_visit_id")


def write_visits(session: Session, user_id: int | None, plan, result: PlanResult) -> None:
    """Insert the solver's visits, regular ones first so double-coding visits can link to them;
    one insert per kind and one audit insert (a national plan has some 27,000 visits)."""
    regular = [v for v in result.visits if v.kind == "regular"]
    rows = [_visit_row(plan, v, None) for v in regular]
    ids = _insert_visits(session, rows)
    regular_of = {v.department_id: id_ for v, id_ in zip(regular, ids, strict=True)}
    double_coding = [
        _visit_row(plan, v, regular_of[v.department_id])
        for v in result.visits
        if v.kind == "double_coding"
    ]
    ids += _insert_visits(session, double_coding)
    events = [
        {
            "user_id": user_id,
            "action": "create",
            "entity": "visit",
            "entity_id": str(id_),
            "field": field,
            "new_value": str(row[field]),
        }
        for row, id_ in zip(rows + double_coding, ids, strict=True)
        for field in AUDITED_FIELDS
        if row[field] is not None
    ]
    if events:
        session.execute(insert(AuditEvent), events)


def _visit_row(plan, visit, regular_visit_id: int | None) -> dict:
    return {
        "plan_id": plan.id,
        "department_id": visit.department_id,
        "observer_id": visit.observer_id,
        "kind": visit.kind,
        "planned_on": visit.planned_on,
        "regular_visit_id": regular_visit_id,
        "status": "planned",
    }


def _insert_visits(session: Session, rows: list[dict]) -> list[int]:
    """Insert many visits with one statement and return their ids in the rows' order."""
    if not rows:
        return []
    table = Visit.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())
