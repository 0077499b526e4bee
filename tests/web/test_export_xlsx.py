"""The Excel export on the Bærum demo, both backends: its shape, its types, and every aggregate
sheet rebuilt exactly from the `scores` sheet with plain Python."""

import io
import statistics
import zipfile
from collections import defaultdict
from datetime import date, datetime
from math import ceil

import numpy as np
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from analysis.export_xlsx import SCORES_COLUMNS, SHEETS, build_workbook
from analysis.semesters import Semester, parse_semester
from tests.support import analysis_reference as reference
from tests.support.analysis_data import demo_world  # noqa: F401

pytestmark = pytest.mark.xdist_group("analysis-demo")
EXACT = 1e-12


@pytest.fixture(scope="module")
def workbook_bytes(demo_world):  # noqa: F811
    with demo_world.session() as session:
        return build_workbook(session)


@pytest.fixture(scope="module")
def sheets(workbook_bytes) -> dict[str, list[dict]]:
    """Every table sheet as a list of dicts (read-only, values only)."""
    book = load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    result = {}
    for sheet in book.worksheets[1:]:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows)
        result[sheet.title] = [dict(zip(header, row, strict=True)) for row in rows]
    return result


@pytest.fixture(scope="module")
def scores(sheets):
    """The scores sheet in the shape the reference recomputation reads."""
    rows = []
    for row in sheets["scores"]:
        department = (row["kindergarten"], row["department"])
        names = {"network_id": row["network"], "kindergarten_id": row["kindergarten"]}
        rows.append({**row, "department_id": department, **names})
    return rows


def test_the_sheets_come_in_order_with_the_exact_score_columns(workbook_bytes):
    book = load_workbook(io.BytesIO(workbook_bytes))
    assert book.sheetnames == ["README"] + [sheet.title for sheet in SHEETS]
    scores_sheet = book["scores"]
    header = [cell.value for cell in scores_sheet[1]]
    assert header == list(SCORES_COLUMNS) == [
        "observation_id", "semester", "pool", "network", "kindergarten", "department",
        "age_group", "instrument_id", "instrument_version", "kind", "observed_on", "cycle",
        "domain", "dimension", "score", "observer_id", "primary_observation_id",
    ]  # fmt: skip
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref.endswith(str(sheet.max_row)), sheet.title
        assert sheet.column_dimensions["A"].width >= 10


def test_cells_have_real_types(workbook_bytes):
    book = load_workbook(io.BytesIO(workbook_bytes))
    row = [cell for cell in book["scores"][2]]
    types = {name: cell for name, cell in zip(SCORES_COLUMNS, row, strict=True)}
    assert types["pool"].data_type == "n" and isinstance(types["pool"].value, int)
    assert types["score"].data_type == "n" and 1 <= types["score"].value <= 7
    assert types["observed_on"].is_date and types["observed_on"].number_format == "yyyy-mm-dd"
    assert types["observation_id"].data_type == "s" and len(types["observation_id"].value) == 36
    mean = book["department_means"]["K2"]
    assert isinstance(mean.value, float) and mean.number_format == "0.00"


def test_the_readme_explains_every_sheet_and_column_and_the_rules(workbook_bytes):
    book = load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    topics = {row[0] for row in book["README"].iter_rows(values_only=True)}
    texts = " ".join(str(row[1]) for row in book["README"].iter_rows(values_only=True))
    for sheet in SHEETS:
        assert sheet.title in topics
        assert set(sheet.columns) <= topics, sheet.title
    for rule in ("8 − NC", "under 2,5 lav", "færre enn 5 avdelinger", "ICC(2,1)", "median"):
        assert rule in texts
    assert "Nivåregel i bruk" in topics  # bokmål by default, the band rule in force named
    assert "class-prek: 'nearest': et gjennomsnitt under 2,5 er lavt" in texts


def test_the_scores_sheet_holds_every_done_observation_score(demo_world, scores):  # noqa: F811
    with demo_world.session() as session:
        expected = reference.tidy_rows(session)
    assert len(scores) == len(expected)
    assert {r["kind"] for r in scores} == {"regular", "double_coding"}
    assert isinstance(scores[0]["observed_on"], datetime | date)


def test_department_means_are_rebuilt_exactly_from_scores(sheets, scores):
    for level in ("dimension", "domain"):
        values = reference.observation_values(scores, level)
        expected = {(str(v.row["observation_id"]), v.code): v.value for v in values}
        found = {(r["observation_id"], r["code"]): r for r in sheets["department_means"]
                 if r["level"] == level}  # fmt: skip
        assert found.keys() == expected.keys()
        for key, row in found.items():
            assert row["mean"] == pytest.approx(expected[key], abs=EXACT)
            assert row["band"] == reference.band(expected[key])


@pytest.mark.parametrize(
    ("sheet", "keys"),
    [("pool_semester", ("pool", "semester", "instrument_id")),
     ("network_semester", ("network", "semester", "instrument_id"))],
)  # fmt: skip
def test_aggregate_sheets_are_rebuilt_exactly_from_scores(sheets, scores, sheet, keys):
    for level in ("dimension", "domain"):
        values = reference.observation_values(scores, level)
        expected = reference.group_figures(values, lambda r: tuple(r[k] for k in keys))
        rows = [r for r in sheets[sheet] if r["level"] == level]
        assert len(rows) == len(expected)
        for row in rows:
            want = expected[(tuple(row[k] for k in keys), row["code"])]
            assert row["n_departments"] == want.n_departments
            assert row["mean"] == pytest.approx(want.mean, abs=EXACT)
            assert row["sd"] == (None if want.sd is None else pytest.approx(want.sd, abs=EXACT))
            for band in ("low", "mid", "high"):
                assert row[f"share_{band}"] == pytest.approx(want.shares[band], abs=EXACT)
                assert row[f"cycle_share_{band}"] == pytest.approx(
                    want.cycle_shares[band], abs=EXACT
                )


def test_band_distributions_are_rebuilt_from_scores(sheets, scores):
    values = reference.observation_values(scores, "domain")
    keys = ("pool", "semester", "instrument_id")
    expected = reference.group_figures(values, lambda r: tuple(r[k] for k in keys))
    rows = [r for r in sheets["bands"] if r["level"] == "domain"]
    assert len(rows) == 3 * len(expected)
    for row in rows:
        want = expected[(tuple(row[k] for k in keys), row["code"])]
        share = want.shares[row["band"]]
        assert row["share"] == pytest.approx(share, abs=EXACT)
        assert row["departments_in_band"] == round(share * want.n_departments)


def test_a_double_coding_row_names_its_primary_observation_and_both_observers(scores):
    regular = {r["observation_id"]: r for r in scores if r["kind"] == "regular"}
    double = [r for r in scores if r["kind"] == "double_coding"]
    assert double and all(isinstance(r["observer_id"], int) for r in scores)
    assert all(r["primary_observation_id"] is None for r in scores if r["kind"] != "double_coding")
    for row in double:
        primary = regular[row["primary_observation_id"]]
        assert primary["department_id"] == row["department_id"]
        assert primary["semester"] == row["semester"]
        assert primary["observer_id"] != row["observer_id"]


def _icc_2_1(pairs: list[tuple[int, int]]) -> float | None:
    """ICC(2,1) of an n × 2 matrix (Shrout & Fleiss; McGraw & Wong's A,1), with numpy."""
    x = np.asarray(pairs, dtype=float)
    n, k = x.shape
    if n < 2:
        return None
    grand = x.mean()
    ss_subjects = k * np.sum((x.mean(axis=1) - grand) ** 2)
    ss_raters = n * np.sum((x.mean(axis=0) - grand) ** 2)
    ss_error = np.sum((x - grand) ** 2) - ss_subjects - ss_raters
    ms_s, ms_r = ss_subjects / (n - 1), ss_raters / (k - 1)
    ms_e = ss_error / ((n - 1) * (k - 1))
    denominator = ms_s + (k - 1) * ms_e + k * (ms_r - ms_e) / n
    return None if abs(denominator) < 1e-12 else float((ms_s - ms_e) / denominator)


def _expected_agreement(pairs: list[dict]) -> dict:
    """Pooled exact and within-one, the median of the per-dimension ICCs, the visits."""
    by_dimension = defaultdict(list)
    for p in pairs:
        by_dimension[p["dimension"]].append((p["a"], p["b"]))
    iccs = [icc for icc in map(_icc_2_1, by_dimension.values()) if icc is not None]
    return {
        "n_pairs": len({p["pair"] for p in pairs}),
        "n_scores": len(pairs),
        "exact": sum(p["a"] == p["b"] for p in pairs) / len(pairs),
        "within_one": sum(abs(p["a"] - p["b"]) <= 1 for p in pairs) / len(pairs),
        "icc": statistics.median(iccs) if iccs else None,
    }


def _pairs_from_scores(scores: list[dict]) -> list[dict]:
    """Pair each double-coding score with its primary's, by primary id, cycle and dimension."""
    by_cell = {(r["observation_id"], r["cycle"], r["dimension"]): r for r in scores}
    pairs = []
    for r in scores:
        if r["kind"] != "double_coding":
            continue
        primary = by_cell.get((r["primary_observation_id"], r["cycle"], r["dimension"]))
        if primary is not None:
            pairs.append({
                "pair": r["observation_id"], "semester": r["semester"],
                "dimension": r["dimension"], "first": primary["observer_id"],
                "second": r["observer_id"], "a": primary["score"], "b": r["score"],
            })  # fmt: skip
    return pairs


def _assert_agreement_row(found: dict, want: dict) -> None:
    assert (found["n_pairs"], found["n_scores"]) == (want["n_pairs"], want["n_scores"])
    for key in ("exact", "within_one"):
        assert found[key] == pytest.approx(want[key], abs=1e-9), key
    if want["icc"] is None:
        assert found["icc"] is None
    else:
        assert found["icc"] == pytest.approx(want["icc"], abs=1e-9)


def test_the_agreement_sheet_is_rebuilt_from_scores(sheets, scores):
    """Overall, per dimension and per semester over every pair; each observer over the last
    two semesters, as (this observer, the partner); ICC(2,1) per dimension, else the median."""
    pairs = _pairs_from_scores(scores)
    rows = defaultdict(list)
    for row in sheets["agreement"]:
        rows[row["breakdown"]].append(row)
    _assert_agreement_row(rows["overall"][0], _expected_agreement(pairs))
    for breakdown in ("dimension", "semester"):
        groups = defaultdict(list)
        for p in pairs:
            groups[p[breakdown]].append(p)
        assert {r[breakdown] for r in rows[breakdown]} == groups.keys()
        for row in rows[breakdown]:
            _assert_agreement_row(row, _expected_agreement(groups[row[breakdown]]))
    latest = max((p["semester"] for p in pairs), key=lambda s: parse_semester(s).index)
    window = {latest, str(parse_semester(latest).previous())}
    mine = defaultdict(list)  # observer -> their pairs, their own score as `a`
    for p in pairs:
        if p["semester"] in window:
            mine[p["first"]].append(p)
            mine[p["second"]].append({**p, "a": p["b"], "b": p["a"]})
    assert {r["observer_id"] for r in rows["observer"]} == mine.keys()
    assert rows["observer"]
    for row in rows["observer"]:
        want = _expected_agreement(mine[row["observer_id"]])
        _assert_agreement_row(row, want)
        status = ("too_few" if want["n_pairs"] < 3 else
                  "recalibrate" if want["within_one"] < 0.8 else "ok")  # fmt: skip
        assert (row["status"], row["flagged"], row["semester"]) == (
            status,
            status == "recalibrate",
            latest,
        )


def _cume_dist(group: dict, department) -> float:
    """The share of the group's departments with this department's mean or lower."""
    mine = group[department]
    return sum(value <= mine + 1e-9 for value in group.values()) / len(group)


def _expected_flags(values: dict, department, now: str, before: str) -> set[tuple]:
    """The flags of DESIGN §5 with the default thresholds, recomputed in plain Python."""
    found = set()
    for (instrument, semester, level, code), group in values.items():
        if semester != now or department not in group:
            continue
        value = group[department]
        if level == "dimension":
            if (instrument, code) in reference.REVERSE and value >= 3 - 1e-9:
                found.add((*department, "negative_climate", code))
            continue
        if code in ("ES", "EBS") and value < 2.5 - 1e-9:
            found.add((*department, "low_support", code))
        earlier = values.get((instrument, before, level, code), {})
        if department not in earlier:
            continue  # paired: both semesters or no comparison
        if earlier[department] - value >= 1 - 1e-9:
            found.add((*department, "drop", code))
        now_share = _cume_dist(group, department)
        if now_share <= 0.1 + 1e-9 and _cume_dist(earlier, department) <= 0.1 + 1e-9:
            found.add((*department, "bottom_decile", code))
    return found


def test_the_follow_up_list_is_rebuilt_from_scores(sheets, scores):
    # (instrument, semester, level, code) -> {(kindergarten, department): mean}
    values: dict[tuple, dict] = defaultdict(dict)
    observed = defaultdict(set)  # department -> semesters
    for level in ("dimension", "domain"):
        for v in reference.observation_values(scores, level):
            department = (v.row["kindergarten"], v.row["department"])
            values[(v.row["instrument_id"], v.row["semester"], level, v.code)][department] = v.value
            observed[department].add(v.row["semester"])
    latest = max((r["semester"] for r in scores), key=lambda s: parse_semester(s).index)
    end = parse_semester(latest).index
    expected = set()
    for department, semesters in observed.items():
        now = next((str(Semester.from_index(i)) for i in (end, end - 1)
                    if str(Semester.from_index(i)) in semesters), None)  # fmt: skip
        if now is not None:
            before = str(parse_semester(now).previous())
            expected |= _expected_flags(values, department, now, before)
    rows = sheets["follow_up"]
    found = {(r["kindergarten"], r["department"], r["rule"], r["code"]) for r in rows}
    assert found == expected and found
    ranks = list(dict.fromkeys((r["rank"], r["kindergarten"], r["department"]) for r in rows))
    assert [rank for rank, _, _ in ranks] == list(range(1, len(ranks) + 1))
    # DESIGN §5: on the demo, well under a fifth of the departments are flagged.
    assert len(ranks) < len(observed) / 5


def test_semester_and_pool_filters_narrow_every_sheet(demo_world):  # noqa: F811
    with demo_world.session() as session:
        data = build_workbook(session, filters={"semester": "2025V", "pool": 2})
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(book["scores"].iter_rows(min_row=2, values_only=True))
    assert rows and {(r[1], r[2]) for r in rows} == {("2025V", 2)}
    pools = {r[0] for r in book["pool_semester"].iter_rows(min_row=2, values_only=True)}
    assert pools == {2}
    means = [r[10] for r in book["department_means"].iter_rows(min_row=2, values_only=True)]
    assert statistics.fmean(means) > 0


def test_text_that_looks_like_a_formula_stays_text(db_session):
    from tests.support import analysis_small

    world = analysis_small.build(db_session)
    world["departments"]["D1"].name = '=HYPERLINK("http://evil.example","klikk")'
    world["kindergartens"][0].name = "+47 22 33 44 55"
    world["networks"][0].name = "@SUM(A1:A9)"
    world["departments"]["D2"].name = "-1+2"
    db_session.commit()
    data = build_workbook(db_session)
    sheet_xml = "".join(
        zipfile.ZipFile(io.BytesIO(data)).read(name).decode()
        for name in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if name.startswith("xl/worksheets/")
    )
    assert "<f>" not in sheet_xml
    book = load_workbook(io.BytesIO(data))
    texts = {}
    for row in book["scores"].iter_rows(min_row=2):
        for cell in row[3:6]:
            texts[cell.value] = cell
    for value in ('=HYPERLINK("http://evil.example","klikk")', "+47 22 33 44 55", "@SUM(A1:A9)",
                  "-1+2"):  # fmt: skip
        cell = texts[value]
        assert cell.data_type == "s" and cell.quotePrefix, value
    assert not texts["D3"].quotePrefix


def test_sheets_longer_than_the_row_limit_continue_in_numbered_sheets(db_session):
    """With room for 49 data rows a sheet, every table is split into `<name>`, `<name> (2)` …
    that hold exactly the unsplit export's rows, in order, each with its own frame."""
    from tests.support import analysis_small

    analysis_small.build(db_session)
    db_session.commit()
    whole = load_workbook(io.BytesIO(build_workbook(db_session)))
    split = load_workbook(io.BytesIO(build_workbook(db_session, max_rows=50)))
    names = ["README"]
    for sheet in whole.worksheets[1:]:
        header, *rows = list(sheet.values)
        parts = [sheet.title] + [f"{sheet.title} ({n})" for n in range(2, ceil(len(rows) / 49) + 1)]
        names += parts
        found = []
        for title in parts:
            part = split[title]
            assert part.max_row <= 50 and part.freeze_panes == "A2", title
            last_column = get_column_letter(len(header))
            assert part.auto_filter.ref == f"A1:{last_column}{part.max_row}", title
            assert part.column_dimensions["A"].width == sheet.column_dimensions["A"].width
            first, *more = list(part.values)
            assert first == header and (more or not rows), title
            found += more
        assert found == rows, sheet.title
    assert split.sheetnames == names
    assert "scores (2)" in names and len(names) > len(whole.sheetnames) + 1


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_cli_writes_the_export_in_the_language_asked_for(app, db_session, tmp_path,
                                                             language):  # fmt: skip
    from tests.support import analysis_small

    analysis_small.build(db_session)
    out = tmp_path / "export.xlsx"
    result = app.test_cli_runner().invoke(
        args=["analysis", "export", "--out", str(out), "--lang", language]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out, read_only=True)
    readme = dict(book["README"].iter_rows(values_only=True))
    topic, reason = ("Nivåregel i bruk", "under 2,50") if language == "nn" else (
        "Band rule in force", "below 2.50")  # fmt: skip
    assert topic in readme and "'nearest'" in readme[topic]
    reasons = [r[-1] for r in book["follow_up"].iter_rows(min_row=2, values_only=True)]
    assert any(reason in text for text in reasons), reasons
    assert not list(tmp_path.glob(".*partial"))


def test_the_cli_refuses_an_unknown_language(app, tmp_path):
    out = tmp_path / "export.xlsx"
    result = app.test_cli_runner().invoke(
        args=["analysis", "export", "--out", str(out), "--lang", "de"]
    )
    assert result.exit_code != 0 and "nb" in result.output and not out.exists()


def test_group_sheets_pair_the_change_and_mark_incomplete_semesters(db_session):
    """Pool 1 observed 2 of its 3 pre-school departments in 2024H (incomplete) and all in
    2025V; only D1 has an ES domain in both, so the change is D1's: 5.75 → 5 2/3."""
    from tests.support import analysis_small

    analysis_small.build(db_session)
    book = load_workbook(io.BytesIO(build_workbook(db_session)), read_only=True)
    rows = book["pool_semester"].iter_rows(values_only=True)
    header = next(rows)
    es = {(r["pool"], r["semester"]): r for r in (dict(zip(header, row, strict=True))
          for row in rows) if r["code"] == "ES"}  # fmt: skip
    assert es[(1, "2024H")]["incomplete"] is True and es[(1, "2025V")]["incomplete"] is False
    assert es[(1, "2025V")]["n_paired"] == 1
    assert es[(1, "2025V")]["change_since_previous"] == pytest.approx(-1 / 12, abs=EXACT)
    coverage = list(book["coverage"].iter_rows(min_row=2, values_only=True))
    assert ("2024H", 1, "Nettverk A", 3, 2, 0, 1, True) in coverage


def test_the_dashboard_export_follows_the_page_filters_in_the_users_language(client, db_session):
    """Needs app/dashboard/routes.py's export() to pass language=current_language()."""
    from tests.support import analysis_small
    from tests.support.auth import login
    from tests.support.factories import make_user

    analysis_small.build(db_session)
    lead = make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    login(client, lead.email)
    response = client.get("/dashboard/export.xlsx?semester=2025V&pool=1",
                          headers={"Accept-Language": "nn"})  # fmt: skip
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    readme = dict(book["README"].iter_rows(values_only=True))
    assert readme["Språk"] == "nynorsk" and "pool = 1" in readme["Filter"]
    rows = list(book["scores"].iter_rows(min_row=2, values_only=True))
    assert rows and {(r[1], r[2]) for r in rows} == {("2025V", 1)}
