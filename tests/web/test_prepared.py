"""Prepared statements (app.prepared) give what Connection.execute gives, on both databases."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    bindparam,
    exc,
    insert,
    select,
    update,
)

from app.models.base import UTCDateTime
from app.prepared import Prepared

probe_metadata = MetaData()
PROBE = Table(
    "prepared_probe",
    probe_metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Uuid, nullable=False),
    Column("at", UTCDateTime, nullable=True),
    Column("marks", JSON(none_as_null=True), nullable=True),
    Column("flag", Boolean, nullable=False),
    Column("status", String(10), nullable=False),
)
INSERT = Prepared(
    insert(PROBE).values(
        id=bindparam("id"), key=bindparam("key"), at=bindparam("at"),
        marks=bindparam("marks", type_=JSON(none_as_null=True)), flag=bindparam("flag"),
        status=bindparam("status"),
    )
)  # fmt: skip
BY_KEY = Prepared(select(PROBE).where(PROBE.c.key == bindparam("key")).order_by(PROBE.c.id))
# A literal in the statement ('draft') travels as a bind parameter of its own.
FLAG_DRAFTS = Prepared(
    update(PROBE)
    .where(PROBE.c.key == bindparam("key"), PROBE.c.status == "draft")
    .values(flag=True)
)


@pytest.fixture
def engine(app):
    engine = app.extensions["db_engine"]
    probe_metadata.create_all(engine)
    yield engine
    probe_metadata.drop_all(engine)


def probe_row(number: int, key: uuid.UUID, **values) -> dict:
    at = datetime(2026, 3, 4, 9, 30, number, tzinfo=UTC)
    base = {"id": number, "key": key, "at": at, "marks": {"a": "high"}, "flag": False}
    return {**base, "status": "draft", **values}


def test_rows_read_back_exactly_as_core_reads_them(engine):
    key = uuid.uuid4()
    with engine.begin() as connection:
        INSERT.execute(connection, probe_row(1, key)).close()
        INSERT.execute(connection, probe_row(2, key, at=None, marks=None, flag=True)).close()
    with engine.connect() as connection:
        prepared = BY_KEY.all(connection, {"key": key})
        core = connection.execute(select(PROBE).where(PROBE.c.key == key).order_by(PROBE.c.id))
        assert [tuple(row) for row in prepared] == [tuple(row) for row in core]
    first = prepared[0]
    assert first.key == key and first.marks == {"a": "high"} and first.flag is False
    assert first.at == datetime(2026, 3, 4, 9, 30, 1, tzinfo=UTC)
    assert prepared[1].marks is None and prepared[1].at is None  # SQL NULL, not JSON 'null'


def test_first_is_none_without_rows(engine):
    with engine.connect() as connection:
        assert BY_KEY.first(connection, {"key": uuid.uuid4()}) is None


def test_many_rows_in_one_call_and_rowcount_with_a_literal(engine):
    key = uuid.uuid4()
    rows = [probe_row(n, key, status="draft" if n < 3 else "submitted") for n in range(1, 5)]
    with engine.begin() as connection:
        INSERT.execute(connection, rows).close()
        assert FLAG_DRAFTS.rowcount(connection, {"key": key}) == 2
    with engine.connect() as connection:
        flags = [row.flag for row in BY_KEY.all(connection, {"key": key})]
    assert flags == [True, True, False, False]


def test_a_refused_write_raises_sqlalchemys_error_and_writes_nothing(engine):
    key = uuid.uuid4()
    with engine.begin() as connection:
        INSERT.execute(connection, probe_row(1, key)).close()
    with pytest.raises(exc.IntegrityError), engine.begin() as connection:
        INSERT.execute(connection, probe_row(2, key)).close()
        INSERT.execute(connection, probe_row(1, key)).close()  # the same primary key
    with engine.connect() as connection:
        assert [row.id for row in BY_KEY.all(connection, {"key": key})] == [1]
