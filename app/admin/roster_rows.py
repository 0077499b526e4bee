"""The roster workbook's rows, one typed class per sheet, and the problems found in a file.

A row's fields are the sheet's columns, in the workbook's order (DESIGN.md §7). Each sheet's
key matches a file row with a stored record: pool; network; kindergarten; kindergarten +
department; email; email + family + certified_on.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PoolRow:
    pool: int
    first_semester: str


@dataclass(frozen=True)
class NetworkRow:
    network: str
    pool: int
    mentor_email: str | None


@dataclass(frozen=True)
class KindergartenRow:
    kindergarten: str
    pool: int
    network: str | None
    owner: str
    active: bool


@dataclass(frozen=True)
class DepartmentRow:
    kindergarten: str
    department: str
    age_group: str
    children: int
    staff: int
    active: bool


@dataclass(frozen=True)
class PersonRow:
    email: str
    name: str
    roles: frozenset[str]
    home_kindergarten: str | None
    departments: frozenset[str]  # "Kindergarten/Department"
    active: bool


@dataclass(frozen=True)
class CertificationRow:
    email: str
    family: str
    certified_on: date
    expires_on: date


ROW_TYPES = {
    "pools": PoolRow,
    "networks": NetworkRow,
    "kindergartens": KindergartenRow,
    "departments": DepartmentRow,
    "people": PersonRow,
    "certifications": CertificationRow,
}
KEYS = {
    "pools": lambda row: row.pool,
    "networks": lambda row: row.network,
    "kindergartens": lambda row: row.kindergarten,
    "departments": lambda row: (row.kindergarten, row.department),
    "people": lambda row: row.email,
    "certifications": lambda row: (row.email, row.family, row.certified_on),
}


def department_path(kindergarten: str, department: str) -> str:
    """Name a department as the people sheet does: `Kindergarten/Department`."""
    return f"{kindergarten}/{department}"


def key_label(key) -> str:
    """Show a row's key as a person reads it."""
    if isinstance(key, tuple):
        return " / ".join(str(part) for part in key)
    return str(key)


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported, where it is, in the reader's language."""

    sheet: str
    row: int | None
    column: str | None
    message: str  # a lazy translation, rendered when shown

    def __str__(self) -> str:
        where = ", ".join(
            str(part) if part else "-" for part in (self.sheet, self.row, self.column)
        )
        return f"{where}: {self.message}"
