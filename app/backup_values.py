"""How backup archives write column values: JSON-ready forms both databases read back the same
(UUIDs, dates and aware datetimes as ISO text, decimals as text, bytes as base64; JSON columns,
booleans, numbers and text as themselves)."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Column


def encode(value):
    """A JSON-ready form of one column value."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def decoder(column: Column) -> Callable:
    """The function that turns a column's archived value back into its Python value."""
    try:
        kind = getattr(column.type, "impl_instance", column.type).python_type
    except NotImplementedError:  # SQLAlchemy's answer for a type without one (JSON): kept as is
        kind = object
    parse = {
        uuid.UUID: uuid.UUID,
        datetime: _parse_datetime,
        date: date.fromisoformat,
        Decimal: Decimal,
        bytes: base64.b64decode,
    }.get(kind)
    if parse is None:
        return lambda value: value
    return lambda value: None if value is None else parse(value)


def _parse_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    # An archive from a naive column stays naive; aware ones come back in UTC.
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed
