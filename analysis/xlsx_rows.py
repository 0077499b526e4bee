"""Fast rows for openpyxl's write-only sheets.

openpyxl builds an element per cell, about 10 µs each; the Bærum export has two million cells.
So openpyxl writes the workbook (styles, header row, widths, frozen pane, autofilter) and this
module writes the data rows as the same SpreadsheetML openpyxl itself emits (inline strings),
then splices them into the saved file. Cell XML is cached per value, which is why cells carry
no `r` reference: the standard makes it optional, and rows keep theirs.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_EPOCH = date(1899, 12, 30)
_SPOOL_BYTES = 32 * 1024 * 1024


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


class RowWriter:
    """Write table rows as <row> XML into a spooled temporary file; count them."""

    def __init__(self, styles: Styles, decimal_columns: Iterable[int] = ()) -> None:
        self.styles = styles
        self.decimal_columns = frozenset(decimal_columns)
        # Closed by splice_rows once copied; large tables spill to disk instead of memory.
        self.file: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            _SPOOL_BYTES, mode="w+", encoding="utf-8"
        )
        self.count = 0
        self._cache: dict[type, dict[object, str]] = {}
        self._float_styles = {i: f' s="{styles.decimal}"' for i in self.decimal_columns}

    def write_all(self, rows: Iterable[Sequence]) -> int:
        """Write every row (numbered from 2, under the header) and return the count."""
        write, cell = self.file.write, self._cell
        number = 1
        for number, row in enumerate(rows, start=2):  # noqa: B007
            write(f'<row r="{number}">{"".join([cell(i, v) for i, v in enumerate(row)])}</row>')
        self.count = number - 1
        self.file.seek(0)
        return self.count

    def _cell(self, column: int, value: object) -> str:
        # Exact class checks on purpose: bool is an int, and True == 1 in a dict.
        kind = value.__class__
        if kind is int:
            return f'<c t="n"><v>{value}</v></c>'
        if kind is float:
            style = self._float_styles.get(column, "")
            return f'<c{style} t="n"><v>{value!r}</v></c>'
        if value is None:
            return "<c/>"
        # Text and dates repeat down a column (names, codes, days): build each cell once.
        cache = self._cache.setdefault(kind, {})
        cached = cache.get(value)
        if cached is None:
            cached = cache[value] = self._new_cell(value)
        return cached

    def _new_cell(self, value: object) -> str:
        if isinstance(value, bool):
            return f'<c t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c t="n"><v>{value!r}</v></c>'
        if isinstance(value, datetime):
            raise TypeError("Export dates, not datetimes: Excel has no time zones.")
        if isinstance(value, date):
            serial = (value - _EXCEL_EPOCH).days
            return f'<c s="{self.styles.date}" t="n"><v>{serial}</v></c>'
        text = clean_text(str(value))
        style = f' s="{self.styles.text}"' if is_formula_like(text) else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def splice_rows(workbook_bytes: bytes, rows_by_sheet: Mapping[str, IO[str]]) -> bytes:
    """Insert each sheet's row XML before its </sheetData> in the saved workbook."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    output = io.BytesIO()
    # Level 1 deflate: several times faster than the default, and the file grows by a third.
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            rows = rows_by_sheet.get(info.filename)
            if rows is None:
                target.writestr(info, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>", 1)
            with target.open(info.filename, "w") as stream:
                stream.write(head.encode("utf-8"))
                _copy_text(rows, stream)
                stream.write(("</sheetData>" + tail).encode("utf-8"))
    return output.getvalue()


def _copy_text(source: IO[str], target: IO[bytes]) -> None:
    while chunk := source.read(1 << 20):
        target.write(chunk.encode("utf-8"))
    source.close()
