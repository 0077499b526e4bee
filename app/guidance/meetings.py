"""Guidance meetings: who may lead one, the narratives it can discuss, and recording it.

A meeting links the handed-in practice narratives it discussed: the pedagogical leaders'
(for_meeting 'leaders_meeting') at a leaders' meeting, the department's staff narratives
('department_meeting') at a department meeting. Linking marks a narrative discussed, which
ends its author's editing (permissions/guidance.py keeps_narrative). Every change is audited;
a refused input raises MeetingRefused before anything changes. The caller commits.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..changes import audited_create, audited_update
from ..models import (
    Department,
    GuidanceMeeting,
    Kindergarten,
    PracticeNarrative,
    User,
    department_member,
)
from ..permissions import able_to
from .focus import dimension_choices

KIND_LABELS = {
    "leaders_meeting": _l("Pedagogical leaders' meeting"),
    "director_meeting": _l("Meeting with the director"),
    "department_meeting": _l("Department meeting"),
    "network_meeting": _l("Network meeting"),
}
# The narratives a meeting of each kind discusses (the others discuss none).
NARRATIVES_OF_KIND = {kind: kind for kind in ("leaders_meeting", "department_meeting")}
NOTES_LENGTH = 2000


class MeetingRefused(Exception):
    """A meeting that cannot be saved; `field` names the form field the message is about."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class MeetingInput:
    held_on: date | None
    led_by_id: int | None
    dimension_code: str
    notes: str
    narrative_ids: frozenset[int]


def probe(kindergarten: Kindergarten, kind: str, department: Department | None = None):
    """A meeting not yet recorded, as the `guidance.meeting` rule reads one."""
    return SimpleNamespace(
        kind=kind,
        kindergarten=kindergarten,
        department=department,
        department_id=department.id if department else None,
    )


def leader_choices(
    session: Session, kindergarten: Kindergarten, kind: str, department: Department | None
) -> list[User]:
    """Who can have led a meeting of this kind: a department meeting, the department's
    pedagogical leaders or the director; any other, the network's mentor or the director."""
    directors = select(User).where(
        able_to("meeting.lead"), User.home_kindergarten_id == kindergarten.id
    )
    people = list(session.scalars(directors.order_by(User.name)))
    if kind == "department_meeting" and department is not None:
        members = select(department_member.c.user_id).where(
            department_member.c.department_id == department.id
        )
        leaders = select(User).where(able_to("meeting.lead_department"), User.id.in_(members))
        return [*session.scalars(leaders.order_by(User.name)), *people]
    mentor = kindergarten.network.mentor if kindergarten.network else None
    return ([mentor] if mentor is not None and mentor.active else []) + people


def narratives_for(
    session: Session,
    kindergarten: Kindergarten,
    kind: str,
    department: Department | None,
    month: str,
    meeting: GuidanceMeeting | None = None,
) -> list[PracticeNarrative]:
    """The handed-in narratives this meeting can discuss: of its month, kindergarten (or
    department) and kind, not already linked to another meeting."""
    for_meeting = NARRATIVES_OF_KIND.get(kind)
    if for_meeting is None:
        return []
    where = [
        PracticeNarrative.for_meeting == for_meeting,
        PracticeNarrative.month == month,
        PracticeNarrative.handed_in_at.is_not(None),
    ]
    if department is not None:
        where.append(PracticeNarrative.department_id == department.id)
    else:
        in_kindergarten = select(Department.id).where(Department.kindergarten_id == kindergarten.id)
        where.append(PracticeNarrative.department_id.in_(in_kindergarten))
    free = PracticeNarrative.meeting_id.is_(None)
    if meeting is not None and meeting.id is not None:
        free = free | (PracticeNarrative.meeting_id == meeting.id)
    query = (
        select(PracticeNarrative)
        .options(joinedload(PracticeNarrative.author), joinedload(PracticeNarrative.department))
        .join(User, User.id == PracticeNarrative.author_id)
        .where(*where, free)
        .order_by(User.name)
    )
    return list(session.scalars(query))


def _checked(values: MeetingInput, leaders: list[User]) -> None:
    if values.held_on is None:
        raise MeetingRefused("held_on", _("Write the date as dd.mm.yyyy, for example 03.02.2027."))
    if values.led_by_id not in {person.id for person in leaders}:
        raise MeetingRefused("led_by", _("Choose who led the meeting from the list."))
    if values.dimension_code not in dict(dimension_choices()):
        raise MeetingRefused("dimension", _("Choose a dimension from the list."))
    if len(values.notes) > NOTES_LENGTH:
        raise MeetingRefused("notes", _("Write at most %(max)d characters.", max=NOTES_LENGTH))


def save_meeting(
    session: Session,
    user_id: int,
    meeting: GuidanceMeeting,
    values: MeetingInput,
    leaders: list[User],
    narratives: list[PracticeNarrative],
) -> GuidanceMeeting:
    """Record a new meeting (no id yet) or change one, and link the narratives it discussed."""
    _checked(values, leaders)
    if not values.narrative_ids <= {narrative.id for narrative in narratives}:
        raise MeetingRefused("narratives", _("Choose the narratives from the list."))
    fields = {
        "held_on": values.held_on,
        "led_by_id": values.led_by_id,
        "dimension_code": values.dimension_code,
        "notes": values.notes,
    }
    if meeting.id is None:
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.recorded_by_id = user_id
        audited_create(session, user_id, "guidance_meeting", meeting)
    else:
        audited_update(session, user_id, "guidance_meeting", meeting, fields)
    _link(session, user_id, meeting, narratives, values.narrative_ids)
    session.flush()
    return meeting


def _link(session, user_id: int, meeting, narratives, chosen: frozenset[int]) -> None:
    """Link the chosen narratives (discussed now, unless they already were); unlink the rest."""
    now = datetime.now(UTC)
    for narrative in narratives:
        if narrative.id in chosen and narrative.meeting_id != meeting.id:
            changes = {"meeting_id": meeting.id}
            if narrative.discussed_at is None:
                changes.update(discussed_at=now, discussed_by_id=user_id)
            audited_update(session, user_id, "practice_narrative", narrative, changes)
        elif narrative.id not in chosen and narrative.meeting_id == meeting.id:
            # It stays discussed (it was): only the link to this meeting goes.
            audited_update(session, user_id, "practice_narrative", narrative, {"meeting_id": None})
