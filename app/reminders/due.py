"""Every item due today, for everyone or for some people, from the kinds' finders."""

from datetime import date

from sqlalchemy.orm import Session

from . import due_guidance, due_people
from .items import Item, kinds_for

# Each finder and the kinds it yields: a person's to-do list runs only the finders of the
# kinds their roles receive (a home page should not compute the project lead's agreement).
FINDERS = (
    (due_people.certifications_expiring,
     {"certification_expiring_60", "certification_expiring_14"}),
    (due_people.visits, {"visit_soon", "visit_overdue", "double_coding_assigned"}),
    (due_guidance.reports_released, {"report_released"}),
    (due_guidance.narratives_due, {"narrative_due"}),
    (due_guidance.narratives_handed_in, {"narratives_handed_in"}),
    (due_guidance.departments_flagged, {"department_flagged"}),
    (due_people.agreement_drift, {"agreement_drift"}),
    (due_people.certifications_lapsed, {"certification_lapsed"}),
)  # fmt: skip


def due_items(session: Session, today: date, user_ids=None, kinds=None) -> list[Item]:
    """The items due today (user_ids None: for everyone; kinds None: of every kind)."""
    items = [
        item
        for finder, yields in FINDERS
        if kinds is None or yields & kinds
        for item in finder(session, today, user_ids)
    ]
    return list(dict.fromkeys(items))


def due_for(session: Session, user, today: date) -> list[Item]:
    """One person's items, of the kinds their roles receive."""
    kinds = set(kinds_for(user.roles))
    if not kinds:
        return []
    items = due_items(session, today, {user.id}, kinds)
    return [item for item in items if item.kind in kinds]
