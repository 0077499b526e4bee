"""Column types and builders for the schema declaration (analysis/schema.py)."""

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Integer, TypeDecorator


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store UTC; always hand back aware datetimes, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use aware UTC datetimes")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def id_column() -> Column:
    """An integer primary key named id."""
    return Column("id", Integer, primary_key=True)


def required(name: str, type_, *args, **kwargs) -> Column:
    """A NOT NULL column."""
    return Column(name, type_, *args, nullable=False, **kwargs)


def reference(
    name: str,
    target: str,
    *,
    nullable: bool = False,
    index: bool = True,
    ondelete: str | None = None,
    use_alter: bool = False,
) -> Column:
    """A foreign key column to `target` ("table.column"), indexed unless told otherwise."""
    key = ForeignKey(target, ondelete=ondelete, use_alter=use_alter)
    return Column(name, key, nullable=nullable, index=index)


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK that `column` holds one of `values`, named after the column."""
    return CheckConstraint(f"{column} IN {values}", name=column)
