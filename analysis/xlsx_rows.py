"""Fast rows for openpyxl's write-only sheets.

openpyxl builds an element per cell, about 10 µs each; the Bærum export has two million cells.
So openpyxl writes the workbook's frame (styles, header row, widths, frozen pane, autofilter)
and this module streams the data rows into the saved file as the same SpreadsheetML openpyxl
itself emits (inline strings). Cell XML is cached per value, which is why cells carry no `r`
reference: the standard makes it optional, and rows keep theirs.

Excel opens at most 1,048,576 rows per sheet, so a longer table continues in copies of its
frame, "<name> (2)" and on, which are registered in the workbook once the rows are counted.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from typing import IO
from xml.sax.saxutils import escape, quoteattr, unescape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_EPOCH = date(1899, 12, 30)
BATCH_ROWS = 2_000
EXCEL_MAX_ROWS = 1_048_576  # rows per sheet that Excel opens, the header included
# The frame's autofilter covers the header only; its last row is filled in once counted.
_AUTOFILTER = re.compile(r'(<autoFilter ref="A1:([A-Z]+))1"')
# The parts that register sheets; rewritten last, once every sheet's continuations are known.
WORKBOOK, RELATIONSHIPS, CONTENT_TYPES = (
    "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
)  # fmt: skip
_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_WORKSHEET_LINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_SHEET_PATH = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_SHEETS = re.compile(r"<sheets>(.*?)</sheets>", re.S)
_SHEET = re.compile(r"<sheet\b[^>]*/>")
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*/>")
_DEFINED_NAMES = re.compile(r"<definedNames>.*?</definedNames>|<definedNames\s*/>", re.S)
_DEFINED_NAME = re.compile(r"<definedName\b.*?</definedName>", re.S)
_LOCAL_SHEET = re.compile(r'localSheetId="(\d+)"')
_FILTER_NAME = "_xlnm._FilterDatabase"
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

    With `paired`, each row is a (head, tail) pair of cell tuples. A head repeats over runs
    of rows (a scores row repeats its observation's eleven facts) and a tail takes few
    distinct values, so the XML of each is built once, not per row. Tails compare by value,
    so each column keeps one type (3 == 3.0 == True in a dict)."""

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

    def paired_rows(self, rows: Iterable[tuple[Sequence, Sequence]]) -> Iterator[str]:
        """Yield the XML of (head, tail) rows, building each run's head and each distinct
        tail once."""
        tails: dict[Sequence, str] = {}
        last_head, head_xml = None, ""
        for number, (head, tail) in enumerate(rows, start=2):
            if head is not last_head:  # a run shares one tuple: identity is enough, and cheap
                last_head, head_xml = head, self.cells(head)
            tail_xml = tails.get(tail)
            if tail_xml is None:
                tail_xml = tails[tail] = self.cells(tail, len(head))
            yield f'<row r="{number}">{head_xml}{tail_xml}</row>'

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


def splice_tables(
    workbook_bytes: bytes,
    tables: Mapping[str, Table],
    styles: Styles,
    max_rows: int = EXCEL_MAX_ROWS,
) -> bytes:
    """Stream each table's rows into its sheet of the saved workbook (before </sheetData>).
    A table longer than a sheet holds (`max_rows`, header included) continues in new sheets
    "<name> (2)", "<name> (3)" … right after it, each a copy of the frame."""
    if max_rows < 2:
        raise ValueError("A sheet must hold the header and at least one data row.")
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    free_paths = _unused_sheet_paths(source.namelist())
    written: dict[str, list[Part]] = {}
    package: dict[str, zipfile.ZipInfo] = {}
    output = io.BytesIO()
    # Level 1 deflate: several times faster than the default, and the file grows by a third.
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            name, table = info.filename, tables.get(info.filename)
            if name in (WORKBOOK, RELATIONSHIPS, CONTENT_TYPES):
                package[name] = info  # they list the sheets: rewritten once all are written
            elif table is None:
                target.writestr(info, source.read(name))
            else:
                frame = source.read(name).decode("utf-8")
                paths = chain((name,), free_paths)
                written[name] = [
                    _write_sheet(target, next(paths), frame, table, styles, run)
                    for run in _runs(table.rows, max_rows - 1)
                ]
        texts = {name: source.read(name).decode("utf-8") for name in package}
        for name, text in _register(texts, written).items():
            target.writestr(package[name], text.encode("utf-8"))
    return output.getvalue()


@dataclass(frozen=True)
class Part:
    """One sheet file of a table: the first is the frame's own, the rest continue it."""

    path: str  # in the zip, e.g. xl/worksheets/sheet2.xml
    rows: int  # data rows, under the header
    last_column: str | None  # the autofilter's last column; None without an autofilter


def _unused_sheet_paths(names: Iterable[str]) -> Iterator[str]:
    number = max((int(m[1]) for name in names if (m := _SHEET_PATH.fullmatch(name))), default=0)
    while True:
        number += 1
        yield f"xl/worksheets/sheet{number}.xml"


def _write_sheet(
    target: zipfile.ZipFile, path: str, frame: str, table: Table, styles: Styles, rows: Iterable
) -> Part:
    """Write one sheet file: the frame, with `rows` numbered from 2 under its header."""
    head, tail = frame.split("</sheetData>", 1)
    writer = RowWriter(styles, table.decimal_columns)
    with target.open(path, "w") as stream:
        stream.write(head.encode("utf-8"))
        count = _write_rows(stream, (writer.paired_rows if table.paired else writer.rows)(rows))
        counted = _AUTOFILTER.sub(rf'\g<1>{count + 1}"', tail, count=1)
        stream.write(f"</sheetData>{counted}".encode())
    autofilter = _AUTOFILTER.search(tail)
    return Part(path, count, autofilter[2] if autofilter else None)


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


def _write_rows(stream: IO[bytes], rows: Iterable[str]) -> int:
    """Write row XML a few thousand rows at a time (each write compresses); return the count."""
    batch: list[str] = []
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            stream.write("".join(batch).encode("utf-8"))
            batch.clear()
    stream.write("".join(batch).encode("utf-8"))
    return count


def _register(texts: Mapping[str, str], written: Mapping[str, list[Part]]) -> dict[str, str]:
    """Register the continuation sheets in the package parts (content types, relationships,
    workbook) and point each table's autofilter name at its counted rows."""
    links = [dict(_ATTRIBUTE.findall(m)) for m in _RELATIONSHIP.findall(texts[RELATIONSHIPS])]
    last = max((int(a["Id"][3:]) for a in links if a["Id"][3:].isdigit()), default=0)
    new = [part.path for parts in written.values() for part in parts[1:]]
    ids = {path: f"rId{last + n}" for n, path in enumerate(new, start=1)}
    types = "".join(f'<Override PartName="/{path}" ContentType="{_WORKSHEET}"/>' for path in new)
    relations = "".join(f'<Relationship Type="{_WORKSHEET_LINK}" Target="/{path}" Id="{rid}"/>'
                        for path, rid in ids.items())  # fmt: skip
    sheets = {a["Id"]: written.get(_part_path(a["Target"]), []) for a in links}
    return {
        CONTENT_TYPES: texts[CONTENT_TYPES].replace("</Types>", types + "</Types>", 1),
        RELATIONSHIPS: texts[RELATIONSHIPS].replace(
            "</Relationships>", relations + "</Relationships>", 1
        ),
        WORKBOOK: _register_sheets(texts[WORKBOOK], sheets, ids),
    }


def _register_sheets(workbook: str, parts: Mapping[str, list[Part]], ids: Mapping[str, str]) -> str:
    """List each continuation sheet right after its table's sheet in the workbook."""
    listed = _SHEETS.search(workbook)
    top = max(int(n) for n in re.findall(r'sheetId="(\d+)"', listed[1]))
    sheets: list[tuple[int | None, str, str, Part | None]] = []  # (old position, XML, title, part)
    for old, element in enumerate(_SHEET.findall(listed[1])):
        attributes = dict(_ATTRIBUTE.findall(element))
        title = unescape(attributes["name"])
        first, *more = parts.get(attributes["r:id"]) or [None]
        sheets.append((old, element, title, first))
        for number, part in enumerate(more, start=2):
            name, sheet_id = _continuation_title(title, number), top + len(sheets)
            xml = f'<sheet name={quoteattr(name)} sheetId="{sheet_id}" r:id="{ids[part.path]}"/>'
            sheets.append((None, xml, name, part))
    elements = "".join(xml for _, xml, _, _ in sheets)
    workbook = workbook[: listed.start(1)] + elements + workbook[listed.end(1) :]
    return _with_sheet_names(workbook, sheets)


def _with_sheet_names(workbook: str, sheets: list[tuple]) -> str:
    """Move sheet-local names to their sheets' new positions (names count sheets by position),
    and give every table sheet an autofilter name that covers its rows."""
    position = {old: new for new, (old, *_) in enumerate(sheets) if old is not None}
    tables = {old for old, _, _, part in sheets if old is not None and part}
    found = _DEFINED_NAMES.search(workbook)
    names = []
    for element in _DEFINED_NAME.findall(found[0]) if found else ():
        local = _LOCAL_SHEET.search(element)
        if local is None:
            names.append(element)
        elif not (f'name="{_FILTER_NAME}"' in element and int(local[1]) in tables):
            names.append(_LOCAL_SHEET.sub(f'localSheetId="{position[int(local[1])]}"', element, 1))
    for new, (_, _, title, part) in enumerate(sheets):
        if part and part.last_column:
            quoted = title.replace("'", "''")  # the way a formula quotes a sheet name
            ref = f"'{quoted}'!$A$1:${part.last_column}${part.rows + 1}"
            names.append(f'<definedName name="{_FILTER_NAME}" localSheetId="{new}" hidden="1">'
                         f"{escape(ref)}</definedName>")  # fmt: skip
    block = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    if found:
        return workbook[: found.start()] + block + workbook[found.end() :]
    return workbook.replace("</sheets>", "</sheets>" + block, 1)


def _continuation_title(title: str, number: int) -> str:
    """Return "<title> (number)", shortening the title to Excel's 31 characters if need be."""
    suffix = f" ({number})"
    return title[: 31 - len(suffix)] + suffix


def _part_path(target: str) -> str:
    """Return a workbook relationship's target as a path in the zip."""
    return target[1:] if target.startswith("/") else f"xl/{target}"
