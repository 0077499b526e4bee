"""Every item due today, for everyone or for some people, from the kinds' finders."""

from datetime import date

from sqlalchemy.orm import Session

from . import due_guidance, due_people
from .items import Item, kinds_for

FINDERS = (
    due_people.certifications_expiring,
    due_people.visits,
    due_guidance.reports_released,
    due_guidance.narratives_due,
    due_guidance.narratives_handed_in,
    due_guidance.departments_flagged,
    due_people.agreement_drift,
    due_people.certifications_lapsed,
)


def due_items(session: Session, today: date, user_ids=None) -> list[Item]:
    """The items due today (user_ids None: for everyone), without repeats."""
    items = [item for finder in FINDERS for item in finder(session, today, user_ids)]
    return list(dict.fromkeys(items))


def due_for(session: Session, user, today: date) -> list[Item]:
    """One person's items, of the kinds their roles receive."""
    kinds = set(kinds_for(user.roles))
    if not kinds:
        return []
    return [item for item in due_items(session, today, {user.id}) if item.kind in kinds]
