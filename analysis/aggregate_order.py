"""The order of group figures, in SQL: groups by their keys (empty keys last, semesters in
time order), then codes in instrument order. Sorting in the database costs a few
milliseconds; a Python sort key per row cost more than the GROUP BY's spare time."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, case
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from analysis.queries import NAME_TABLES, key_names, semester_index
from analysis.structure import Structure

TEXT_KEYS = ("age_group", "instrument")


class code_point_order(FunctionElement):  # noqa: N801 (SQLAlchemy names SQL functions so)
    """Text compared character by character, as Python compares strings, whatever the
    database's collation (a Norwegian one would put "å" after "z", an English one ignores
    hyphens)."""

    inherit_cache = True
    name = "code_point_order"


@compiles(code_point_order)
def _as_is(element, compiler, **kw) -> str:
    # SQLite's BINARY collation compares UTF-8 bytes, which is code-point order.
    return compiler.process(element.clauses, **kw)


@compiles(code_point_order, "postgresql")
def _c_collation(element, compiler, **kw) -> str:
    return f'{compiler.process(element.clauses, **kw)} COLLATE "C"'


def group_order(structure: Structure, by: Sequence[str], figures) -> list[ColumnElement]:
    """Return the ORDER BY of group figures (`figures` has the key columns by id and `code`).

    Names need no place of their own: their ids come first and decide.
    """
    order = []
    for name in key_names(by):
        if name in NAME_TABLES:
            continue
        column = figures[name]
        if name == "semester":
            column = semester_index(column)
        elif name in TEXT_KEYS:
            column = code_point_order(column)
        order.append(column.nulls_last())
    position = case(structure.order, value=figures.code, else_=len(structure.order))
    return [*order, position, code_point_order(figures.code)]
