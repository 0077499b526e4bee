"""The SQL of a score write: the draft's version bump and the last-writer-wins upsert, and
PostgreSQL's write of both with the audit rows as one statement.

ON CONFLICT keeps a second device's simultaneous first write from hitting the
UNIQUE(cycle_id, dimension_code) constraint; its WHERE keeps last-writer-wins.

On PostgreSQL, data-modifying CTEs run once and to completion, and the upsert and the audit
rows select from the bump's RETURNING: when the draft has changed since it was read, the bump
matches no row and nothing at all is written. The answer is the number of rows bumped (1 or 0).
Measured against the same three statements sent one by one or pipelined, one statement costs
the app about 100 µs less CPU per tap, and the database two statements less.
"""

from sqlalchemy import (
    ARRAY,
    JSON,
    Text,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..models import AuditEvent, Observation, Score
from ..prepared import Prepared

OBSERVATION = Observation.__table__
SCORE = Score.__table__
AUDIT = AuditEvent.__table__
SCORE_FIELDS = ("value", "indicator_marks", "note")  # what a person scores (and the audit logs)
STORED_FIELDS = (*SCORE_FIELDS, "client_ts")
SCORE_COLUMNS = ("cycle_id", "dimension_code", *STORED_FIELDS)
# The bump applies only if the draft's version is still the one read (`seen`).
BUMP_IF_UNCHANGED_SQL = (
    update(OBSERVATION)
    .where(OBSERVATION.c.id == bindparam("oid"), OBSERVATION.c.version == bindparam("seen"),
           OBSERVATION.c.status == "draft")
    .values(version=OBSERVATION.c.version + 1, updated_at=bindparam("now"))
)  # fmt: skip
NEW_SCORE = (
    bindparam("p_cycle", type_=SCORE.c.cycle_id.type),
    bindparam("p_code", type_=SCORE.c.dimension_code.type),
    bindparam("p_value", type_=SCORE.c.value.type),
    bindparam("p_marks", type_=JSON(none_as_null=True)),  # SQL NULL, not JSON 'null'
    bindparam("p_note", type_=SCORE.c.note.type),
    bindparam("p_ts", type_=SCORE.c.client_ts.type),
)
_UPSERTS: dict[str, Prepared] = {}


def keep_newest(upsert):
    """Add ON CONFLICT … DO UPDATE … WHERE stored is older to an INSERT into score."""
    return upsert.on_conflict_do_update(
        index_elements=[SCORE.c.cycle_id, SCORE.c.dimension_code],
        set_={name: upsert.excluded[name] for name in STORED_FIELDS},
        where=or_(SCORE.c.client_ts.is_(None), SCORE.c.client_ts <= upsert.excluded.client_ts),
    )


def upsert_statement(dialect: str) -> Prepared:
    """Return the score upsert for the dialect (SQLite or PostgreSQL), built once."""
    if dialect not in _UPSERTS:
        insert_into = pg_insert if dialect == "postgresql" else sqlite_insert
        values = insert_into(SCORE).values(dict(zip(SCORE_COLUMNS, NEW_SCORE, strict=True)))
        _UPSERTS[dialect] = Prepared(keep_newest(values))
    return _UPSERTS[dialect]


def _statement():
    bump = BUMP_IF_UNCHANGED_SQL.returning(OBSERVATION.c.id).cte("bump")
    new_score = select(*NEW_SCORE).select_from(bump)
    upsert = keep_newest(pg_insert(SCORE).from_select(SCORE_COLUMNS, new_score))
    upsert = upsert.returning(SCORE.c.id)
    changes = (
        func.unnest(
            bindparam("fields", type_=ARRAY(Text)),
            bindparam("olds", type_=ARRAY(Text)),
            bindparam("news", type_=ARRAY(Text)),
        )
        .table_valued("field", "old_value", "new_value")
        .render_derived(name="changes")
    )
    audit_rows = select(
        bindparam("at", type_=AUDIT.c.at.type),
        bindparam("user_id", type_=AUDIT.c.user_id.type),
        literal("score"),  # entity
        bindparam("action", type_=Text),
        bindparam("entity_id", type_=Text),
        changes.c.field,
        changes.c.old_value,
        changes.c.new_value,
    ).select_from(bump.join(changes, true()))
    audit = (
        insert(AUDIT)
        .from_select(["at", "user_id", "entity", "action", "entity_id", "field", "old_value",
                      "new_value"], audit_rows)
        .returning(AUDIT.c.id)
    )  # fmt: skip
    return (
        select(func.count().label("bumped"))
        .select_from(bump)
        .add_cte(upsert.cte("upsert"), audit.cte("audit"))
    )


WRITE_SCORE_IF_UNCHANGED = Prepared(_statement())


def score_params(cycle_id: int, code: str, score: dict) -> dict:
    """The parameters of NEW_SCORE for one score (a dict of STORED_FIELDS)."""
    return {
        "p_cycle": cycle_id,
        "p_code": code,
        "p_value": score["value"],
        "p_marks": score["indicator_marks"],
        "p_note": score["note"],
        "p_ts": score["client_ts"],
    }


def write_score_if_unchanged(connection, bump: dict, score: dict, audit_rows: list[dict]) -> bool:
    """Bump, upsert and audit in one statement; False (nothing written) if the draft changed.

    The audit rows of one score write differ only in field, old and new value, so they travel
    as three parallel arrays."""
    common = (
        audit_rows[0] if audit_rows else dict.fromkeys(("at", "user_id", "action", "entity_id"))
    )
    audit = {
        "at": common["at"],
        "user_id": common["user_id"],
        "action": common["action"],
        "entity_id": common["entity_id"],
        "fields": [row["field"] for row in audit_rows],
        "olds": [row["old_value"] for row in audit_rows],
        "news": [row["new_value"] for row in audit_rows],
    }
    row = WRITE_SCORE_IF_UNCHANGED.first(connection, {**bump, **score, **audit})
    return row.bumped == 1
