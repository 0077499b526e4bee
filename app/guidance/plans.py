"""Writing the monthly dimension plan: the programme default and a kindergarten's own months.

Every change is one audit row (the plan rows have no id: the entity id names the kindergarten
and month, or the month number). A refused input raises PlanInputRefused before anything is
changed; the view rolls back and shows the message. The caller commits.
"""

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.school_year import SCHOOL_MONTHS, parse_month

from ..models import DimensionPlanDefault, DimensionPlanMonth, Kindergarten
from ..models.audit import record
from .focus import dimension_choices


class PlanInputRefused(Exception):
    """A plan change that cannot be saved; the message says what to fix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _checked_code(code: str | None) -> str | None:
    if not code:
        return None
    if code not in dict(dimension_choices()):
        raise PlanInputRefused(_("Choose a dimension from the list."))
    return code


def _checked_month(month: str) -> str:
    try:
        _year, number = parse_month(month)
    except ValueError:
        raise PlanInputRefused(_("Choose a month from the list.")) from None
    if number not in SCHOOL_MONTHS:
        raise PlanInputRefused(_("July has no dimension: the plan runs from August to June."))
    return month


def save_months(
    session: Session, user_id: int, kindergarten: Kindergarten, chosen: Mapping[str, str | None]
) -> int:
    """Set a kindergarten's own dimension per month (None: follow the programme default);
    return how many months changed."""
    checked = {_checked_month(month): _checked_code(code) for month, code in chosen.items()}
    rows = {
        row.month: row
        for row in session.scalars(
            select(DimensionPlanMonth).where(
                DimensionPlanMonth.kindergarten_id == kindergarten.id,
                DimensionPlanMonth.month.in_(list(checked)),
            )
        )
    }
    changed = 0
    for month, code in checked.items():
        row = rows.get(month)
        old = row.dimension_code if row else None
        if old == code:
            continue
        _apply_month(session, kindergarten.id, month, row, code)
        entity_id = f"{kindergarten.id}/{month}"
        record(session, user_id=user_id, action=_action(old, code), entity="dimension_plan_month",
               entity_id=entity_id, field="dimension_code", old=old, new=code)  # fmt: skip
        changed += 1
    session.flush()
    return changed


def _apply_month(session: Session, kindergarten_id: int, month: str, row, code: str | None):
    if code is None:
        session.delete(row)
    elif row is None:
        row = DimensionPlanMonth(kindergarten_id=kindergarten_id, month=month, dimension_code=code)
        session.add(row)
    else:
        row.dimension_code = code


def _action(old: str | None, new: str | None) -> str:
    return "create" if old is None else "delete" if new is None else "update"


def save_default(session: Session, user_id: int, chosen: Mapping[int, str | None]) -> int:
    """Set the programme default per month number (None: no default); return how many changed."""
    if any(number not in SCHOOL_MONTHS for number in chosen):
        raise PlanInputRefused(_("Choose a month from the list."))
    checked = {number: _checked_code(code) for number, code in chosen.items()}
    rows = {row.month_number: row for row in session.scalars(select(DimensionPlanDefault))}
    changed = 0
    for number, code in checked.items():
        row = rows.get(number)
        old = row.dimension_code if row else None
        if old == code:
            continue
        if code is None:
            session.delete(row)
        elif row is None:
            session.add(DimensionPlanDefault(month_number=number, dimension_code=code))
        else:
            row.dimension_code = code
        record(session, user_id=user_id, action=_action(old, code), entity="dimension_plan_default",
               entity_id=number, field="dimension_code", old=old, new=code)  # fmt: skip
        changed += 1
    session.flush()
    return changed


def months_ahead(month: str, count: int = 6) -> list[str]:
    """Return the next `count` school months after `month` (July skipped), for a select."""
    year, number = parse_month(month)
    months: list[str] = []
    while len(months) < count:
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
        if number in SCHOOL_MONTHS:
            months.append(f"{year:04d}-{number:02d}")
    return months
