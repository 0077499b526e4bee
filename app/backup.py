"""Backup and restore: every table of analysis.schema in a portable archive (DESIGN §7).

The archive is a zip holding manifest.json (format, format version, Alembic schema revision,
row counts) and one JSON Lines file per table: a header line with the column names, then one
JSON array per row in primary-key order. Values are written in a form both databases read back
the same: UUIDs, dates and aware datetimes as ISO text, JSON columns as JSON, booleans as
booleans. The schema revision ties the archive to the migrations, so restore refuses a database
at another revision rather than guessing.

Restore runs in one transaction, so a failure changes nothing. Foreign keys that point to a
later table (the user → kindergarten cycle) are inserted empty and filled in once every table is
loaded; rows pointing into their own table are ordered so the row they name comes first.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from alembic.migration import MigrationContext
from sqlalchemy import Column, Connection, Engine, Table, and_, bindparam, func, select
from sqlalchemy.exc import DBAPIError

from analysis.schema import metadata

from .backup_database import empty_tables, read_one_snapshot, reset_sequences
from .backup_values import decoder, encode

FORMAT = "tettpaa-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 2000


class BackupError(Exception):
    """The archive or the target database cannot be used; the message says why and what to do."""


def tables() -> list[Table]:
    """Every table, parents before children."""
    return list(metadata.sorted_tables)


def schema_revision(connection: Connection) -> list[str]:
    """The database's Alembic revision(s); empty when it has never been migrated."""
    return sorted(MigrationContext.configure(connection).get_current_heads())


# --- backup -------------------------------------------------------------------------------


def write_backup(engine: Engine, path: Path) -> dict[str, int]:
    """Write the archive to path (through a temporary file); return the row count per table."""
    partial = path.with_name(path.name + ".part")
    try:
        counts = _write_archive(engine, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return counts


def _write_archive(engine: Engine, path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with engine.connect() as connection, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        read_one_snapshot(connection)
        revision = schema_revision(connection)
        if not revision:
            raise BackupError("The database has no schema: nothing to back up.")
        for table in tables():
            with zf.open(f"tables/{table.name}.jsonl", "w") as raw:
                counts[table.name] = _write_table(connection, table, raw)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "revision": revision,
            "dialect": engine.dialect.name,
            "tables": counts,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
    return counts


def _write_table(connection: Connection, table: Table, raw) -> int:
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    names = [column.name for column in table.columns]
    out.write(json.dumps({"columns": names}) + "\n")
    count = 0
    query = select(*table.columns).order_by(*table.primary_key.columns)
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        out.write(json.dumps([encode(value) for value in row], ensure_ascii=False) + "\n")
        count += 1
    out.flush()
    out.detach()
    return count


# --- restore ------------------------------------------------------------------------------


def read_manifest(zf: zipfile.ZipFile) -> dict:
    """The archive's manifest, checked for format and version."""
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(f"Not a TETT PÅ backup (no readable {MANIFEST}): {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Not a TETT PÅ backup (unknown format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Backup format version {manifest.get('format_version')} is not supported "
            f"(this version of the app reads version {FORMAT_VERSION})."
        )
    return manifest


def restore_backup(engine: Engine, path: Path, *, force: bool = False) -> dict[str, int]:
    """Load the archive into the database in one transaction; return the row count per table."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"Cannot read {path}: {error}") from None
    with zf:
        manifest = read_manifest(zf)
        try:
            with engine.begin() as connection:
                return _restore(connection, zf, manifest["revision"], force)
        except DBAPIError as error:
            raise BackupError(f"The database refused the backup: {error.orig}") from None


def _restore(connection: Connection, zf: zipfile.ZipFile, revision: list, force: bool) -> dict:
    _check_revision(connection, revision)
    nonempty = [t.name for t in tables() if _has_rows(connection, t)]
    if nonempty and not force:
        raise BackupError(
            f"The database is not empty ({', '.join(nonempty[:5])}"
            f"{', …' if len(nonempty) > 5 else ''} hold rows). Restore into an empty "
            "database, or add --force to delete everything in it first."
        )
    if nonempty:
        empty_tables(connection, tables(), {t: forward_references(t) for t in tables()})
    counts = {t.name: _load_table(connection, t, zf) for t in tables()}
    _fill_forward_references(connection, zf)
    reset_sequences(connection, tables())
    return counts


def _check_revision(connection: Connection, archived: list[str]) -> None:
    current = schema_revision(connection)
    if not current:
        raise BackupError(
            "The database has no schema. Run `flask --app wsgi db upgrade "
            f"{' '.join(archived)}` first, then restore."
        )
    if current != archived:
        raise BackupError(
            f"The backup is of schema revision {', '.join(archived)}, the database is at "
            f"{', '.join(current)}. Migrate an empty database to the backup's revision "
            f"(`flask --app wsgi db upgrade {' '.join(archived)}`), restore, then run "
            "`flask --app wsgi db upgrade`."
        )


def _has_rows(connection: Connection, table: Table) -> bool:
    return connection.execute(select(func.count()).select_from(table)).scalar_one() > 0


def forward_references(table: Table) -> list[Column]:
    """Columns pointing at a table loaded after this one (a cycle such as user → kindergarten)."""
    order = {t.name: i for i, t in enumerate(tables())}
    return [
        fk.parent for fk in table.foreign_keys if order[fk.column.table.name] > order[table.name]
    ]


def self_references(table: Table) -> list[tuple[str, str]]:
    """(column, referenced column) pairs pointing at the table itself."""
    return [
        (fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table
    ]


def referenced_first(rows: Iterable[dict], links: list[tuple[str, str]]) -> Iterator[dict]:
    """The rows reordered so a row comes after the rows of its own table it points at.

    Self-references are not emptied and filled in later like cycles, because CHECK constraints
    may require them (a double-coding observation must name its primary)."""
    waiting = list(rows)
    loaded: dict[str, set] = {target: set() for _, target in links}
    while waiting:
        ready = [row for row in waiting if all(
            row[column] is None or row[column] in loaded[target] for column, target in links
        )]  # fmt: skip
        if not ready:
            raise BackupError("The backup has rows that refer to each other in a loop.")
        yield from ready
        for row in ready:
            for target in loaded:
                loaded[target].add(row[target])
        ready_ids = {id(row) for row in ready}
        waiting = [row for row in waiting if id(row) not in ready_ids]


def _archived_rows(zf: zipfile.ZipFile, table: Table) -> Iterator[dict]:
    """The table's rows from the archive, decoded, as column → value."""
    try:
        raw = zf.open(f"tables/{table.name}.jsonl")
    except KeyError:
        raise BackupError(f"The backup has no table {table.name}.") from None
    with io.TextIOWrapper(raw, encoding="utf-8") as lines:
        names = json.loads(next(lines))["columns"]
        if set(names) != set(table.columns.keys()):
            raise BackupError(f"The backup's columns of {table.name} differ from the schema's.")
        decoders = [decoder(table.columns[name]) for name in names]
        for line in lines:
            values = json.loads(line)
            yield {n: d(v) for n, d, v in zip(names, decoders, values, strict=True)}


def _load_table(connection: Connection, table: Table, zf: zipfile.ZipFile) -> int:
    later = {column.name for column in forward_references(table)}
    rows = _archived_rows(zf, table)
    if links := self_references(table):
        rows = referenced_first(rows, links)
    count = 0
    for batch in _batches(rows):
        connection.execute(table.insert(), [_without(row, later) for row in batch])
        count += len(batch)
    return count


def _fill_forward_references(connection: Connection, zf: zipfile.ZipFile) -> None:
    for table in tables():
        later = forward_references(table)
        if not later:
            continue
        keys = list(table.primary_key.columns)
        statement = (
            table.update()
            .where(and_(*(key == bindparam(f"key_{key.name}") for key in keys)))
            .values({column.name: bindparam(f"value_{column.name}") for column in later})
        )
        rows = (
            row for row in _archived_rows(zf, table) if any(row[c.name] is not None for c in later)
        )
        for batch in _batches(rows):
            params = [
                {f"key_{k.name}": row[k.name] for k in keys}
                | {f"value_{c.name}": row[c.name] for c in later}
                for row in batch
            ]
            connection.execute(statement, params)


def _without(row: dict, names: set[str]) -> dict:
    return {key: (None if key in names else value) for key, value in row.items()}


def _batches(rows: Iterable[dict]) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
