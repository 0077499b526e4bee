"""Fresh databases for the test session: SQLite files, and PostgreSQL databases on one server."""

import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.models import Base


def create_postgres_database(server_url: str) -> str:
    """Create an empty database with a unique name; return its URL."""
    name = f"tettpaa_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(server_url: str, database_url: str) -> None:
    """Drop a database made by create_postgres_database."""
    name = make_url(database_url).database
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def empty_all_tables(engine) -> None:
    """Delete every row, children first, so each test starts from an empty schema."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
