"""Changes to follow-up cases: open, agree, goals, check-ins, close and reopen.

Every change is audited (app/changes.py) in the caller's transaction; the view commits.
A refusal raises CaseRefused before anything is written, or the view rolls back.
"""

from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..changes import audited_create, audited_update
from ..models import FollowUpCase, FollowUpCheckIn, FollowUpGoal
from ..models.audit import record

CASE = "follow_up_case"
GOAL = "follow_up_goal"
CHECK_IN = "follow_up_check_in"


class CaseRefused(Exception):
    """A change the rules refuse; `field` names the form field it is about (None: the page)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message  # translated, or ONE_OPEN: the view words it with a link
        self.field = field


def open_case_of(session: Session, department_id: int) -> FollowUpCase | None:
    """Return the department's open case, if it has one."""
    return session.scalar(
        select(FollowUpCase).where(
            FollowUpCase.department_id == department_id, FollowUpCase.status == "open"
        )
    )


ONE_OPEN = "one_open_case"


def _refuse_second_open(session: Session, department_id: int) -> None:
    if open_case_of(session, department_id) is not None:
        raise CaseRefused(ONE_OPEN, "department_id")


def _flush_one_open(session: Session) -> None:
    """Flush, turning the database's one-open-case index into a refusal (two people at once);
    the view rolls back and links to the case that won."""
    try:
        session.flush()
    except IntegrityError:
        raise CaseRefused(ONE_OPEN, "department_id") from None


def open_case(
    session: Session,
    user_id: int,
    department_id: int,
    semester: str,
    reason: str,
    flag_rule: str | None = None,
) -> FollowUpCase:
    """Open a case on a department that has none open."""
    _refuse_second_open(session, department_id)
    case = FollowUpCase(
        department_id=department_id,
        opened_by_id=user_id,
        opened_at=datetime.now(UTC),
        semester=semester,
        flag_rule=flag_rule,
        reason=reason,
        status="open",
    )
    session.add(case)
    _flush_one_open(session)
    audited_create(session, user_id, CASE, case)
    return case


def _ensure_open(case: FollowUpCase) -> None:
    if case.status != "open":
        raise CaseRefused(_("The case is closed. Reopen it to change it."))


def set_agreed(session: Session, user_id: int, case: FollowUpCase, day: date) -> None:
    """Record the day the case was agreed with the director."""
    _ensure_open(case)
    audited_update(session, user_id, CASE, case, {"agreed_with_director_on": day})


def _refuse_repeated_goal(case: FollowUpCase, code: str, goal: FollowUpGoal | None) -> None:
    if any(g.dimension_code == code and g is not goal for g in case.goals):
        raise CaseRefused(
            _("The case already has a goal on this dimension. Change that goal instead."),
            "dimension_code",
        )


def add_goal(session: Session, user_id: int, case: FollowUpCase, values: dict) -> FollowUpGoal:
    """Add a goal: a dimension, a target mean and the agreed actions."""
    _ensure_open(case)
    _refuse_repeated_goal(case, values["dimension_code"], None)
    goal = FollowUpGoal(case_id=case.id, **values)
    audited_create(session, user_id, GOAL, goal)
    session.refresh(case, ["goals"])
    return goal


def change_goal(
    session: Session, user_id: int, case: FollowUpCase, goal: FollowUpGoal, values: dict
) -> None:
    _ensure_open(case)
    _refuse_repeated_goal(case, values["dimension_code"], goal)
    audited_update(session, user_id, GOAL, goal, values)


def remove_goal(session: Session, user_id: int, case: FollowUpCase, goal: FollowUpGoal) -> None:
    """Remove a goal; the audit trail keeps what it said."""
    _ensure_open(case)
    for name in ("case_id", "dimension_code", "target", "actions"):
        record(session, user_id=user_id, action="delete", entity=GOAL, entity_id=goal.id,
               field=name, old=getattr(goal, name))  # fmt: skip
    case.goals.remove(goal)
    session.flush()


def add_check_in(
    session: Session, user_id: int, case: FollowUpCase, day: date, note: str
) -> FollowUpCheckIn:
    """Append a check-in (date, note, who); check-ins are never changed afterwards."""
    _ensure_open(case)
    check_in = FollowUpCheckIn(
        case_id=case.id, held_on=day, note=note, by_id=user_id, recorded_at=datetime.now(UTC)
    )
    audited_create(session, user_id, CHECK_IN, check_in)
    return check_in


def close_case(session: Session, user_id: int, case: FollowUpCase, outcome: str) -> None:
    _ensure_open(case)
    changes = {"status": "closed", "closed_at": datetime.now(UTC), "outcome": outcome}
    audited_update(session, user_id, CASE, case, changes)


def reopen_case(session: Session, user_id: int, case: FollowUpCase) -> None:
    """Reopen a closed case, unless the department has another open case by now."""
    if case.status == "open":
        return
    _refuse_second_open(session, case.department_id)
    changes = {"status": "open", "closed_at": None, "outcome": None}
    audited_update(session, user_id, CASE, case, changes)
    _flush_one_open(session)
