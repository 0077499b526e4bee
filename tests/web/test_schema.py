"""The migrated database equals the one schema declaration (analysis/schema.py), on both backends.

Alembic's autogenerate comparison covers tables, columns (types, nullability), primary and
foreign keys (with ON DELETE), unique constraints and indexes. It does not compare CHECK
constraints or a partial index's WHERE, so those are reflected from the migrated database and
from a database created straight from the declaration, and compared as the backend itself
renders them (PostgreSQL rewrites the text; SQLite keeps it).
"""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect

from analysis.schema import metadata
from app.db import make_engine

from ..support.databases import create_postgres_database, drop_postgres_database


@pytest.fixture
def migrated(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def declared(backend, request, tmp_path_factory):
    """A database of the same backend, created from the declaration without Alembic."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('declared') / 'declared.sqlite'}"
    else:
        server_url = request.getfixturevalue("postgres_server_url")
        url = create_postgres_database(server_url)
    engine = make_engine(url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()
    if backend == "postgres":
        drop_postgres_database(server_url, url)


def test_the_migrated_database_equals_the_declaration(migrated):
    with migrated.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_the_check_constraints_are_the_declared_ones(migrated, declared):
    for table in metadata.sorted_tables:
        found = check_constraints(migrated, table.name)
        assert set(found) == {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        assert found == check_constraints(declared, table.name)


def test_the_indexes_and_their_partial_where_are_the_declared_ones(migrated, declared):
    for table in metadata.sorted_tables:
        assert indexes(migrated, table.name) == indexes(declared, table.name)


def check_constraints(engine, table_name: str) -> dict[str, str]:
    constraints = inspect(engine).get_check_constraints(table_name)
    return {constraint["name"]: constraint["sqltext"] for constraint in constraints}


def indexes(engine, table_name: str) -> dict[str, tuple]:
    return {
        index["name"]: (index["column_names"], index["unique"], partial_where(index))
        for index in inspect(engine).get_indexes(table_name)
    }


def partial_where(index: dict) -> str | None:
    """The WHERE of a partial index as the backend renders it (a text clause, when reflected)."""
    options = index.get("dialect_options", {})
    where = options.get("sqlite_where", options.get("postgresql_where"))
    return None if where is None else str(where)
