"""The roster workbook (DESIGN.md §7): typed rows read from, and written to, an .xlsx file.

A pure layer: no database and no request. Reading returns every sheet's rows keyed by their
natural key, or every problem found as `sheet, row, column: message`; writing returns bytes.
The cell rules (what a count, a date or a role is) live in roster_cells.py.
"""

from dataclasses import dataclass, field, fields
from io import BytesIO
from zipfile import BadZipFile

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from . import roster_cells as cells
from .roster_rows import KEYS, ROW_TYPES, Problem, key_label

__all__ = ["MAX_ROWS", "SHEETS", "Problem", "Roster", "RosterError", "key_label", "read_roster"]

# Far above the national set (25,000 departments): a bigger sheet is a mistake or an attack,
# and is refused from its declared size before a single row is read.
MAX_ROWS = 100_000

SHEETS: dict[str, tuple[str, ...]] = {
    sheet: tuple(f.name for f in fields(row_type)) for sheet, row_type in ROW_TYPES.items()
}


@dataclass
class Roster:
    """Every sheet's typed rows by key, and where each row stands in the file."""

    rows: dict[str, dict] = field(default_factory=lambda: {sheet: {} for sheet in SHEETS})
    lines: dict[str, dict] = field(default_factory=lambda: {sheet: {} for sheet in SHEETS})

    def line(self, sheet: str, key) -> int | None:
        return self.lines[sheet].get(key)


class RosterError(ValueError):
    """The file cannot be imported; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the roster file")
        self.problems = problems


def read_roster(data: bytes) -> Roster:
    """Read a roster workbook; raise RosterError listing every problem in it."""
    if not data:
        raise RosterError([Problem("", None, None, _l("The file is empty."))])
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        message = _l("The file is not an Excel workbook (.xlsx).")
        raise RosterError([Problem("", None, None, message)]) from None
    try:
        return _read_sheets(workbook)
    finally:
        workbook.close()


def _read_sheets(workbook) -> Roster:
    roster, problems = Roster(), []
    names = {name.strip().lower(): name for name in workbook.sheetnames}
    for sheet in SHEETS:
        if sheet not in names:
            problems.append(Problem(sheet, None, None, _l("The sheet is missing.")))
            continue
        _read_sheet(workbook[names[sheet]], sheet, roster, problems)
    if problems:
        raise RosterError(problems)
    return roster


def _read_sheet(worksheet, sheet: str, roster: Roster, problems: list[Problem]) -> None:
    declared = worksheet.max_row or 0
    if declared > MAX_ROWS + 1:
        problems.append(_too_many_rows(sheet, declared - 1))
        return
    # The declared size may be wrong (or absent): read every row, counting them ourselves.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows()
    columns = _header(next(rows, ()), sheet, problems)
    if columns is None:
        return
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            problems.append(_too_many_rows(sheet, f"> {MAX_ROWS}"))
            return
        _read_row(row, number, sheet, columns, roster, problems)


def _too_many_rows(sheet: str, rows) -> Problem:
    message = _l("The sheet has %(rows)s rows; the limit is %(limit)s rows per sheet.",
                 rows=rows, limit=f"{MAX_ROWS:,}".replace(",", " "))  # fmt: skip
    return Problem(sheet, None, None, message)


def _header(row, sheet: str, problems: list[Problem]) -> list[int] | None:
    """Return the position of each expected column, or None when some are missing."""
    found = [str(cell.value).strip().lower() if cell.value is not None else "" for cell in row]
    missing = [column for column in SHEETS[sheet] if column not in found]
    for column in missing:
        problems.append(Problem(sheet, 1, column, _l("The column is missing.")))
    return None if missing else [found.index(column) for column in SHEETS[sheet]]


def _read_row(row, number: int, sheet: str, columns, roster: Roster, problems) -> None:
    raw = [row[index] if index < len(row) else None for index in columns]
    if all(cell is None or cell.value in (None, "") for cell in raw):
        return  # a blank line between rows is harmless
    values, ok = [], True
    for column, cell, convert in zip(SHEETS[sheet], raw, cells.CONVERTERS[sheet], strict=True):
        try:
            values.append(convert(cells.value_of(cell)))
        except cells.CellError as error:
            problems.append(Problem(sheet, number, column, error.message))
            ok = False
    if not ok:
        return
    try:
        values = cells.complete(sheet, values)
    except cells.CellError as error:
        problems.append(Problem(sheet, number, error.column, error.message))
        return
    _add_row(ROW_TYPES[sheet](*values), number, sheet, roster, problems)


def _add_row(typed, number: int, sheet: str, roster: Roster, problems) -> None:
    key = KEYS[sheet](typed)
    first = roster.lines[sheet].get(key)
    if first is not None:
        column = SHEETS[sheet][0]
        message = _l("%(key)s is already on row %(row)s.", key=key_label(key), row=first)
        problems.append(Problem(sheet, number, column, message))
        return
    roster.rows[sheet][key] = typed
    roster.lines[sheet][key] = number


def write_roster(roster: Roster) -> bytes:
    """Return the roster as a workbook in the layout read_roster reads."""
    workbook = Workbook(write_only=True)
    for sheet, columns in SHEETS.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(columns)
        for key in sorted(roster.rows[sheet]):
            typed = roster.rows[sheet][key]
            worksheet.append([_cell(worksheet, value) for value in cells.to_cells(typed)])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(worksheet, value):
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(worksheet, value)
        cell.data_type = "s"  # a name that starts with "=" stays text, never a formula
        return cell
    return value
