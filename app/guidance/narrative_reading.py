"""What a reader sees of a month's narratives, and what a writer's home card says.

A reading group is the narratives written for one meeting: a department's staff narratives for
its department meeting, or a kindergarten's pedagogical leaders' for the leaders' meeting.
Which groups a user reads is the `guidance.read_narratives` rule asked about each group the
user could read (their departments, their home kindergarten, their networks' kindergartens);
who is expected to write is the `guidance.write_narrative` rule asked about each member of the
group's departments. No role is tested here.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    Department,
    Kindergarten,
    PracticeNarrative,
    User,
    department_member,
)
from ..permissions import Subject, may
from .narratives import own_narrative


@dataclass(frozen=True)
class Writer:
    """A member of a department as the permission rules read them (app/permissions/subject)."""

    id: int
    active: bool
    roles: frozenset[str]
    department_ids: frozenset[int]
    home_kindergarten_id: int | None = None
    network_ids: frozenset[int] = frozenset()
    is_authenticated: bool = True


@dataclass
class WriterLine:
    user: User
    narrative: PracticeNarrative | None  # handed in; drafts are never shown to readers


@dataclass
class ReadingGroup:
    for_meeting: str
    month: str
    kindergarten: Kindergarten
    department: Department | None  # the department meeting's; None for the leaders' meeting
    writers: list[WriterLine] = field(default_factory=list)

    @property
    def department_id(self) -> int | None:
        return self.department.id if self.department else None

    @property
    def handed_in(self) -> int:
        return sum(1 for line in self.writers if line.narrative is not None)


def _candidates(session: Session, user: Subject, month: str) -> list[ReadingGroup]:
    departments = session.scalars(
        select(Department)
        .where(Department.id.in_(user.department_ids), Department.active.is_(True))
        .order_by(Department.name)
    )
    groups = [ReadingGroup("department_meeting", month, d.kindergarten, d) for d in departments]
    kindergartens = session.scalars(
        select(Kindergarten)
        .where(
            or_(
                Kindergarten.id == user.home_kindergarten_id,
                Kindergarten.network_id.in_(user.network_ids),
            ),
            Kindergarten.active.is_(True),
        )
        .order_by(Kindergarten.name)
    )
    groups += [ReadingGroup("leaders_meeting", month, k, None) for k in kindergartens]
    return groups


def reading_groups(session: Session, user: Subject, month: str) -> list[ReadingGroup]:
    """The groups of narratives the user reads in a month, each with its writers."""
    groups = [
        g for g in _candidates(session, user, month) if may(user, "guidance.read_narratives", g)
    ]
    for group in groups:
        group.writers = _writer_lines(session, user, group)
    return groups


def _group_departments(session: Session, group: ReadingGroup) -> list[int]:
    if group.department is not None:
        return [group.department.id]
    return list(
        session.scalars(
            select(Department.id).where(
                Department.kindergarten_id == group.kindergarten.id, Department.active.is_(True)
            )
        )
    )


def _expected_writers(session: Session, department_ids: list[int], meeting: str) -> list[User]:
    """The active members of these departments who write for this meeting (the rule says who)."""
    memberships = session.execute(
        select(department_member.c.user_id, department_member.c.department_id).where(
            department_member.c.department_id.in_(department_ids)
        )
    ).all()
    member_departments: dict[int, set[int]] = defaultdict(set)
    for user_id, department_id in memberships:
        member_departments[user_id].add(department_id)
    users = session.scalars(
        select(User)
        .where(User.id.in_(member_departments), User.active.is_(True))
        .options(selectinload(User.role_rows))
        .order_by(User.name)
    )
    return [
        user
        for user in users
        if may(_as_writer(user, member_departments[user.id]), "guidance.write_narrative", meeting)
    ]


def _as_writer(user: User, department_ids: set[int]) -> Writer:
    return Writer(user.id, user.active, user.roles, frozenset(department_ids))


def _writer_lines(session: Session, reader: Subject, group: ReadingGroup) -> list[WriterLine]:
    department_ids = _group_departments(session, group)
    handed_in = session.scalars(
        select(PracticeNarrative)
        .where(
            PracticeNarrative.department_id.in_(department_ids),
            PracticeNarrative.month == group.month,
            PracticeNarrative.for_meeting == group.for_meeting,
            PracticeNarrative.handed_in_at.is_not(None),
        )
        .options(selectinload(PracticeNarrative.author))
    )
    by_author = {n.author_id: n for n in handed_in if may(reader, "guidance.read_narrative", n)}
    writers = _expected_writers(session, department_ids, group.for_meeting)
    lines = [WriterLine(user, by_author.pop(user.id, None)) for user in writers]
    # Someone who handed in and has since left the group still has their narrative read.
    lines += [WriterLine(n.author, n) for n in by_author.values()]
    return lines


# --- the home pages' card -----------------------------------------------------------------


@dataclass(frozen=True)
class WritingLine:
    meeting: str
    status: str  # "not_started" | "draft" | "handed_in" | "discussed"


@dataclass(frozen=True)
class NarrativeHome:
    month: str
    writing: list[WritingLine]
    handed_in: int  # of the narratives the user reads this month
    expected: int
    reads: bool


def _status(narrative: PracticeNarrative | None) -> str:
    if narrative is None:
        return "not_started"
    if narrative.discussed_at is not None or narrative.meeting_id is not None:
        return "discussed"
    return "handed_in" if narrative.handed_in_at is not None else "draft"


def narrative_home(session: Session, user: Subject, month: str) -> NarrativeHome:
    """This month's narratives on a home page: the user's own, and those they read."""
    meetings = [
        m
        for m in ("department_meeting", "leaders_meeting")
        if may(user, "guidance.write_narrative", m)
    ]
    writing = [WritingLine(m, _status(own_narrative(session, user.id, month, m))) for m in meetings]
    reads = may(user, "guidance.read_narratives")
    groups = reading_groups(session, user, month) if reads else []
    expected = sum(len(group.writers) for group in groups)
    handed_in = sum(group.handed_in for group in groups)
    return NarrativeHome(month, writing, handed_in, expected, reads and bool(groups))
