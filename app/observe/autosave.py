"""The tablet's autosave writes: one score or one cycle's details at a time.

This is the hot path (100 tablets saving every tap). A score write reads first and writes after:
one read (the observation, the cycle and the stored score, joined) without any lock, the checks
and the last-writer-wins comparison in Python, and only then a short write transaction of three
statements: version bump, upsert, audit. The bump applies only if the draft's version is still
the one read; every change to an observation bumps it, so an unchanged version means the stored
score is still the one compared against. Otherwise another write came in between, and the save
is done again the careful way: bump first, which takes the draft's row lock (PostgreSQL) or the
write lock (SQLite), then read under that lock. A refused write rolls back, so its bump never
happened. A write that changes nothing (a retry, an older edit) takes no lock at all.

The statements are `Prepared` (compiled once, run on the DBAPI cursor), and on PostgreSQL the
three writes are one statement (score_writes.write_score_if_unchanged).
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.orm import Session

from ..instruments import instrument_version
from ..models import AuditEvent, Cycle, Observation, Score, utcnow
from ..permissions import check_edit, may
from ..prepared import Prepared
from .payloads import parse_cycle_update, parse_score_update
from .rules import RuleViolation, check_cycle_number, dimension_of, ensure_draft
from .score_writes import (
    BUMP_IF_UNCHANGED_SQL,
    SCORE_FIELDS,
    STORED_FIELDS,
    score_params,
    upsert_statement,
    write_score_if_unchanged,
)
from .serialize import iso, score_fields

OBSERVATION = Observation.__table__
CYCLE = Cycle.__table__
SCORE = Score.__table__
AUDIT = AuditEvent.__table__

# Built once: constructing statements costs more than running them on the hot path.
LOCK_DRAFT = (
    update(OBSERVATION)
    .where(OBSERVATION.c.id == bindparam("oid"), OBSERVATION.c.status == "draft")
    .values(version=OBSERVATION.c.version + 1, updated_at=bindparam("now"))
    .returning(
        OBSERVATION.c.version,
        OBSERVATION.c.observer_id,
        OBSERVATION.c.status,
        OBSERVATION.c.instrument_id,
        OBSERVATION.c.instrument_version,
    )
)
EDIT_TARGET = select(OBSERVATION.c.observer_id, OBSERVATION.c.status).where(
    OBSERVATION.c.id == bindparam("oid")
)
BUMP_IF_UNCHANGED = Prepared(BUMP_IF_UNCHANGED_SQL)
# The observation with one cycle and one stored score (cycle_id None: no such cycle row).
SCORE_TARGET = Prepared(
    select(OBSERVATION.c.version, OBSERVATION.c.observer_id, OBSERVATION.c.status,
           OBSERVATION.c.instrument_id, OBSERVATION.c.instrument_version,
           CYCLE.c.id.label("cycle_id"), SCORE.c.id.label("score_id"),
           *(SCORE.c[f] for f in STORED_FIELDS))
    .select_from(OBSERVATION)
    .outerjoin(CYCLE, and_(CYCLE.c.observation_id == OBSERVATION.c.id,
                           CYCLE.c.number == bindparam("number")))
    .outerjoin(SCORE, and_(SCORE.c.cycle_id == CYCLE.c.id,
                           SCORE.c.dimension_code == bindparam("code")))
    .where(OBSERVATION.c.id == bindparam("oid"))
)  # fmt: skip
AUDIT_FIELDS = ("at", "user_id", "action", "entity", "entity_id", "field", "old_value",
                "new_value", "reason")  # fmt: skip
AUDIT_INSERT = Prepared(insert(AUDIT).values({f: bindparam(f) for f in AUDIT_FIELDS}))


@dataclass(frozen=True)
class Saved:
    """The answer to a score write: whether it was applied, what is stored, and the version."""

    applied: bool
    score: dict
    version: int


def lock_for_edit(session: Session, user, observation_id: uuid.UUID):
    """Bump a draft's version and take its lock; refuse with 404/403/409 as check_edit does."""
    locked = session.execute(LOCK_DRAFT, {"oid": observation_id, "now": utcnow()}).first()
    if locked is not None and may(user, "observation.edit", locked):
        return locked
    session.rollback()
    target = session.execute(EDIT_TARGET, {"oid": observation_id}).first()
    check_edit(user, target)  # raises NotFound, Forbidden or observation_locked
    ensure_draft("submitted")  # only reached if it was reopened since our UPDATE: still refuse


def bump_version(session: Session, observation_id: uuid.UUID) -> int:
    """Increment a draft observation's version, taking its write lock; refuse a non-draft."""
    locked = session.execute(LOCK_DRAFT, {"oid": observation_id, "now": utcnow()}).first()
    if locked is None:
        status = session.scalar(
            select(OBSERVATION.c.status).where(OBSERVATION.c.id == observation_id)
        )
        session.rollback()
        ensure_draft(status or "submitted")
    return locked.version


def merge_score(
    stored: dict | None, changes: dict, client_ts: datetime
) -> tuple[dict, list[tuple[str, object, object]]] | None:
    """Apply a write by last-writer-wins: None if the stored score is newer, else the new score
    and the (field, old, new) content changes; fields the client did not send are kept."""
    if stored is not None and stored["client_ts"] is not None and stored["client_ts"] > client_ts:
        return None
    current = stored or dict.fromkeys(STORED_FIELDS)
    merged = {**current, **changes, "client_ts": client_ts}
    diffs = [(f, current[f], merged[f]) for f in SCORE_FIELDS if current[f] != merged[f]]
    return merged, diffs


def save_score(
    session: Session, user, observation_id: uuid.UUID, number: int, code: str, body: dict
) -> Saved:
    """Store one dimension score of one cycle, audited; the caller commits."""
    target = {"oid": observation_id, "number": number, "code": code}
    seen = SCORE_TARGET.first(session.connection(), target)
    if seen is None or not may(user, "observation.edit", seen):
        check_edit(user, seen)  # raises NotFound, Forbidden or observation_locked
    saved = _write_score(session, user, seen, target, body, locked=False)
    if saved is not None:
        return saved
    session.rollback()  # another write came between our read and our bump: again, locked
    lock_for_edit(session, user, observation_id)
    seen = SCORE_TARGET.first(session.connection(), target)
    return _write_score(session, user, seen, target, body, locked=True)


def _write_score(session: Session, user, seen, target: dict, body: dict, *, locked: bool):
    """Check and apply one score write against `seen`, the observation as read; None when
    unlocked and the observation has changed since. Locked, `seen` holds our bumped version."""
    number, code = target["number"], target["code"]
    try:
        instrument = instrument_version(seen.instrument_id, seen.instrument_version)
        check_cycle_number(instrument, number)
        write = parse_score_update(body, dimension_of(instrument, code))
        if seen.cycle_id is None:
            raise _no_cycle_row(number)
    except RuleViolation:
        session.rollback()
        raise
    version = seen.version - 1 if locked else seen.version  # the stored version before this write
    stored = None if seen.score_id is None else {f: getattr(seen, f) for f in STORED_FIELDS}
    # A tablet whose clock runs ahead must not block every later edit from other devices.
    outcome = merge_score(stored, write.changes, min(write.client_ts, utcnow()))
    if outcome is None or outcome[0] == stored:
        session.rollback()  # nothing to write: an older edit, or a retry of what is stored
        return Saved(outcome is not None, score_fields(**stored), version)
    merged, diffs = outcome
    action = "create" if stored is None else "update"
    entity_id = f"{target['oid']}/{number}/{code}"
    score_row = score_params(seen.cycle_id, code, merged)
    audit_rows = _audit_rows(user.id, action, "score", entity_id, diffs)
    # From the bump to the commit the write lock (SQLite) or the draft's row lock is held:
    # everything is prepared above, so only the writes run inside it.
    connection = session.connection()
    bump = {"oid": target["oid"], "seen": version, "now": utcnow()}
    if not locked and connection.dialect.name == "postgresql":
        if not write_score_if_unchanged(connection, bump, score_row, audit_rows):
            return None
    else:
        if not locked and BUMP_IF_UNCHANGED.rowcount(connection, bump) != 1:
            return None
        upsert_statement(connection.dialect.name).execute(connection, score_row).close()
        _insert_audit(connection, audit_rows)
    return Saved(True, score_fields(**merged), version + 1)


def _no_cycle_row(number: int) -> RuleViolation:
    # Only observations made outside this app can lack a cycle row.
    return RuleViolation(
        "unknown_cycle", _("This observation has no cycle %(number)s.", number=number)
    )


def _audit(session, user_id, action, entity, entity_id, diffs) -> None:
    """Write one audit row per changed field, old and new as text (JSON for marks)."""
    _insert_audit(session.connection(), _audit_rows(user_id, action, entity, entity_id, diffs))


def _audit_rows(user_id, action, entity, entity_id, diffs) -> list[dict]:
    now = utcnow()
    return [
        {
            "at": now,
            "user_id": user_id,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "field": field,
            "old_value": audit_text(old),
            "new_value": audit_text(new),
            "reason": None,
        }
        for field, old, new in diffs
    ]


def _insert_audit(connection, rows: list[dict]) -> None:
    """Insert audit rows in the transaction of the caller's connection."""
    if rows:
        AUDIT_INSERT.execute(connection, rows[0] if len(rows) == 1 else rows).close()


def audit_text(value: object) -> str | None:
    """Return a value as the audit log stores it: dicts as sorted JSON, datetimes as ISO."""
    if value is None:
        return None
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, datetime):
        return iso(value)
    return str(value)


def save_cycle(
    session: Session, user, observation_id: uuid.UUID, number: int, body: dict
) -> tuple[Cycle, int]:
    """Store a cycle's times, counts, setting and notes (only the fields sent), audited."""
    locked = lock_for_edit(session, user, observation_id)
    try:
        instrument = instrument_version(locked.instrument_id, locked.instrument_version)
        check_cycle_number(instrument, number)
        changes = parse_cycle_update(body, instrument)
        cycle = session.scalar(
            select(Cycle)
            .where(Cycle.observation_id == observation_id, Cycle.number == number)
            .execution_options(populate_existing=True)
        )
        if cycle is None:
            raise _no_cycle_row(number)
        _check_times(changes, cycle)
    except RuleViolation:
        session.rollback()
        raise
    diffs = [(f, getattr(cycle, f), new) for f, new in changes.items() if getattr(cycle, f) != new]
    if not diffs:
        session.rollback()
        return cycle, locked.version - 1
    for field, _old, new in diffs:
        setattr(cycle, field, new)
    _audit(session, user.id, "update", "cycle", f"{observation_id}/{number}", diffs)
    return cycle, locked.version


def _check_times(changes: dict, cycle: Cycle) -> None:
    started = changes.get("started_at", cycle.started_at)
    ended = changes.get("ended_at", cycle.ended_at)
    if started and ended and ended < started:
        raise RuleViolation(
            "invalid",
            _("The cycle cannot end before it starts. Check the start and end times."),
            {"field": "ended_at", "cycle": cycle.number},
        )
