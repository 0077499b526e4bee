"""The export's fast row writer: the same cells whichever way rows arrive, and a file
openpyxl reads back with its autofilter, types and text intact."""

import io
from datetime import date

from openpyxl import Workbook, load_workbook

from analysis.export_xlsx import register_styles, write_table
from analysis.xlsx_rows import RowWriter, Styles, Table, splice_tables

STYLES = Styles(date=2, decimal=3, text=4)
HEADS = [("a", 1, date(2025, 3, 4)), ("Bærum & co", 2, date(2025, 9, 1))]
TAILS = [(1, 2.5, None), (2, 3.0, True)]


def test_paired_rows_give_the_same_xml_as_whole_rows():
    pairs = [(head, tail) for head in HEADS for tail in TAILS]
    whole = RowWriter(STYLES, decimal_columns={4}).rows(h + t for h, t in pairs)
    paired = RowWriter(STYLES, decimal_columns={4}).paired_rows(pairs)
    assert list(paired) == list(whole)


def test_text_is_escaped_to_ascii_and_formula_like_text_is_quoted():
    xml = RowWriter(STYLES).cells(("Bærum <barnehage>", "=SUM(A1)", " padded "))
    assert xml.isascii()
    assert "B&#230;rum &lt;barnehage&gt;" in xml
    assert '<c s="4" t="inlineStr"><is><t>=SUM(A1)</t></is></c>' in xml
    assert '<t xml:space="preserve"> padded </t>' in xml


def test_spliced_rows_read_back_with_types_and_a_counted_autofilter():
    workbook = Workbook(write_only=True)
    styles = register_styles(workbook.create_sheet("README"))
    frame = write_table(workbook, "t", ("name", "n", "day", "cycle", "mean", "flag"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    pairs = [(head, tail) for head in HEADS for tail in TAILS]
    table = Table(pairs, decimal_columns=frozenset({4}), paired=True)
    data = splice_tables(buffer.getvalue(), {frame.path[1:]: table}, styles)
    sheet = load_workbook(io.BytesIO(data))["t"]
    assert sheet.auto_filter.ref == "A1:F5"
    second, last = sheet[3], sheet[5]
    assert [c.value for c in second[3:]] == [2, 3.0, True]
    assert second[4].number_format == "0.00" and second[2].number_format == "yyyy-mm-dd"
    assert last[0].value == "Bærum & co" and last[2].value.date() == date(2025, 9, 1)
