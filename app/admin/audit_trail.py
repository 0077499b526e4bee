"""An observation's audit trail: the history of its status and of each score, read from audit_event.

What the app writes (and so what is read here):
- entity "observation", entity_id the observation id: its creation, overrides, and every status
  change (field "status": submit, feedback.release, reopen, with the reason);
- entity "score", entity_id "<observation id>/<cycle>/<dimension>": one row per changed field
  (value, indicator_marks, note);
- entity "cycle", entity_id "<observation id>/<cycle>": one row per changed field.

The score and cycle keys are listed exactly (the observation's cycles × its instrument's
dimensions), so the query uses the (entity, entity_id) index on both databases, and the score
history is read a page at a time, so a long history stays light.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, Observation, User

PAGE_SIZE = 100
STATUS_ACTIONS = ("create", "override")  # besides every change of the field "status"


@dataclass(frozen=True)
class Event:
    """One audited change, as the trail shows it."""

    at: datetime
    who: str | None
    action: str
    entity: str
    cycle: int | None
    dimension: str | None
    field: str | None
    old: str | None
    new: str | None
    reason: str | None


@dataclass(frozen=True)
class ScorePage:
    events: list[Event]
    page: int
    pages: int
    total: int


def _keys(
    observation: Observation, dimension_codes: list[str], cycle: int | None, code: str | None
):
    """The audit keys of the observation's scores and cycles, narrowed to one cycle or dimension."""
    oid = str(observation.id)
    numbers = [c.number for c in observation.cycles if cycle in (None, c.number)]
    codes = [d for d in dimension_codes if code in (None, d)]
    scores = [f"{oid}/{n}/{d}" for n in numbers for d in codes]
    cycles = [f"{oid}/{n}" for n in numbers] if code is None else []
    return scores, cycles


def _score_events(observation, dimension_codes, cycle, code) -> ColumnElement[bool]:
    scores, cycles = _keys(observation, dimension_codes, cycle, code)
    return or_(
        and_(AuditEvent.entity == "score", AuditEvent.entity_id.in_(scores)),
        and_(AuditEvent.entity == "cycle", AuditEvent.entity_id.in_(cycles)),
    )


def _events(session: Session, query) -> list[Event]:
    rows = session.execute(query.outerjoin(User, User.id == AuditEvent.user_id)).all()
    return [_event(event, who) for event, who in rows]


def _event(event: AuditEvent, who: str | None) -> Event:
    parts = event.entity_id.split("/")
    return Event(
        at=event.at,
        who=who,
        action=event.action,
        entity=event.entity,
        cycle=int(parts[1]) if len(parts) > 1 else None,
        dimension=parts[2] if len(parts) > 2 else None,
        field=event.field,
        old=event.old_value,
        new=event.new_value,
        reason=event.reason,
    )


def status_history(session: Session, observation_id: uuid.UUID) -> list[Event]:
    """The observation's creation, overrides and status changes, oldest first (a short list)."""
    query = (
        select(AuditEvent, User.name)
        .where(
            AuditEvent.entity == "observation",
            AuditEvent.entity_id == str(observation_id),
            or_(AuditEvent.field == "status", AuditEvent.action.in_(STATUS_ACTIONS)),
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return _events(session, query)


def score_history(
    session: Session,
    observation: Observation,
    dimension_codes: list[str],
    *,
    page: int = 1,
    cycle: int | None = None,
    dimension: str | None = None,
) -> ScorePage:
    """One page of the changes to the observation's scores and cycles, newest first."""
    where = _score_events(observation, dimension_codes, cycle, dimension)
    total = session.scalar(select(func.count(AuditEvent.id)).where(where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    query = (
        select(AuditEvent, User.name)
        .where(where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return ScorePage(_events(session, query), page, pages, total)
