"""The reminders due today in the guidance loop: released reports and narratives due (leaders
and staff), narratives handed in to read and newly flagged departments (mentors, directors,
leaders for their staff's narratives).

Narrative due date: a week before the month's meeting (the leaders' meeting for a leader, the
department meeting for staff), using the meeting's date when it is recorded for that month,
else the 15th (NARRATIVE_DEFAULT_MEETING_DAY). It shows from a week before it is due until
the narrative is handed in or the meeting day has passed. July has no meetings.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.followup import follow_up
from analysis.school_year import leaders_reader_is_mentor

from ..follow_up_flags import thresholds
from ..instruments import versions
from ..models import (
    Department,
    Feedback,
    GuidanceMeeting,
    Kindergarten,
    Network,
    Observation,
    PracticeNarrative,
    User,
    UserRole,
    department_member,
)
from ..permissions import holds_role
from ..permissions.guidance import NARRATIVE_MEETING_OF_ROLE
from .items import Item

NARRATIVE_DEFAULT_MEETING_DAY = 15
DUE_BEFORE_MEETING = timedelta(days=7)
RELEASED_WITHIN = timedelta(days=30)  # a report released longer ago is not news


def _holders(session: Session, role: str, user_ids=None):
    query = select(User).where(holds_role(role))
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    return session.scalars(query.order_by(User.id)).all()


def _members(session: Session, department_id: int, roles) -> list[int]:
    query = (
        select(User.id)
        .join(department_member, department_member.c.user_id == User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(department_member.c.department_id == department_id, User.active)
        .where(UserRole.role.in_(roles))
    )
    return list(dict.fromkeys(session.scalars(query)))


def reports_released(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    since = datetime.combine(today, datetime.min.time(), UTC) - RELEASED_WITHIN
    query = select(Observation).join(Feedback).where(Feedback.released_at >= since)
    if user_ids is not None:
        query = query.where(Observation.department_id.in_(_departments_near(user_ids)))
    for observation in session.scalars(query.order_by(Feedback.released_at)):
        department = observation.department
        what = f"{department.name}, {department.kindergarten.name}"
        for member in _members(session, department.id, ("pedagogical_leader", "staff")):
            if user_ids is None or member in user_ids:
                yield Item(member, "report_released", str(observation.id), what)


def _departments_near(user_ids):
    """SELECT the departments whose reminders may concern these people: those they belong
    to, those of the kindergarten they direct and of the networks they mentor (a superset:
    the finders still pick each item's recipients by the rules)."""
    led = select(department_member.c.department_id).where(department_member.c.user_id.in_(user_ids))
    homes = select(User.home_kindergarten_id).where(User.id.in_(user_ids))
    networks = select(Network.id).where(Network.mentor_id.in_(user_ids))
    guided = (
        select(Department.id)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .where(Kindergarten.id.in_(homes) | Kindergarten.network_id.in_(networks))
    )
    return led.union(guided)


def _meeting_day(session: Session, meeting: str, department: Department, month: str) -> date:
    query = select(func.min(GuidanceMeeting.held_on)).where(
        GuidanceMeeting.kind == meeting, GuidanceMeeting.month == month
    )
    if meeting == "department_meeting":
        query = query.where(GuidanceMeeting.department_id == department.id)
    else:
        query = query.where(GuidanceMeeting.kindergarten_id == department.kindergarten_id)
    recorded = session.scalar(query)
    year, number = map(int, month.split("-"))
    return recorded or date(year, number, NARRATIVE_DEFAULT_MEETING_DAY)


def narratives_due(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    month = today.strftime("%Y-%m")
    if today.month == 7:
        return
    for role, meeting in NARRATIVE_MEETING_OF_ROLE.items():
        for person in _holders(session, role, user_ids):
            if not person.departments or _handed_in(session, person.id, month, meeting):
                continue
            meeting_on = _meeting_day(session, meeting, person.departments[0], month)
            due = meeting_on - DUE_BEFORE_MEETING
            if due - DUE_BEFORE_MEETING <= today <= meeting_on:
                yield Item(person.id, "narrative_due", f"{month}:{meeting}", "", due)


def _handed_in(session: Session, author_id: int, month: str, meeting: str) -> bool:
    query = select(PracticeNarrative.id).where(
        PracticeNarrative.author_id == author_id,
        PracticeNarrative.month == month,
        PracticeNarrative.for_meeting == meeting,
        PracticeNarrative.handed_in_at.is_not(None),
    )
    return session.scalar(query) is not None


def _directors(session: Session, kindergarten_id: int) -> list[int]:
    return [
        person.id
        for person in _holders(session, "director")
        if person.home_kindergarten_id == kindergarten_id
    ]


def _narrative_readers(session: Session, narrative: PracticeNarrative) -> list[int]:
    """The readers of app/permissions/guidance.py: the department's leaders for staff's
    narratives; the network's mentor in programme year 1, the director from year 2."""
    department = narrative.department
    if narrative.for_meeting == "department_meeting":
        return _members(session, department.id, ("pedagogical_leader",))
    kindergarten = department.kindergarten
    if leaders_reader_is_mentor(kindergarten.pool.first_semester, narrative.month):
        mentor = kindergarten.network.mentor if kindergarten.network else None
        return [mentor.id] if mentor is not None and mentor.active else []
    return _directors(session, kindergarten.id)


def narratives_handed_in(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    """Handed-in narratives not yet discussed, of this month and the one before."""
    previous = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    query = select(PracticeNarrative).where(
        PracticeNarrative.handed_in_at.is_not(None),
        PracticeNarrative.discussed_at.is_(None),
        PracticeNarrative.meeting_id.is_(None),
        PracticeNarrative.month >= previous,
    )
    if user_ids is not None:
        query = query.where(PracticeNarrative.department_id.in_(_departments_near(user_ids)))
    for narrative in session.scalars(query.order_by(PracticeNarrative.id)):
        for reader in _narrative_readers(session, narrative):
            if user_ids is None or reader in user_ids:
                what = f"{narrative.author.name} ({narrative.department.name})"
                yield Item(reader, "narratives_handed_in", str(narrative.id), what)


def departments_flagged(session: Session, today: date, user_ids=None) -> Iterator[Item]:
    """Departments flagged as of the latest observed semester, to their director and mentor
    (keyed by semester: a department flagged again a later semester is news again)."""
    filters = _flag_scope(session, user_ids)
    if filters is False:
        return
    items = follow_up(session, filters=filters, instruments=versions(), thresholds=thresholds())
    latest = max((item.semester for item in items), default=None)
    for item in items:
        if item.semester != latest:
            continue
        kindergarten = session.get(Kindergarten, item.kindergarten_id)
        mentor = kindergarten.network.mentor if kindergarten.network else None
        readers = _directors(session, kindergarten.id)
        readers += [mentor.id] if mentor is not None and mentor.active else []
        what = f"{item.department}, {item.kindergarten}"
        for reader in dict.fromkeys(readers):
            if user_ids is None or reader in user_ids:
                yield Item(reader, "department_flagged", f"{item.department_id}:{latest}", what)


def _flag_scope(session: Session, user_ids):
    """The follow-up filters for these people (one person's home page needs their own
    kindergarten or networks only); False when none of them is a director or a mentor."""
    if user_ids is None:
        return None
    kindergartens = [p.home_kindergarten_id for p in _holders(session, "director", user_ids)]
    mentors = _holders(session, "mentor", user_ids)
    networks = [n.id for p in mentors for n in _networks_of(session, p.id)]
    if not mentors and not any(kindergartens):
        return False
    if mentors:
        return {"network": tuple(networks) or (-1,)}
    return {"kindergarten": tuple(k for k in kindergartens if k)}


def _networks_of(session: Session, user_id: int):
    return session.scalars(select(Network).where(Network.mentor_id == user_id)).all()
