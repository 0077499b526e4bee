"""Core statements compiled once and run straight on the DBAPI cursor, for the autosave's hot path.

A tablet saves every tap, and a score save runs five statements (the signed-in user, the score
as stored, the version bump, the upsert, the audit row). SQLAlchemy's per-execution bookkeeping
(execution context, result metadata, events) costs about 20 µs a statement, as much as SQLite
takes to run it. A `Prepared` statement keeps what SQLAlchemy gives (the statement written in
Core, the dialect's SQL and the column types' conversions) and does the bookkeeping once per
dialect instead of once per call. It runs on the connection and in the transaction of the
caller's session; errors come out as SQLAlchemy's own exceptions, as from `Connection.execute`.
"""

from collections import namedtuple
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement


@dataclass(frozen=True)
class _Plan:
    """One statement as one dialect runs it."""

    sql: str
    names: tuple[str, ...]  # bind names, in order for positional drivers
    positional: bool
    defaults: dict[str, Any]  # values written into the statement (status == 'draft' …)
    converters: tuple[tuple[str, Any], ...]  # (bind name, the type's bind processor)
    row_type: type | None  # a namedtuple of the result columns, None without a result
    readers: tuple[Any, ...]  # the result columns' processors (None: the value as fetched)


class Prepared:
    """A Core statement with named bind parameters, compiled once per dialect."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._plans: dict[str, _Plan] = {}

    def execute(self, connection: Connection, params: dict | list[dict]):
        """Run on `connection` (a list of parameter sets: executemany); return the DBAPI cursor."""
        plan = self._plan(connection.dialect)
        many = isinstance(params, list)
        bound = [_bind(plan, p) for p in params] if many else _bind(plan, params)
        cursor = connection.connection.cursor()
        try:
            (cursor.executemany if many else cursor.execute)(plan.sql, bound)
        except connection.dialect.loaded_dbapi.Error as error:
            raise _wrapped(connection, plan.sql, bound, error, cursor) from error
        return cursor

    def rowcount(self, connection: Connection, params: dict) -> int:
        """Run a DML statement; return the number of rows it matched."""
        cursor = self.execute(connection, params)
        count = cursor.rowcount
        cursor.close()
        return count

    def all(self, connection: Connection, params: dict) -> list:
        """Run a query; return its rows as named tuples, converted by the columns' types."""
        plan = self._plan(connection.dialect)
        cursor = self.execute(connection, params)
        fetched = cursor.fetchall()
        cursor.close()
        if not any(plan.readers):
            return [plan.row_type._make(row) for row in fetched]
        return [
            plan.row_type._make(
                value if read is None else read(value)
                for read, value in zip(plan.readers, row, strict=True)
            )
            for row in fetched
        ]

    def first(self, connection: Connection, params: dict):
        """The first row of `all`, or None."""
        rows = self.all(connection, params)
        return rows[0] if rows else None

    def _plan(self, dialect: Dialect) -> _Plan:
        plan = self._plans.get(dialect.name)
        if plan is None:
            plan = self._plans[dialect.name] = _compile(self.statement, dialect)
        return plan


def _compile(statement: ClauseElement, dialect: Dialect) -> _Plan:
    compiled = statement.compile(dialect=dialect)
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    names = tuple(compiled.positiontup) if compiled.positional else tuple(by_name)
    converters = []
    for name in names:
        convert = by_name[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            converters.append((name, convert))
    columns = list(getattr(statement, "exported_columns", ()))
    readers = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
    )
    return _Plan(
        sql=compiled.string,
        names=names,
        positional=compiled.positional,
        defaults={n: b.value for n, b in by_name.items() if not b.required},
        converters=tuple(converters),
        row_type=namedtuple("Row", [c.key for c in columns]) if columns else None,  # noqa: PYI024
        readers=readers,
    )


def _bind(plan: _Plan, params: dict):
    values = {**plan.defaults, **params}
    for name, convert in plan.converters:
        values[name] = convert(values[name])
    if plan.positional:
        return tuple(values[name] for name in plan.names)
    return values


def _wrapped(connection: Connection, sql: str, bound, error: Exception, cursor):
    """The error as SQLAlchemy raises it; a lost connection is invalidated, not pooled again."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
    if lost:
        connection.invalidate(error)
    return exc.DBAPIError.instance(
        sql, bound, error, dialect.loaded_dbapi.Error, connection_invalidated=lost,
        dialect=dialect,
    )  # fmt: skip
