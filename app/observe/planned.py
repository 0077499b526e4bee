"""An observation started from a planned visit (app/plan): which visit, and whether it fits.

The start form sends the visit's id with the new observation; the service checks it here and
`lifecycle.start_visit` links the two in the same transaction, so a visit is `started` exactly
when its observation exists.
"""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..models import Department, User, Visit
from ..permissions import may
from .rules import NewObservation, RuleViolation


def planned_visit(session: Session, visit_id: int | None) -> Visit | None:
    """Load the visit with its plan, department and regular visit (None: no such visit)."""
    if visit_id is None:
        return None
    return session.scalar(
        select(Visit)
        .options(
            joinedload(Visit.plan),
            joinedload(Visit.department).joinedload(Department.kindergarten),
            joinedload(Visit.regular_visit),
        )
        .where(Visit.id == visit_id)
    )


def check_planned_visit(user: User, new: NewObservation, visit: Visit | None) -> None:
    """Refuse a visit that is not the user's own planned visit, or that the observation does
    not carry out (another department, kind, semester or regular observation)."""
    if visit is None or visit.observer_id != user.id or not may(user, "visits.view", visit):
        raise RuleViolation(
            "unknown_visit",
            _("That planned visit is not one of yours. Open My visits and start it from there."),
            {"field": "visit_id"},
        )
    if not may(user, "visits.start", visit):
        raise RuleViolation(
            "visit_not_planned",
            _("This visit has already been started, or it was cancelled. Open My visits."),
            {"status": visit.status},
        )
    differing = _differing_fields(new, visit)
    if differing:
        raise RuleViolation(
            "visit_mismatch",
            _("The observation does not match its planned visit. Start it from My visits again."),
            {"fields": differing},
        )


def _differing_fields(new: NewObservation, visit: Visit) -> list[str]:
    regular = visit.regular_visit
    primary = regular.observation_id if regular is not None else None
    checks = {
        "department_id": visit.department_id == new.department_id,
        "kind": visit.kind == new.kind,
        "observed_on": visit.plan.semester == new.semester,
        # A double-coding visit codes the regular visit's observation once that has started.
        "primary_observation_id": primary is None or primary == new.primary_observation_id,
    }
    return [name for name, fits in checks.items() if not fits]
