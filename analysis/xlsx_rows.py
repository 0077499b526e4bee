"""Fast rows for openpyxl's write-only sheets.

openpyxl builds an element per cell, and the Bærum export has two million cells: writing them
here instead is several times faster (benchmarks/export.py measures the whole export). So
openpyxl writes the workbook's frame (styles, header row, widths, frozen pane, autofilter) and
this module streams the data rows into the saved file as the same SpreadsheetML openpyxl
itself emits (inline strings). Cell XML is cached per value, which is why cells carry no `r`
reference: the standard makes it optional, and rows keep theirs.

Excel opens at most 1,048,576 rows per sheet, so a longer table continues in further sheets,
"<name> (2)" and on. The caller counts the rows first and creates every sheet through openpyxl
(sheet_sizes() says how many and how full), so the saved workbook already lists them all.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from typing import IO
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_EPOCH = date(1899, 12, 30)
BATCH_ROWS = 2_000
# Cells kept for reuse: names and codes repeat, ids do not. The cap bounds memory on a
# national export (hundreds of thousands of observation ids) at a few megabytes.
CACHED_CELLS = 20_000
EXCEL_MAX_ROWS = 1_048_576  # rows per sheet that Excel opens, the header included
_END = object()


@dataclass(frozen=True)
class Styles:
    """cellXfs indexes registered through openpyxl, so styles.xml holds them."""

    date: int
    decimal: int
    text: int  # quote prefix: text that must never be read as a formula


def clean_text(text: str) -> str:
    """Drop characters XML cannot hold (control characters from pasted text)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def is_formula_like(text: str) -> bool:
    """Return True if a spreadsheet could take the text for a formula (OWASP)."""
    return text.startswith(FORMULA_PREFIXES)


@dataclass
class Table:
    """One sheet's data rows, still to be written under its header row.

    With `paired`, each row is a (head, tail) pair of cell tuples, or a (head, tail, foot)
    triple whose foot follows the tail. A head repeats over runs of rows (a scores row
    repeats its observation's eleven facts), its foot with it, and a tail takes few distinct
    values, so the XML of each is built once, not per row. Tails compare by value, so each
    column keeps one type (3 == 3.0 == True in a dict)."""

    rows: Iterable[Sequence]
    decimal_columns: frozenset[int] = frozenset()  # float columns shown with two decimals
    paired: bool = False


class RowWriter:
    """Turn one table's rows into <row> XML elements, numbered from 2 (under the header)."""

    def __init__(self, styles: Styles, decimal_columns: Iterable[int] = ()) -> None:
        self.styles = styles
        self._cached: dict[tuple[type, object], str] = {}
        self._float_styles = {i: f' s="{styles.decimal}"' for i in decimal_columns}

    def rows(self, rows: Iterable[Sequence]) -> Iterator[str]:
        """Yield each row's XML."""
        for number, row in enumerate(rows, start=2):
            yield f'<row r="{number}">{self.cells(row)}</row>'

    def paired_rows(self, rows: Iterable[Sequence[Sequence]]) -> Iterator[str]:
        """Yield the XML of (head, tail) or (head, tail, foot) rows, building each run's head
        and foot and each distinct tail once."""
        tails: dict[Sequence, str] = {}
        last_head, head_xml, foot_xml = None, "", ""
        for number, (head, tail, *foot) in enumerate(rows, start=2):
            tail_xml = tails.get(tail)
            if tail_xml is None:
                tail_xml = tails[tail] = self.cells(tail, len(head))
            if head is not last_head:  # a run shares one tuple: identity is enough, and cheap
                last_head, head_xml = head, self.cells(head)
                foot_xml = self.cells(foot[0], len(head) + len(tail)) if foot else ""
            yield f'<row r="{number}">{head_xml}{tail_xml}{foot_xml}</row>'

    def cells(self, row: Sequence, first_column: int = 0) -> str:
        """Return a row's cells. The hot loop of the export, so the cases are inlined."""
        cached, parts = self._cached, []
        for column, value in enumerate(row, start=first_column):
            kind = value.__class__  # exact class: bool is an int, and True == 1 in a dict
            if kind is float:
                cell = f"<c{self._float_styles.get(column, '')}><v>{value!r}</v></c>"
            elif value is None:
                cell = "<c/>"
            else:  # text, integers, dates and booleans repeat: build each once
                cell = cached.get((kind, value)) or self._remember(kind, value)
            parts.append(cell)
        return "".join(parts)

    def _remember(self, kind: type, value: object) -> str:
        if len(self._cached) >= CACHED_CELLS:
            self._cached.clear()
        cell = self._cached[(kind, value)] = self._new_cell(value)
        return cell

    def _new_cell(self, value: object) -> str:
        if isinstance(value, bool):
            return f'<c t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f"<c><v>{value!r}</v></c>"  # t="n" is the default
        if isinstance(value, datetime):
            raise TypeError("Export dates, not datetimes: Excel has no time zones.")
        if isinstance(value, date):
            serial = (value - _EXCEL_EPOCH).days
            return f'<c s="{self.styles.date}"><v>{serial}</v></c>'
        text = clean_text(str(value))
        style = f' s="{self.styles.text}"' if is_formula_like(text) else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c{style} t="inlineStr"><is><t{space}>{_ascii_xml(text)}</t></is></c>'


def _ascii_xml(text: str) -> str:
    """Escape text for XML, writing æ, ø, å… as character references: ASCII-only strings
    join and encode several times faster, and the sheets are mostly ASCII anyway."""
    return escape(text).encode("ascii", "xmlcharrefreplace").decode("ascii")


def sheet_sizes(count: int, max_rows: int = EXCEL_MAX_ROWS) -> list[int]:
    """Return the data rows of each sheet a table of `count` rows takes when a sheet holds
    `max_rows` rows, header included: full sheets, then the rest; one sheet at least."""
    if max_rows < 2:
        raise ValueError("A sheet must hold the header and at least one data row.")
    full, rest = divmod(count, max_rows - 1)
    return [max_rows - 1] * full + ([rest] if rest or not full else [])


def continuation_title(title: str, number: int) -> str:
    """Return "<title> (number)", shortening the title to Excel's 31 characters if need be."""
    suffix = f" ({number})"
    return title[: 31 - len(suffix)] + suffix


def splice_tables(
    workbook_bytes: bytes,
    tables: Iterable[tuple[Sequence[str], Table]],
    styles: Styles,
    max_rows: int = EXCEL_MAX_ROWS,
) -> bytes:
    """Return the workbook with each table's rows streamed in, as splice_tables_into()."""
    output = io.BytesIO()
    splice_tables_into(output, workbook_bytes, tables, styles, max_rows)
    return output.getvalue()


def splice_tables_into(
    out: IO[bytes],
    workbook_bytes: bytes,
    tables: Iterable[tuple[Sequence[str], Table]],
    styles: Styles,
    max_rows: int = EXCEL_MAX_ROWS,
) -> None:
    """Write the saved workbook into `out`, streaming each table's rows into its sheets
    (before </sheetData>): `max_rows` rows a sheet, header included, filling the table's
    sheets (paths in the zip, as sized by sheet_sizes()) in order. The workbook already
    lists every sheet."""
    if max_rows < 2:
        raise ValueError("A sheet must hold the header and at least one data row.")
    tables = list(tables)
    spliced = {path for paths, _ in tables for path in paths}
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    # Level 1 deflate: several times faster than the default, and the file grows by a third.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename not in spliced:
                target.writestr(info, source.read(info.filename))
        for paths, table in tables:
            _write_table(source, target, paths, table, styles, max_rows - 1)


def _write_table(
    source: zipfile.ZipFile,
    target: zipfile.ZipFile,
    paths: Sequence[str],
    table: Table,
    styles: Styles,
    rows_per_sheet: int,
) -> None:
    """Fill a table's sheets in order. Rows counted before they were read may have changed
    since: fewer leave a sheet short, more than the sheets hold fail the export."""
    runs = _runs(table.rows, rows_per_sheet)
    for path in paths:
        frame = source.read(path).decode("utf-8")
        _write_sheet(target, path, frame, table, styles, next(runs, ()))
    if next(runs, None) is not None:
        raise RowsChanged(paths[0])


class RowsChanged(RuntimeError):
    """More rows arrived than were counted when the sheets were made (data saved meanwhile)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: more rows than counted; the data changed, export again.")


def _write_sheet(
    target: zipfile.ZipFile, path: str, frame: str, table: Table, styles: Styles, rows: Iterable
) -> None:
    """Write one sheet file: the frame, with `rows` numbered from 2 under its header."""
    head, tail = frame.split("</sheetData>", 1)
    writer = RowWriter(styles, table.decimal_columns)
    with target.open(path, "w") as stream:
        stream.write(head.encode("utf-8"))
        _write_rows(stream, (writer.paired_rows if table.paired else writer.rows)(rows))
        stream.write(f"</sheetData>{tail}".encode())


def _runs(rows: Iterable, size: int) -> Iterator[Iterator]:
    """Split rows into runs of at most `size`, lazily (memory stays bounded): the first run
    always, a further one only when rows remain. Use up each run before asking for the next."""
    source = iter(rows)
    run: Iterator = islice(source, size)
    while True:
        yield run
        first = next(source, _END)  # a full run may have been the last: look one row ahead
        if first is _END:
            return
        run = chain((first,), islice(source, size - 1))


def _write_rows(stream: IO[bytes], rows: Iterable[str]) -> None:
    """Write row XML a few thousand rows at a time (each write compresses)."""
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            stream.write("".join(batch).encode("utf-8"))
            batch.clear()
    stream.write("".join(batch).encode("utf-8"))
