"""Practice narratives: a writer's draft, hand-in and later edits; a reader's discussed mark.

What is audited, and why not every autosave: a draft is private to its author (no reader sees
it, permissions/guidance.py reads_narrative) and the page saves it every few seconds while the
author types, so draft saves are not audited — that would put dozens of near-identical copies
of a half-written text in the trail. The trail starts when the narrative leaves the author: the
hand-in records what was handed in (action "hand_in", one row per field), and every change after
it is one audited update per field (app/changes.py), as is a reader's "discussed" mark.

The services check values and raise NarrativeRefused; the view commits.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..changes import audited_update
from ..models import Department, PracticeNarrative
from ..models.audit import record
from .focus import find_dimension
from .narrative_names import known_words_from, suspected_names

MAX_TEXT = 4000  # characters: "a short narrative", about a page
ENTITY = "practice_narrative"


class NarrativeRefused(Exception):
    """A value the narrative cannot take; `message` says what to do, in the user's language."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NarrativeInput:
    text: str
    dimension_code: str
    department_id: int | None


def now() -> datetime:
    return datetime.now(UTC)


def own_narrative(session: Session, author_id: int, month: str, meeting: str):
    """Return the author's narrative for this month and meeting, or None."""
    return session.scalar(
        select(PracticeNarrative).where(
            PracticeNarrative.author_id == author_id,
            PracticeNarrative.month == month,
            PracticeNarrative.for_meeting == meeting,
        )
    )


def name_flags(session: Session, text: str, department_id: int | None) -> list[str]:
    """The words of text that look like children's names (the department's own names are not)."""
    department = session.get(Department, department_id) if department_id else None
    known = known_words_from(department.name, department.kindergarten.name) if department else []
    return suspected_names(text, known)


def checked(values: NarrativeInput, departments: list[Department]) -> NarrativeInput:
    """Return the values when the narrative can take them; raise NarrativeRefused if not."""
    if len(values.text) > MAX_TEXT:
        message = _(
            "A narrative can be at most %(max)d characters; this one has %(length)d. "
            "Shorten it and save again.",
            max=MAX_TEXT,
            length=len(values.text),
        )
        raise NarrativeRefused("text", message)
    if find_dimension(values.dimension_code) is None:
        raise NarrativeRefused("dimension", _("Choose the dimension from the list."))
    if values.department_id not in {department.id for department in departments}:
        raise NarrativeRefused("department", _("Choose one of your departments."))
    return values


def save_draft(
    session: Session, author_id: int, month: str, meeting: str, values: NarrativeInput
) -> PracticeNarrative:
    """Create or change the author's draft (not audited: see the module's docstring)."""
    narrative = own_narrative(session, author_id, month, meeting)
    if narrative is None:
        narrative = PracticeNarrative(author_id=author_id, month=month, for_meeting=meeting)
        session.add(narrative)
    elif narrative.handed_in_at is not None:
        raise NarrativeRefused("text", _("This narrative is handed in: save your changes."))
    narrative.text = values.text
    narrative.dimension_code = values.dimension_code
    narrative.department_id = values.department_id
    narrative.updated_at = now()
    session.flush()
    return narrative


def hand_in(session: Session, user_id: int, narrative: PracticeNarrative) -> None:
    """Hand a draft in, recording in the audit trail what was handed in."""
    if not narrative.text.strip():
        raise NarrativeRefused("text", _("Write the narrative before you hand it in."))
    narrative.handed_in_at = now()
    for field in ("author_id", "department_id", "for_meeting", "month", "dimension_code"):
        _record_hand_in(session, user_id, narrative, field)
    _record_hand_in(session, user_id, narrative, "text")
    _record_hand_in(session, user_id, narrative, "handed_in_at")


def _record_hand_in(session: Session, user_id: int, narrative, field: str) -> None:
    record(session, user_id=user_id, action="hand_in", entity=ENTITY, entity_id=narrative.id,
           field=field, new=getattr(narrative, field))  # fmt: skip


def save_edit(
    session: Session, user_id: int, narrative: PracticeNarrative, values: NarrativeInput
) -> list[str]:
    """Change a handed-in narrative, auditing each changed field; return their names."""
    if not values.text.strip():
        raise NarrativeRefused("text", _("A handed-in narrative cannot be empty."))
    changed = audited_update(
        session,
        user_id,
        ENTITY,
        narrative,
        {
            "text": values.text,
            "dimension_code": values.dimension_code,
            "department_id": values.department_id,
        },
    )
    if changed:
        narrative.updated_at = now()
    return changed


def mark_discussed(session: Session, user_id: int, narrative: PracticeNarrative) -> None:
    """A reader marks a handed-in narrative as discussed, which ends its author's editing."""
    if narrative.discussed_at is not None:
        return
    audited_update(
        session, user_id, ENTITY, narrative, {"discussed_at": now(), "discussed_by_id": user_id}
    )
