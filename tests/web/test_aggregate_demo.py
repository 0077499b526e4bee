"""On the Bærum demo, on both backends: every aggregate equals an independent recomputation
from the raw scores (tests/support/analysis_reference.py)."""

import pytest

from analysis.aggregate import aggregate
from analysis.coverage import coverage
from analysis.progress import trends
from analysis.semesters import semester_index
from analysis.structure import default_structure
from tests.support import analysis_reference as reference
from tests.support.analysis_data import demo_world  # noqa: F401

pytestmark = pytest.mark.xdist_group("analysis-demo")

KEYS = {
    "pool": lambda r: r["pool"],
    "network": lambda r: r["network_id"],
    "kindergarten": lambda r: r["kindergarten_id"],
    "semester": lambda r: r["semester"],
    "age_group": lambda r: r["age_group"],
    "instrument": lambda r: r["instrument_id"],
}


@pytest.fixture(scope="module")
def tidy(demo_world):  # noqa: F811
    with demo_world.session() as session:
        return reference.tidy_rows(session)


def expected_figures(tidy, by, level, keep=lambda row: True):
    values = reference.observation_values([r for r in tidy if keep(r)], level)
    return reference.group_figures(values, lambda row: tuple(KEYS[k](row) for k in by))


def assert_same(rows, expected, by):
    assert len(rows) == len(expected)
    for row in rows:
        want = expected[(tuple(row.group[k] for k in by), row.code)]
        assert (row.n_departments, row.n_observations) == (want.n_departments, want.n_observations)
        assert row.mean == pytest.approx(want.mean, abs=1e-9)
        if want.sd is None:
            assert row.sd is None
        else:
            assert row.sd == pytest.approx(want.sd, abs=1e-9)
        assert row.shares == pytest.approx(want.shares, abs=1e-12)
        assert row.cycle_shares == pytest.approx(want.cycle_shares, abs=1e-12)


@pytest.mark.parametrize("level", ["dimension", "domain"])
@pytest.mark.parametrize(
    "by",
    [("pool", "semester", "instrument"), ("network", "instrument"), ("semester", "age_group"),
     ("kindergarten", "semester", "instrument")],
)  # fmt: skip
def test_aggregates_equal_the_recomputation_from_raw_scores(demo_world, tidy, by, level):  # noqa: F811
    with demo_world.session() as session:
        rows = aggregate(session, by=by, level=level)
    assert_same(rows, expected_figures(tidy, by, level), by)


def test_rows_come_by_group_with_semesters_in_time_order_then_in_instrument_order(demo_world):  # noqa: F811
    structure = default_structure()
    with demo_world.session() as session:
        rows = aggregate(session, by=("network", "semester", "instrument"))

    def place(row):
        network = row.group["network"]
        return (network is None, network or 0, semester_index(row.group["semester"]),
                row.group["instrument"], structure.code_position(row.code), row.code)  # fmt: skip

    places = [place(row) for row in rows]
    assert places == sorted(places)
    # Text order would put 2025H before 2025V; both are in the demo.
    assert {"2025V", "2025H"} <= {row.group["semester"] for row in rows}


def test_filtered_aggregates_equal_the_recomputation(demo_world, tidy):  # noqa: F811
    by = ("network",)
    with demo_world.session() as session:
        rows = aggregate(session, by=by, level="domain", instrument_id="class-prek",
                         filters={"pool": [3], "semester": "2025V"})  # fmt: skip
    keep = lambda r: (r["pool"], r["semester"], r["instrument_id"]) == (3, "2025V", "class-prek")  # noqa: E731
    assert_same(rows, expected_figures(tidy, by, "domain", keep), by)


def test_pool_three_on_learning_support_compared_with_its_start(demo_world, tidy):  # noqa: F811
    """'How is pool 3 doing on Støtte til læring og utvikling compared with when it started?'"""
    with demo_world.session() as session:
        points = [p for p in trends(session, by=["pool"], level="domain",
                                    instrument_id="class-prek", filters={"pool": 3})
                  if p.row.code == "IS"]  # fmt: skip
    expected = expected_figures(
        tidy,
        ("semester",),
        "domain",
        lambda r: (r["pool"], r["instrument_id"]) == (3, "class-prek"),
    )
    start = expected[(("2021H",), "IS")].mean
    assert points[0].row.group["semester"] == "2021H" and points[0].semesters_in_programme == 0
    for point in points[1:]:
        here = expected[((point.row.group["semester"],), "IS")].mean
        assert point.change_since_start == pytest.approx(here - start, abs=1e-9)
    # The demo's learning support improves over a pool's first semesters.
    assert points[6].change_since_start > 0.2


def test_coverage_of_the_current_semester_adds_up(demo_world):  # noqa: F811
    with demo_world.session() as session:
        rows = coverage(session, semesters=["2026H", "2026V"], by=["pool"])
    previous = [r for r in rows if r.semester == "2026V"]
    assert sum(r.departments for r in previous) == 375
    assert all(r.observed == r.departments and r.draft == 0 for r in previous)
    current = [r for r in rows if r.semester == "2026H"]
    assert sum(r.draft for r in current) > 0 and sum(r.not_started for r in current) > 0
    assert all(r.observed + r.draft + r.not_started == r.departments for r in current)


def paired_reference(values, pool: int, semester: str, code: str) -> list[float]:
    """(this semester − the one before) of each department of the pool observed in both."""
    before = {(v.row["department_id"], semester_index(v.row["semester"])): v.value
              for v in values if v.code == code}  # fmt: skip
    return [
        v.value - before[(v.row["department_id"], semester_index(semester) - 1)]
        for v in values
        if (v.row["pool"], v.row["semester"], v.code) == (pool, semester, code)
        and (v.row["department_id"], semester_index(semester) - 1) in before
    ]


def test_the_paired_change_equals_the_recomputation_per_department(demo_world, tidy):  # noqa: F811
    """Change since the semester before: the mean over the departments observed in both
    semesters (DESIGN.md §5), recomputed from the raw scores."""
    with demo_world.session() as session:
        points = trends(session, by=["pool"], level="domain", instrument_id="class-prek")
    prek = [r for r in tidy if r["instrument_id"] == "class-prek"]
    values = reference.observation_values(prek, "domain")
    unpaired_differs = 0
    for point, before in zip(points, [None, *points], strict=False):
        group = point.row.group
        pairs = paired_reference(values, group["pool"], group["semester"], point.row.code)
        assert point.n_paired == len(pairs)
        if not pairs:
            assert point.change_since_previous is None
            continue
        assert point.change_since_previous == pytest.approx(sum(pairs) / len(pairs), abs=1e-9)
        unpaired = point.row.mean - before.row.mean
        unpaired_differs += abs(point.change_since_previous - unpaired) > 0.05
    assert sum(p.n_paired > 0 for p in points) > 20
    assert unpaired_differs > 0  # the part-done latest semester compares other departments
