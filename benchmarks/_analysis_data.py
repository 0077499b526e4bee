"""Databases for the analysis benchmarks: the national set (cached on SQLite) and Bærum."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "instance" / "bench"
TODAY = date(2026, 11, 23)  # fixed, so the cached national file stays valid


def load(url: str, scale: str, departments: int = 25_000) -> float:
    """Migrate and load the demo at `scale`; return the seconds it took."""
    from app import migrate
    from app.db import make_engine
    from app.demo import load_demo

    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    with Session(engine) as session:
        load_demo(session, scale=scale, seed=7, today=TODAY, national_departments=departments)
    if engine.dialect.name == "postgresql":
        # A live database is vacuumed and analysed by autovacuum; a bulk load just now is not.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started


def sqlite_national(departments: int) -> str:
    """Return the URL of the national SQLite file, building it once (instance/bench/)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"national-{departments}.sqlite"
    url = f"sqlite:///{path}"
    if path.exists():
        from app import migrate

        migrate.upgrade(url)  # an older cached file gets the newest indexes
    else:
        print(f"  building the national set ({departments} departments) on SQLite …", flush=True)
        try:
            print(f"  loaded in {load(url, 'national', departments):.0f} s", flush=True)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return url


@contextmanager
def postgres() -> Iterator[str | None]:
    """Yield the URL of a throwaway PostgreSQL server, or None when none can start here."""
    from tests.support import pg_server

    bin_dir = pg_server.find_bin_dir()
    if bin_dir is None:
        print("  PostgreSQL is not installed: skipped")
        yield None
        return
    server = pg_server.start(bin_dir)
    try:
        yield server.url
    finally:
        server.stop()


def copy_into(source_url: str, target_url: str) -> float:
    """Copy every table of `source_url` (the cached national SQLite file) into a migrated
    empty `target_url` (PostgreSQL) with COPY; return the seconds it took.

    Loading the demo again takes 25 minutes on a busy 2-core machine; copying its rows takes
    a few. Foreign-key triggers are off while copying (the user ↔ kindergarten references
    form a cycle, and the rows are already consistent in the source).
    """
    import json

    from analysis.schema import metadata
    from app import migrate
    from app.db import make_engine

    started = time.perf_counter()
    migrate.upgrade(target_url)
    source, target = make_engine(source_url), make_engine(target_url)
    with source.connect() as reading, target.connect() as writing:
        raw = writing.connection.dbapi_connection
        with raw.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            for table in metadata.sorted_tables:
                columns = ", ".join(f'"{c.name}"' for c in table.columns)
                rows = reading.execute(table.select()).yield_per(20_000)
                with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v
                                        for v in row])  # fmt: skip
            cursor.execute("SET session_replication_role = DEFAULT")
        raw.commit()
    with target.begin() as connection:
        _move_sequences(connection, metadata.sorted_tables)
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    source.dispose()
    target.dispose()
    return time.perf_counter() - started


def _move_sequences(connection, tables) -> None:
    """Move each id sequence past the copied ids, so later inserts do not collide."""
    for table in tables:
        if "id" not in table.c:
            continue
        name = f'"{table.name}"'
        sequence = connection.scalar(text(f"SELECT pg_get_serial_sequence('{name}', 'id')"))
        if sequence:
            last = f"COALESCE((SELECT MAX(id) FROM {name}), 1)"
            connection.execute(text(f"SELECT setval('{sequence}', {last})"))
