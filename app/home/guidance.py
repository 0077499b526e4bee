"""The guidance loop on the home pages: this month's dimension, and this month's meetings done
and due (the mentor's in programme year 1, the director's from year 2).

A whole page takes a few queries, whatever the number of kindergartens: the dimensions of all
of them at once (focus.dimensions_for) and the month's meetings counted in one GROUP BY.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from analysis.school_year import month_of, programme_year

from ..guidance.focus import Focus, dimension_name, dimensions_for, month_focus
from ..models import Department, GuidanceMeeting, Kindergarten, Network
from ..permissions import Subject, restrict

# The mentor's meetings due each month (the seed): in programme year 1 the pedagogical leaders'
# meeting and the meeting with the director; from year 2 the director leads the leaders' meeting
# and "styrere vil få oppfølging og veiledning en gang i måneden, i nettverk".
MENTOR_MONTHLY = {1: ("leaders_meeting", "director_meeting"), 2: ("network_meeting",)}


def focuses_of(session: Session, kindergartens, today: date) -> list[tuple[Kindergarten, Focus]]:
    """This month's dimension of each kindergarten that has one."""
    pairs = [(k, month_focus(session, k.id, today)) for k in kindergartens]
    return [(k, focus) for k, focus in pairs if focus is not None]


def member_kindergartens(session: Session, user: Subject) -> list[Kindergarten]:
    """The kindergartens of the departments a pedagogical leader or staff member belongs to."""
    of_departments = select(Department.kindergarten_id).where(
        Department.id.in_(user.department_ids)
    )
    query = select(Kindergarten).where(Kindergarten.id.in_(of_departments))
    return list(session.scalars(query.order_by(Kindergarten.name)))


def home_kindergartens(session: Session, user: Subject) -> list[Kindergarten]:
    """The user's home kindergarten (observer, director), as a list for the focus partial."""
    kindergarten = session.get(Kindergarten, user.home_kindergarten_id or 0)
    return [kindergarten] if kindergarten else []


@dataclass(frozen=True)
class MeetingLine:
    kind: str
    department: Department | None
    done: int  # meetings of this kind recorded for this month
    due: bool  # expected this month


@dataclass(frozen=True)
class KindergartenMonth:
    kindergarten: Kindergarten
    programme_year: int
    dimension: str  # the dimension's name, or "–"
    meetings: list[MeetingLine]

    @property
    def missing(self) -> int:
        return sum(1 for line in self.meetings if line.due and not line.done)


def _meeting_counts(session: Session, kindergarten_ids: list[int], month: str) -> dict:
    rows = session.execute(
        select(
            GuidanceMeeting.kindergarten_id,
            GuidanceMeeting.kind,
            GuidanceMeeting.department_id,
            func.count(GuidanceMeeting.id),
        )
        .where(
            GuidanceMeeting.kindergarten_id.in_(kindergarten_ids), GuidanceMeeting.month == month
        )
        .group_by(
            GuidanceMeeting.kindergarten_id, GuidanceMeeting.kind, GuidanceMeeting.department_id
        )
    ).all()
    return {(kg, kind, department): n for kg, kind, department, n in rows}


def mentor_month(session: Session, user: Subject, today: date) -> list[KindergartenMonth]:
    """Per kindergarten of the mentor's networks: this month's dimension, and the mentor's
    meetings of the month, done or due (MENTOR_MONTHLY)."""
    month = month_of(today)
    networks = restrict(select(Network.id), user, "home.mentor")
    kindergartens = list(
        session.scalars(
            select(Kindergarten)
            .options(joinedload(Kindergarten.pool), joinedload(Kindergarten.network))
            .join(Network, Network.id == Kindergarten.network_id)
            .where(Kindergarten.network_id.in_(networks), Kindergarten.active.is_(True))
            .order_by(Network.name, Kindergarten.name)
        )
    )
    ids = [k.id for k in kindergartens]
    codes, counts = dimensions_for(session, ids, month), _meeting_counts(session, ids, month)
    result = []
    for kindergarten in kindergartens:
        year = programme_year(kindergarten.pool.first_semester, month)
        lines = [
            MeetingLine(kind, None, counts.get((kindergarten.id, kind, None), 0), True)
            for kind in MENTOR_MONTHLY[min(max(year, 1), 2)]
        ]
        name = dimension_name(codes.get(kindergarten.id))
        result.append(KindergartenMonth(kindergarten, year, name, lines))
    return result


def director_month(
    session: Session, kindergarten: Kindergarten | None, today: date
) -> KindergartenMonth | None:
    """From programme year 2, the director's meetings this month: the leaders' meeting and
    each department's meeting (None before year 2, when the mentor carries them)."""
    month = month_of(today)
    if kindergarten is None or programme_year(kindergarten.pool.first_semester, month) < 2:
        return None
    counts = _meeting_counts(session, [kindergarten.id], month)
    departments = session.scalars(
        select(Department)
        .where(Department.kindergarten_id == kindergarten.id, Department.active.is_(True))
        .order_by(Department.name)
    )

    def done(kind: str, department_id: int | None = None) -> int:
        return counts.get((kindergarten.id, kind, department_id), 0)

    lines = [MeetingLine("leaders_meeting", None, done("leaders_meeting"), True)]
    lines += [
        MeetingLine("department_meeting", d, done("department_meeting", d.id), True)
        for d in departments
    ]
    year = programme_year(kindergarten.pool.first_semester, month)
    code = dimensions_for(session, [kindergarten.id], month).get(kindergarten.id)
    return KindergartenMonth(kindergarten, year, dimension_name(code), lines)
