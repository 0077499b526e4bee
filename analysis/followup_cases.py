"""Which flagged departments already have a follow-up case: the flagged list marks a
department with an open case as handled (the database holds at most one open case per
department), and otherwise shows a case closed on the flags of the same semester."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from analysis.followup import FollowUpItem
from analysis.schema import follow_up_case


@dataclass(frozen=True)
class CaseMark:
    id: int
    status: str  # "open" | "closed"

    @property
    def handled(self) -> bool:
        return self.status == "open"


def cases_of(session: Session, items: Iterable[FollowUpItem]) -> dict[int, CaseMark]:
    """Return department id -> its open case, else its latest case opened from the item's
    semester (closed by now); departments with neither are left out."""
    semester_of = {item.department_id: item.semester for item in items}
    if not semester_of:
        return {}
    c = follow_up_case.c
    rows = session.execute(
        select(c.id, c.department_id, c.status, c.semester)
        .where(c.department_id.in_(semester_of))
        .where(or_(c.status == "open", c.semester.in_(set(semester_of.values()))))
        .order_by(c.opened_at, c.id)
    )
    marks: dict[int, CaseMark] = {}
    for row in rows:
        current = marks.get(row.department_id)
        if current is not None and current.handled:
            continue  # the open case wins over any closed one
        if row.status == "open" or row.semester == semester_of[row.department_id]:
            marks[row.department_id] = CaseMark(row.id, row.status)  # later rows: newer
    return marks
