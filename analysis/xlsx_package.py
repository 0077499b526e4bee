"""Registering continuation sheets in a saved workbook's package (see xlsx_rows).

A sheet is listed in three parts of the zip: the content types, the workbook's relationships
and the workbook itself, where sheet-local names (the autofilter's hidden name) count sheets by
position. These are rewritten once every table's sheets are written and counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr, unescape

# The parts that register sheets; rewritten last, once every sheet's continuations are known.
WORKBOOK, RELATIONSHIPS, CONTENT_TYPES = (
    "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
)  # fmt: skip

_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_WORKSHEET_LINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_SHEETS = re.compile(r"<sheets>(.*?)</sheets>", re.S)
_SHEET = re.compile(r"<sheet\b[^>]*/>")
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*/>")
_DEFINED_NAMES = re.compile(r"<definedNames>.*?</definedNames>|<definedNames\s*/>", re.S)
_DEFINED_NAME = re.compile(r"<definedName\b.*?</definedName>", re.S)
_LOCAL_SHEET = re.compile(r'localSheetId="(\d+)"')
_FILTER_NAME = "_xlnm._FilterDatabase"


@dataclass(frozen=True)
class Part:
    """One sheet file of a table: the first is the frame's own, the rest continue it."""

    path: str  # in the zip, e.g. xl/worksheets/sheet2.xml
    rows: int  # data rows, under the header
    last_column: str | None  # the autofilter's last column; None without an autofilter


def register(texts: Mapping[str, str], written: Mapping[str, list[Part]]) -> dict[str, str]:
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
            name, sheet_id = continuation_title(title, number), top + len(sheets)
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


def continuation_title(title: str, number: int) -> str:
    """Return "<title> (number)", shortening the title to Excel's 31 characters if need be."""
    suffix = f" ({number})"
    return title[: 31 - len(suffix)] + suffix


def _part_path(target: str) -> str:
    """Return a workbook relationship's target as a path in the zip."""
    return target[1:] if target.startswith("/") else f"xl/{target}"
