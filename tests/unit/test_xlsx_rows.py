"""The export's fast row writer: the same cells whichever way rows arrive, a file openpyxl
reads back with its autofilter, types and text intact, and tables longer than a sheet
continued in numbered sheets."""

import io
import re
import zipfile
from datetime import date
from itertools import count

import pytest
from openpyxl import Workbook, load_workbook

from analysis.export_xlsx import register_styles, write_table, write_table_sheets
from analysis.xlsx_rows import (
    RowsChanged,
    RowWriter,
    Styles,
    Table,
    _runs,
    continuation_title,
    sheet_sizes,
    splice_tables,
)

STYLES = Styles(date=2, decimal=3, text=4)
HEADS = [("a", 1, date(2025, 3, 4)), ("Bærum & co", 2, date(2025, 9, 1))]
TAILS = [(1, 2.5, None), (2, 3.0, True)]


def test_paired_rows_give_the_same_xml_as_whole_rows():
    pairs = [(head, tail) for head in HEADS for tail in TAILS]
    whole = RowWriter(STYLES, decimal_columns={4}).rows(h + t for h, t in pairs)
    paired = RowWriter(STYLES, decimal_columns={4}).paired_rows(pairs)
    assert list(paired) == list(whole)


def test_a_foot_follows_its_head_through_a_run_of_rows():
    feet = {HEADS[0]: (7, None), HEADS[1]: (8, "a1b2")}
    triples = [(head, tail, feet[head]) for head in HEADS for tail in TAILS]
    whole = RowWriter(STYLES, decimal_columns={4}).rows(h + t + f for h, t, f in triples)
    paired = RowWriter(STYLES, decimal_columns={4}).paired_rows(triples)
    assert list(paired) == list(whole)


def test_the_cell_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr("analysis.xlsx_rows.CACHED_CELLS", 10)
    writer = RowWriter(STYLES)
    xml = [writer.cells((f"id-{n}",)) for n in range(25)]
    assert len(writer._cached) <= 10
    assert xml[3] == '<c t="inlineStr"><is><t>id-3</t></is></c>'


def test_text_is_escaped_to_ascii_and_formula_like_text_is_quoted():
    xml = RowWriter(STYLES).cells(("Bærum <barnehage>", "=SUM(A1)", " padded "))
    assert xml.isascii()
    assert "B&#230;rum &lt;barnehage&gt;" in xml
    assert '<c s="4" t="inlineStr"><is><t>=SUM(A1)</t></is></c>' in xml
    assert '<t xml:space="preserve"> padded </t>' in xml


def test_spliced_rows_read_back_with_types_and_a_counted_autofilter():
    workbook = Workbook(write_only=True)
    styles = register_styles(workbook.create_sheet("README"))
    pairs = [(head, tail) for head in HEADS for tail in TAILS]
    frame = write_table(workbook, "t", ("name", "n", "day", "cycle", "mean", "flag"), len(pairs))
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = Table(pairs, decimal_columns=frozenset({4}), paired=True)
    data = splice_tables(buffer.getvalue(), [([frame.path[1:]], table)], styles)
    sheet = load_workbook(io.BytesIO(data))["t"]
    assert sheet.auto_filter.ref == "A1:F5"
    second, last = sheet[3], sheet[5]
    assert [c.value for c in second[3:]] == [2, 3.0, True]
    assert second[4].number_format == "0.00" and second[2].number_format == "yyyy-mm-dd"
    assert last[0].value == "Bærum & co" and last[2].value.date() == date(2025, 9, 1)


def _framed(
    max_rows: int, *tables: tuple[str, tuple[str, ...], list]
) -> tuple[bytes, Styles, list]:
    """Save a workbook of README and each table's counted frames; return it, its styles and
    each table's (sheet paths, Table), as export_xlsx makes them."""
    workbook = Workbook(write_only=True)
    styles = register_styles(workbook.create_sheet("README"))
    frames = [
        (write_table_sheets(workbook, title, columns, len(rows), max_rows), Table(rows))
        for title, columns, rows in tables
    ]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), styles, [([f.path[1:] for f in made], t) for made, t in frames]


def test_runs_split_rows_lazily_and_never_end_in_an_empty_run():
    assert [list(run) for run in _runs(range(7), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [list(run) for run in _runs(range(6), 3)] == [[0, 1, 2], [3, 4, 5]]
    assert [list(run) for run in _runs([], 3)] == [[]]
    endless = _runs(count(), 3)  # collecting the rows first would never return
    assert list(next(endless)) == [0, 1, 2] and list(next(endless)) == [3, 4, 5]


def test_a_long_table_continues_in_numbered_sheets_right_after_its_own():
    rows = [(n, date(2025, 1, 1 + n)) for n in range(10)]
    frame, styles, tables = _framed(
        4, ("scores", ("n", "day"), rows), ("other", ("a", "b", "c"), [("x", 1, 2.5)])
    )
    book = load_workbook(io.BytesIO(splice_tables(frame, tables, styles, max_rows=4)))
    parts = ["scores", "scores (2)", "scores (3)", "scores (4)"]
    assert book.sheetnames == ["README", *parts, "other"]
    found = []
    for title, last_row in zip(parts, (4, 4, 4, 2), strict=True):
        sheet = book[title]
        assert [c.value for c in sheet[1]] == ["n", "day"] and sheet[1][0].font.b
        assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width == 10
        assert sheet.max_row == last_row and sheet.auto_filter.ref == f"A1:B{last_row}"
        assert sheet["B2"].number_format == "yyyy-mm-dd"
        found += [(n, day.date()) for n, day in sheet.iter_rows(min_row=2, values_only=True)]
    assert found == rows
    assert list(book["other"].values) == [("a", "b", "c"), ("x", 1, 2.5)]
    assert book["other"].auto_filter.ref == "A1:C2"


def test_every_autofilter_name_points_at_its_own_sheet_and_rows():
    frame, styles, tables = _framed(
        3, ("scores", ("n",), [(n,) for n in range(5)]), ("other", ("a", "b"), [(1, 2)])
    )
    data = splice_tables(frame, tables, styles, max_rows=3)
    workbook = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    names = re.findall(r'localSheetId="(\d+)" hidden="1">([^<]*)<', workbook)
    sheets = load_workbook(io.BytesIO(data)).sheetnames
    assert {sheets[int(i)]: ref for i, ref in names} == {
        "scores": "'scores'!$A$1:$A$3", "scores (2)": "'scores (2)'!$A$1:$A$3",
        "scores (3)": "'scores (3)'!$A$1:$A$2", "other": "'other'!$A$1:$B$2",
    }  # fmt: skip


def test_a_table_that_just_fills_a_sheet_or_is_empty_stays_on_one_sheet():
    frame, styles, tables = _framed(4, ("full", ("n",), [(1,), (2,), (3,)]), ("empty", ("n",), []))
    book = load_workbook(io.BytesIO(splice_tables(frame, tables, styles, max_rows=4)))
    assert book.sheetnames == ["README", "full", "empty"]
    assert book["full"].auto_filter.ref == "A1:A4" and book["empty"].auto_filter.ref == "A1:A1"


def test_continuation_titles_keep_to_excels_31_characters():
    assert continuation_title("scores", 2) == "scores (2)"
    assert continuation_title("x" * 31, 12) == "x" * 26 + " (12)"


def test_sheet_sizes_fill_full_sheets_then_the_rest_and_never_none():
    assert sheet_sizes(10, max_rows=4) == [3, 3, 3, 1]
    assert sheet_sizes(6, max_rows=4) == [3, 3]
    assert sheet_sizes(0, max_rows=4) == [0]


def test_rows_beyond_the_counted_sheets_fail_the_export_rather_than_vanish():
    frame, styles, [(paths, _)] = _framed(3, ("scores", ("n",), [(1,), (2,)]))
    with pytest.raises(RowsChanged):
        splice_tables(frame, [(paths, Table([(n,) for n in range(3)]))], styles, max_rows=3)
