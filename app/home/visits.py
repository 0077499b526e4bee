"""Read models of the published plans for the homes: an observer's visits, a director's."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from analysis.semesters import parse_semester, semester_of

from ..models import Department, Visit
from ..permissions import Subject, restrict

RECENT_DAYS = 60  # how far back "recent" visits reach on My visits
UPCOMING = ("planned", "started")


@dataclass(frozen=True)
class ObserverVisits:
    upcoming: list[Visit]  # planned or started, from today on, soonest first
    recent: list[Visit]  # the rest of the last weeks, newest first


def _visits(user: Subject):
    """The visits the user may see, with what a line shows, cancelled ones left out."""
    return restrict(
        select(Visit)
        .options(
            joinedload(Visit.department).joinedload(Department.kindergarten),
            joinedload(Visit.observer),
            joinedload(Visit.plan),
        )
        .where(Visit.status != "cancelled"),
        user,
        "visits.view",
    )


def observer_visits(session: Session, user: Subject, today: date) -> ObserverVisits:
    """The observer's own visits of published plans: upcoming first, then recent ones."""
    own = _visits(user).where(Visit.observer_id == user.id)
    upcoming = session.scalars(
        own.where(Visit.planned_on >= today, Visit.status.in_(UPCOMING)).order_by(Visit.planned_on)
    ).all()
    recent = session.scalars(
        own.where(
            Visit.planned_on >= today - timedelta(days=RECENT_DAYS),
            (Visit.planned_on < today) | Visit.status.not_in(UPCOMING),
        ).order_by(Visit.planned_on.desc())
    ).all()
    return ObserverVisits(list(upcoming), list(recent))


def kindergarten_visits(session: Session, user: Subject, today: date) -> list[Visit]:
    """The visits of published plans to the director's kindergarten, from this semester on."""
    semester_start = parse_semester(semester_of(today)).start_date()
    query = _visits(user).where(
        Visit.department_id.in_(
            select(Department.id).where(Department.kindergarten_id == user.home_kindergarten_id)
        ),
        Visit.planned_on >= semester_start,
    )
    return list(session.scalars(query.order_by(Visit.planned_on, Visit.department_id)))
