"""The declarative base, on the one schema declaration of analysis/schema.py."""

from sqlalchemy.orm import DeclarativeBase

from analysis import schema
from analysis.schema import NAMING_CONVENTION
from analysis.schema_columns import UTCDateTime, utcnow

__all__ = ["NAMING_CONVENTION", "Base", "UTCDateTime", "utcnow"]


class Base(DeclarativeBase):
    """Models set `__table__` to a table of the schema; their attributes add the typing."""

    metadata = schema.metadata
