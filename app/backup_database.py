"""The steps of a backup and a restore that differ between SQLite and PostgreSQL: reading every
table in one snapshot, emptying every table (the audit log's append-only triggers included) and
moving the id sequences past the restored ids."""

from sqlalchemy import Connection, Integer, Table, text


def read_one_snapshot(connection: Connection) -> None:
    """Make the connection's reads see one state of the database, so a backup taken while the
    app runs is consistent across tables. Call before its first statement."""
    if connection.dialect.name == "postgresql":
        connection.execution_options(isolation_level="REPEATABLE READ")
    else:
        # pysqlite opens a transaction only for writes; in WAL mode an explicit one keeps every
        # SELECT on the same snapshot. Closing the connection rolls it back.
        connection.exec_driver_sql("BEGIN")


def empty_tables(connection: Connection, tables: list[Table], cycles: dict[Table, list]) -> None:
    """Delete every row of tables (parents first), the append-only audit log too (its triggers
    refuse row deletes). cycles: per table, the columns pointing at a later table."""
    if connection.dialect.name == "postgresql":
        # TRUNCATE fires no row-level DELETE trigger, so the audit guard lets it through.
        names = ", ".join(f'"{t.name}"' for t in tables)
        connection.execute(text(f"TRUNCATE {names} CASCADE"))
        return
    # Cycles first, then children before parents. These DML statements open the driver's
    # transaction before any trigger is dropped (pysqlite begins one only at DML), so the
    # guards come back if anything fails.
    for table in tables:
        if later := cycles.get(table):
            connection.execute(table.update().values({column.name: None for column in later}))
    for table in reversed(tables):
        triggers = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": table.name},
        ).all()
        for name, _sql in triggers:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
        connection.execute(table.delete())
        for _name, sql in triggers:
            connection.execute(text(sql))


def reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """Move PostgreSQL's id sequences past the restored ids, so new rows do not collide."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.columns or not isinstance(table.columns["id"].type, Integer):
            continue
        quoted = f'"{table.name}"'
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{quoted}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {quoted}), 0) + 1, false) "
                f"WHERE pg_get_serial_sequence('{quoted}', 'id') IS NOT NULL"
            )
        )
