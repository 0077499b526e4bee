"""Bulk Core inserts in foreign-key order, in chunks, with explicit primary keys."""

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from ..models import (
    Base,
    Certification,
    Cycle,
    Department,
    Feedback,
    Kindergarten,
    Network,
    Observation,
    Pool,
    Score,
    User,
    UserRole,
    department_member,
)

CHUNK_ROWS = 50_000
# Parents before children, so foreign keys hold after every statement.
OBSERVATION_TABLES = ("observation", "cycle", "score", "feedback")
TABLES: dict[str, type[Base] | Table] = {
    "pool": Pool, "user_without_home": User, "network": Network, "kindergarten": Kindergarten,
    "department": Department, "user": User, "user_role": UserRole,
    "department_member": department_member, "certification": Certification,
    "observation": Observation, "cycle": Cycle, "score": Score, "feedback": Feedback,
}  # fmt: skip
SEQUENCED_TABLES = (
    "pool", "network", "kindergarten", "department", "user", "certification", "cycle", "score",
    "feedback", "semester_plan", "visit",
)  # fmt: skip


def insert_rows(session: Session, table: str, rows: list[dict]) -> None:
    """Insert rows with executemany; rows with different keys go in separate statements."""
    # The Table, not the mapped class: the ORM bulk path drops None values and so splits the
    # rows into many small statements.
    target = TABLES[table]
    target = target if isinstance(target, Table) else target.__table__
    # A key left out gets SQL NULL; a JSON column given None would store JSON 'null'.
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for group in groups.values():
        for start in range(0, len(group), CHUNK_ROWS):
            session.execute(insert(target), group[start : start + CHUNK_ROWS])


def insert_tables(session: Session, rows_by_table: dict[str, list[dict]]) -> None:
    """Insert several tables in the order given."""
    for table, rows in rows_by_table.items():
        if rows:
            insert_rows(session, table, rows)


class ObservationWriter:
    """Collect observation, cycle, score and feedback rows; flush them in chunks."""

    def __init__(self, session: Session, chunk_rows: int = CHUNK_ROWS) -> None:
        self.session, self.chunk_rows = session, chunk_rows
        self.pending: dict[str, list[dict]] = {table: [] for table in OBSERVATION_TABLES}
        self.next_id = {"cycle": 1, "score": 1, "feedback": 1}
        self.counts = {table: 0 for table in OBSERVATION_TABLES}

    def new_id(self, table: str) -> int:
        """Return the next primary key of table."""
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, row: dict) -> None:
        """Queue one row; flush when the scores waiting reach a chunk."""
        self.pending[table].append(row)
        if table == "score" and len(self.pending["score"]) >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        """Insert everything queued, parents first."""
        for table in OBSERVATION_TABLES:
            rows = self.pending[table]
            if rows:
                insert_rows(self.session, table, rows)
                self.counts[table] += len(rows)
                self.pending[table] = []


def sync_sequences(session: Session) -> None:
    """Move PostgreSQL id sequences past the explicit ids, so later inserts do not collide."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in SEQUENCED_TABLES:
        quoted = f'"{table}"'
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{quoted}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {quoted}), 1))"
            )
        )
