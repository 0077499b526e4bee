"""The Excel workbook (openpyxl, write-only): returns bytes; sending them is the caller's job.

Every sheet has real column types, a frozen header row, an autofilter and set widths. Any text
that a spreadsheet could take for a formula (= + - @, tab, CR first) is written as text with a
quote prefix, after OWASP's advice on CSV/formula injection.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from analysis import export_groups as groups
from analysis import export_sheets as sheets
from analysis.export_agreement import agreement_rows
from analysis.export_readme import readme_rows, texts
from analysis.followup import Thresholds
from analysis.instruments import Instrument, default_instruments_dir, load_all_versions
from analysis.queries import (
    dimension_values,
    materialized,
    normalize_filters,
    tune_for_analysis,
)
from analysis.structure import structure_for
from analysis.xlsx_rows import (
    EXCEL_MAX_ROWS,
    Styles,
    Table,
    clean_text,
    continuation_title,
    is_formula_like,
    sheet_sizes,
    splice_tables_into,
)

SCORES_COLUMNS = (
    "observation_id", "semester", "pool", "network", "kindergarten", "department", "age_group",
    "instrument_id", "instrument_version", "kind", "observed_on", "cycle", "domain",
    "dimension", "score", "observer_id", "primary_observation_id",
)  # fmt: skip
ORG = ("pool", "network", "kindergarten", "department", "age_group")
SHARES = ("share_low", "share_mid", "share_high", "cycle_share_low", "cycle_share_mid",
          "cycle_share_high")  # fmt: skip
GROUP_TAIL = ("semester", "semesters_in_programme", "instrument_id", "level", "code",
              "n_departments", "n_observations", "mean", "sd", *SHARES, "change_since_previous",
              "n_paired", "change_since_start", "incomplete")  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[str, ...]
    rows: Callable[[sheets.Scope], Iterable[Sequence]]
    decimals: frozenset[str] = frozenset()  # columns shown with two decimals (values stay exact)
    paired: bool = False  # rows come as (head, tail[, foot]) cell tuples (see xlsx_rows.Table)
    # Counts the rows in SQL, for sheets too big to hold in memory; others are listed first.
    count: Callable[[sheets.Scope], int] | None = None


SHEETS = (
    Sheet("scores", SCORES_COLUMNS, sheets.scores_rows, paired=True, count=sheets.scores_count),
    Sheet(
        "department_means",
        ("observation_id", "semester", *ORG, "instrument_id", "level", "code", "mean", "band",
         "n_cycles"),  # fmt: skip
        sheets.department_mean_rows,
        frozenset({"mean"}),
        paired=True,
        count=sheets.department_mean_count,
    ),
    Sheet("pool_semester", ("pool", *GROUP_TAIL), lambda s: groups.group_rows(s, "pool"),
          frozenset({"mean", "sd", *SHARES, "change_since_previous", "change_since_start"})),
    Sheet("network_semester", ("pool", "network_id", "network", *GROUP_TAIL),
          lambda s: groups.group_rows(s, "network"),
          frozenset({"mean", "sd", *SHARES, "change_since_previous", "change_since_start"})),
    Sheet("bands", ("pool", "semester", "instrument_id", "level", "code", "band",
                    "n_departments", "departments_in_band", "share", "cycle_share"),
          groups.band_rows, frozenset({"share", "cycle_share"})),
    Sheet("coverage", ("semester", "pool", "network", "departments", "observed", "draft",
                       "not_started", "incomplete"), groups.coverage_rows),
    Sheet("follow_up", ("pool", "network", "kindergarten", "department", "semester", "rank",
                        "rule", "code", "value", "threshold", "previous_semester",
                        "previous_value", "reason"), sheets.follow_up_rows,
          frozenset({"value", "threshold", "previous_value"})),
    Sheet("agreement", ("breakdown", "dimension", "semester", "observer_id", "observer",
                        "n_pairs", "n_scores", "exact", "within_one", "icc", "status",
                        "flagged"),
          agreement_rows, frozenset({"exact", "within_one", "icc"})),
)  # fmt: skip
WIDTHS = {"observation_id": 38, "primary_observation_id": 38, "network": 22,
          "kindergarten": 28, "department": 20, "reason": 60, "observer": 24,
          "instrument_id": 15}  # fmt: skip


def build_workbook(
    session: Session,
    *,
    filters: Mapping[str, object] | None = None,
    instruments: Mapping[str, Instrument] | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
    thresholds: Thresholds | None = None,
    language: str = "nb",
) -> bytes:
    """Build the whole export for the filters (semester, pool, network, instrument…) and
    return it. A sheet longer than `max_rows` (header included) continues in "<name> (2)",
    "<name> (3)" … `thresholds` are the follow-up rules' settings (default: DESIGN §5's);
    `language` (nb, nn or en) is the README's and the follow-up reasons'."""
    buffer = io.BytesIO()
    write_workbook(
        session, buffer, filters=filters, instruments=instruments, max_rows=max_rows,
        thresholds=thresholds, language=language,
    )  # fmt: skip
    return buffer.getvalue()


def write_workbook(
    session: Session,
    out: IO[bytes],
    *,
    filters: Mapping[str, object] | None = None,
    instruments: Mapping[str, Instrument] | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
    thresholds: Thresholds | None = None,
    language: str = "nb",
) -> None:
    """Write the export into `out` (a file opened for binary writing), as build_workbook()
    does. Rows stream from the database into the file, so memory stays flat however large
    the export: the national set's goes through here (benchmarks/export.py measures it)."""
    texts(language)  # refuse an unknown language before any work
    scope = replace(
        _scope(session, filters, instruments),
        thresholds=thresholds or Thresholds(), language=language,
    )  # fmt: skip
    tune_for_analysis(session)  # no JIT, and plans for the actual values
    _sort_in_memory(session)
    # The per-observation means feed four sheets: compute them once, in the database.
    values = dimension_values(scope.filters)
    with materialized(session, values, "export_dimension_values") as dimensions:
        _build(replace(scope, dimensions=dimensions), max_rows, out)


def _sort_in_memory(session: Session) -> None:
    """Give PostgreSQL's sorts room for this transaction: the scores sheet sorts ~125,000
    rows for Bærum, which spill to disk under the default 4 MB work_mem."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql("SET LOCAL work_mem = '32MB'"))


def _build(scope: sheets.Scope, max_rows: int, out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    readme = _write_readme(workbook, scope)
    styles = register_styles(readme)
    # Rows are counted first, so every sheet a table needs is made here, through openpyxl.
    tables = [(_table(sheet, scope), sheet) for sheet in SHEETS]
    frames = [
        (write_table_sheets(workbook, sheet.title, sheet.columns, count, max_rows), table)
        for (table, count), sheet in tables
    ]
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Sheet paths are assigned while saving, so the rows go in afterwards, straight from SQL.
    parts = [([frame.path[1:] for frame in made], table) for made, table in frames]
    splice_tables_into(out, buffer.getvalue(), parts, styles, max_rows)


def _table(sheet: Sheet, scope: sheets.Scope) -> tuple[Table, int]:
    """Return the sheet's rows, still to be written, and how many there are."""
    decimals = frozenset(i for i, name in enumerate(sheet.columns) if name in sheet.decimals)
    if sheet.count is None:
        rows = list(sheet.rows(scope))
        return Table(rows, decimals, sheet.paired), len(rows)
    return Table(sheet.rows(scope), decimals, sheet.paired), sheet.count(scope)


def _scope(session, filters, instruments) -> sheets.Scope:
    versions = instruments or load_all_versions(default_instruments_dir())
    rules = {i.id: i.scale.band_rule_for_means for i in versions.values()}
    return sheets.Scope(
        session, normalize_filters(filters), structure_for(versions), instruments, rules
    )


def _write_readme(workbook: Workbook, scope: sheets.Scope) -> WriteOnlyWorksheet:
    sheet = workbook.create_sheet("README")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 110
    limits = scope.structure.mean_limits
    rules = {i: (rule, limits[i]) for i, rule in scope.band_rules.items() if i in limits}
    rows = readme_rows(scope.filters, scope.thresholds, band_rules=rules, language=scope.language)
    for topic, text in rows:
        sheet.append([_bold(sheet, topic), safe_cell(sheet, text)])
    return sheet


def register_styles(sheet: WriteOnlyWorksheet) -> Styles:
    """Register the data cell styles with openpyxl, so styles.xml holds them, and return ids."""
    day = WriteOnlyCell(sheet, value=date(2000, 1, 1))
    day.number_format = "yyyy-mm-dd"
    decimal = WriteOnlyCell(sheet, value=0.0)
    decimal.number_format = "0.00"
    text = WriteOnlyCell(sheet, value="")
    text.quotePrefix = True
    return Styles(date=day.style_id, decimal=decimal.style_id, text=text.style_id)


def write_table_sheets(
    workbook: Workbook, title: str, columns: Sequence[str], count: int, max_rows: int
) -> list[WriteOnlyWorksheet]:
    """Write the frames of a table of `count` rows: its own sheet, then "<title> (2)" … as
    many as Excel's row limit (`max_rows`, header included) needs."""
    sizes = sheet_sizes(count, max_rows)
    titles = [title, *(continuation_title(title, n) for n in range(2, len(sizes) + 1))]
    return [write_table(workbook, t, columns, n) for t, n in zip(titles, sizes, strict=True)]


def write_table(
    workbook: Workbook, title: str, columns: Sequence[str], rows: int = 0
) -> WriteOnlyWorksheet:
    """Write a table sheet's frame: widths, bold header, frozen header row and an autofilter
    over the header and the `rows` data rows that splice_tables() writes under it."""
    sheet = workbook.create_sheet(title)
    for index, name in enumerate(columns, start=1):
        width = WIDTHS.get(name, max(10, len(name) + 3))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, name) for name in columns])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
    return sheet


def _bold(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=clean_text(text))
    cell.font = Font(bold=True)
    return cell


def safe_cell(sheet: WriteOnlyWorksheet, text: str) -> object:
    """Return text as a value, or as a quote-prefixed text cell when it could be a formula."""
    text = clean_text(text)
    if not is_formula_like(text):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    cell.quotePrefix = True
    return cell
