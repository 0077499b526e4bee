"""Audited changes to records: every field that changes is one audit row, old → new.

The admin forms, the director's pages, the roster import and the semester plan all change
records through these functions, so the audit trail reads the same whichever way a change was
made. The caller (the view or CLI command) commits.
"""

from collections.abc import Mapping

from sqlalchemy import insert
from sqlalchemy.orm import Session

from .models.audit import AuditEvent, record


def audited_update(
    session: Session,
    user_id: int | None,
    entity: str,
    row,
    changes: Mapping[str, object],
    reason: str | None = None,
) -> list[str]:
    """Set the changed fields of `row` and audit each (with `reason`, when one was given);
    return the names of those that changed."""
    changed = [name for name, new in changes.items() if getattr(row, name) != new]
    for name in changed:
        record(session, user_id=user_id, action="update", entity=entity, entity_id=row.id,
               field=name, old=getattr(row, name), new=changes[name], reason=reason)  # fmt: skip
        setattr(row, name, changes[name])
    return changed


def audited_create(session: Session, user_id: int | None, entity: str, row) -> None:
    """Add a new `row` and audit each of its given fields as set from nothing."""
    session.add(row)
    session.flush()  # the id names the row in the audit trail
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if column.key != "id" and value is not None:
            record(session, user_id=user_id, action="create", entity=entity, entity_id=row.id,
                   field=column.key, new=value)  # fmt: skip


def audited_create_all(session: Session, user_id: int | None, entity: str, rows: list) -> None:
    """Add many new rows and audit them as audited_create does, with one flush and one insert
    (a roster import creates tens of thousands: one flush per row was measured too slow)."""
    session.add_all(rows)
    session.flush()
    events = [
        {"user_id": user_id, "action": "create", "entity": entity, "entity_id": str(row.id),
         "field": column.key, "new_value": str(value)}
        for row in rows
        for column in row.__table__.columns
        if column.key != "id" and (value := getattr(row, column.key)) is not None
    ]  # fmt: skip
    if events:
        session.execute(insert(AuditEvent), events)
