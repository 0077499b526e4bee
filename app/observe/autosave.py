"""The tablet's autosave writes: one score or one cycle's details at a time.

A score save is one path on both databases: lock the draft, check, upsert, audit; the view
commits. Locking first means everything read after it (the stored score included) stays as
read until the commit, so last-writer-wins compares against what is really stored, and the
audit's old values are the values replaced. A write that changes nothing (a retry, an older
edit) writes nothing and keeps the version.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import JSON, and_, bindparam, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..instruments import instrument_version
from ..models import AuditEvent, Cycle, Score, utcnow
from ..permissions import check_edit, may
from .lifecycle import EDITED, OBSERVATION, bump_version, lock_draft
from .payloads import parse_cycle_update, parse_score_update
from .rules import RuleViolation, check_cycle_number, dimension_of, ensure_draft
from .serialize import iso, score_fields

CYCLE = Cycle.__table__
SCORE = Score.__table__
AUDIT = AuditEvent.__table__
SCORE_FIELDS = ("value", "indicator_marks", "note")  # what a person scores (and the audit logs)
STORED_FIELDS = (*SCORE_FIELDS, "client_ts")
SCORE_COLUMNS = ("cycle_id", "dimension_code", *STORED_FIELDS)

EDIT_TARGET = select(*EDITED).where(OBSERVATION.c.id == bindparam("oid"))
# The cycle, and its score of one dimension if there is one (score_id None: not scored yet).
STORED_SCORE = (
    select(CYCLE.c.id.label("cycle_id"), SCORE.c.id.label("score_id"),
           *(SCORE.c[f] for f in STORED_FIELDS))
    .select_from(CYCLE)
    .outerjoin(SCORE, and_(SCORE.c.cycle_id == CYCLE.c.id,
                           SCORE.c.dimension_code == bindparam("code")))
    .where(CYCLE.c.observation_id == bindparam("oid"), CYCLE.c.number == bindparam("number"))
)  # fmt: skip
AUDIT_INSERT = insert(AUDIT)


def _upsert(dialect):
    """INSERT into score, or on (cycle, dimension) UPDATE, unless the stored edit is newer.

    ON CONFLICT keeps a second device's simultaneous first write from hitting the UNIQUE
    constraint; its WHERE keeps last-writer-wins."""
    values = {name: bindparam(name, type_=SCORE.c[name].type) for name in SCORE_COLUMNS}
    values["indicator_marks"] = bindparam("indicator_marks", type_=JSON(none_as_null=True))
    upsert = dialect.insert(SCORE).values(values)
    return upsert.on_conflict_do_update(
        index_elements=[SCORE.c.cycle_id, SCORE.c.dimension_code],
        set_={name: upsert.excluded[name] for name in STORED_FIELDS},
        where=or_(SCORE.c.client_ts.is_(None), SCORE.c.client_ts <= upsert.excluded.client_ts),
    )


UPSERT_SCORE = {"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)}


@dataclass(frozen=True)
class Saved:
    """The answer to a score write: whether it was applied, what is stored, and the version."""

    applied: bool
    score: dict
    version: int


def lock_for_edit(session: Session, user, observation_id: uuid.UUID):
    """Lock a draft the user may change; refuse with 404/403/409 as check_edit does."""
    locked = lock_draft(session, observation_id)
    if locked is not None and may(user, "observation.edit", locked):
        return locked
    check_edit(user, session.execute(EDIT_TARGET, {"oid": observation_id}).first())
    ensure_draft("submitted")  # only reached if it was reopened since our UPDATE: still refuse


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
    """Store one dimension score of one cycle by last-writer-wins, audited; the caller commits."""
    draft = lock_for_edit(session, user, observation_id)
    instrument = instrument_version(draft.instrument_id, draft.instrument_version)
    check_cycle_number(instrument, number)
    write = parse_score_update(body, dimension_of(instrument, code))
    target = {"oid": observation_id, "number": number, "code": code}
    seen = session.execute(STORED_SCORE, target).first()
    if seen is None:
        raise _no_cycle_row(number)
    stored = None if seen.score_id is None else {f: getattr(seen, f) for f in STORED_FIELDS}
    # A tablet whose clock runs ahead must not block every later edit from other devices.
    outcome = merge_score(stored, write.changes, min(write.client_ts, utcnow()))
    if outcome is None or outcome[0] == stored:  # an older edit, or a retry of what is stored
        return Saved(outcome is not None, score_fields(**stored), draft.version)
    merged, diffs = outcome
    upsert = UPSERT_SCORE[session.get_bind().dialect.name]
    session.execute(upsert, {"cycle_id": seen.cycle_id, "dimension_code": code, **merged})
    version = bump_version(session, observation_id)
    action = "create" if stored is None else "update"
    _audit(session, user.id, action, "score", f"{observation_id}/{number}/{code}", diffs)
    return Saved(True, score_fields(**merged), version)


def _no_cycle_row(number: int) -> RuleViolation:
    # Only observations made outside this app can lack a cycle row.
    return RuleViolation(
        "unknown_cycle", _("This observation has no cycle %(number)s.", number=number)
    )


def _audit(session: Session, user_id, action, entity, entity_id, diffs) -> None:
    """Write one audit row per changed field, old and new as text (JSON for marks)."""
    now = utcnow()
    rows = [
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
    if rows:  # a newer timestamp on the same content changes no field
        session.execute(AUDIT_INSERT, rows)


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
    draft = lock_for_edit(session, user, observation_id)
    instrument = instrument_version(draft.instrument_id, draft.instrument_version)
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
    diffs = [(f, getattr(cycle, f), new) for f, new in changes.items() if getattr(cycle, f) != new]
    if not diffs:
        return cycle, draft.version
    for field, _old, new in diffs:
        setattr(cycle, field, new)
    version = bump_version(session, observation_id)
    _audit(session, user.id, "update", "cycle", f"{observation_id}/{number}", diffs)
    return cycle, version


def _check_times(changes: dict, cycle: Cycle) -> None:
    started = changes.get("started_at", cycle.started_at)
    ended = changes.get("ended_at", cycle.ended_at)
    if started and ended and ended < started:
        raise RuleViolation(
            "invalid",
            _("The cycle cannot end before it starts. Check the start and end times."),
            {"field": "ended_at", "cycle": cycle.number},
        )
