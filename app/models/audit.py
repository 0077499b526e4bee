"""The append-only audit log of every change that matters (scores first of all)."""

from datetime import datetime

from sqlalchemy.orm import Mapped, Session

from analysis import schema

from .base import Base


class AuditEvent(Base):
    __table__ = schema.audit_event

    id: Mapped[int]
    at: Mapped[datetime]
    user_id: Mapped[int | None]
    action: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[str]
    field: Mapped[str | None]
    old_value: Mapped[str | None]
    new_value: Mapped[str | None]
    reason: Mapped[str | None]


def record(
    session: Session,
    *,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: object,
    field: str | None = None,
    old: object = None,
    new: object = None,
    reason: str | None = None,
) -> AuditEvent:
    """Add one audit event to the session; the caller commits it with the change."""
    event = AuditEvent(
        user_id=user_id,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        field=field,
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
        reason=reason,
    )
    session.add(event)
    return event
