"""Semester strings, ordering and labels (DESIGN.md §2)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.semesters import (
    Semester,
    parse_semester,
    semester_index,
    semester_label,
    semester_of,
    semesters_between,
    semesters_since,
    sort_key,
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
semesters = st.builds(
    Semester, st.integers(min_value=1900, max_value=2999), st.sampled_from(["V", "H"])
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 1, 1), "2025V"),
        (date(2025, 6, 30), "2025V"),
        (date(2025, 7, 1), "2025H"),
        (date(2024, 12, 31), "2024H"),
    ],
)
def test_semester_of_splits_the_year_at_the_first_of_july(day: date, expected: str) -> None:
    assert semester_of(day) == expected


def test_parse_semester_round_trips_through_str() -> None:
    assert parse_semester("2025V") == Semester(2025, "V")
    assert str(parse_semester("2024H")) == "2024H"


@pytest.mark.parametrize(
    "bad", ["2025X", "25V", "", "2025v", " 2025V", "2025V\n", "0999H", "٢٠٢٥V"]
)
def test_parse_semester_rejects_malformed_strings_with_a_clear_message(bad: str) -> None:
    with pytest.raises(ValueError, match="four-digit year and V"):
        parse_semester(bad)


def test_parse_semester_rejects_non_strings() -> None:
    with pytest.raises(ValueError):
        parse_semester(2025)  # type: ignore[arg-type]


def test_semester_rejects_an_unknown_half() -> None:
    with pytest.raises(ValueError, match="'V' or 'H'"):
        Semester(2025, "X")  # type: ignore[arg-type]


def test_autumn_comes_before_the_next_spring_and_after_the_same_spring() -> None:
    assert Semester(2024, "H") < Semester(2025, "V") < Semester(2025, "H")
    assert sorted(["2025H", "2024H", "2025V"], key=sort_key) == ["2024H", "2025V", "2025H"]


def test_next_and_previous_cross_the_year_boundary() -> None:
    assert Semester(2024, "H").next() == Semester(2025, "V")
    assert Semester(2025, "V").previous() == Semester(2024, "H")
    assert Semester(2025, "V").next() == Semester(2025, "H")


def test_start_and_end_dates_cover_each_half_year() -> None:
    spring, autumn = Semester(2024, "V"), Semester(2024, "H")
    assert (spring.start_date(), spring.end_date()) == (date(2024, 1, 1), date(2024, 6, 30))
    assert (autumn.start_date(), autumn.end_date()) == (date(2024, 7, 1), date(2024, 12, 31))


def test_semester_index_counts_two_per_year() -> None:
    assert semester_index("2025V") == 4050
    assert semester_index("2025H") == 4051
    assert semester_index(Semester(2026, "V")) == 4052


def test_semesters_between_is_inclusive_and_chronological() -> None:
    assert semesters_between("2020H", "2022V") == ["2020H", "2021V", "2021H", "2022V"]
    assert semesters_between("2023V", "2023V") == ["2023V"]


def test_semesters_between_is_empty_when_last_precedes_first() -> None:
    assert semesters_between("2023H", "2023V") == []


def test_semesters_since_is_zero_in_the_start_semester() -> None:
    assert semesters_since("2020H", "2020H") == 0
    assert semesters_since("2020H", "2021V") == 1
    assert semesters_since("2020H", "2025V") == 9
    assert semesters_since("2022H", "2022V") == -1


@pytest.mark.parametrize(
    ("lang", "autumn", "spring"),
    [
        ("nb", "høst 2024", "vår 2025"),
        ("nn", "haust 2024", "vår 2025"),
        ("en", "autumn 2024", "spring 2025"),
        ("nb_NO", "høst 2024", "vår 2025"),
        ("en-GB", "autumn 2024", "spring 2025"),
    ],
)
def test_semester_label_names_the_season_in_the_users_language(
    lang: str, autumn: str, spring: str
) -> None:
    assert semester_label("2024H", lang) == autumn
    assert semester_label("2025V", lang) == spring


def test_semester_label_defaults_to_bokmal() -> None:
    assert semester_label("2024H") == "høst 2024"


def test_semester_label_rejects_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="nb, nn or en"):
        semester_label("2024H", "de")


@given(dates, dates)
def test_semester_order_agrees_with_date_order(a: date, b: date) -> None:
    if a <= b:
        assert sort_key(semester_of(a)) <= sort_key(semester_of(b))
        assert parse_semester(semester_of(a)) <= parse_semester(semester_of(b))


@given(dates)
def test_a_date_lies_within_its_own_semester(d: date) -> None:
    semester = parse_semester(semester_of(d))
    assert semester.start_date() <= d <= semester.end_date()
    assert semester.contains(d)


@given(semesters)
def test_next_and_previous_round_trip(s: Semester) -> None:
    assert s.next().previous() == s
    assert s.previous().next() == s
    assert s.previous() < s < s.next()


@given(semesters)
def test_consecutive_semesters_leave_no_gap_between_them(s: Semester) -> None:
    assert s.next().start_date() == s.end_date() + timedelta(days=1)


@given(semesters)
def test_str_and_parse_round_trip(s: Semester) -> None:
    assert parse_semester(str(s)) == s


@given(semesters, semesters)
def test_semesters_between_has_one_entry_per_step(a: Semester, b: Semester) -> None:
    between = semesters_between(str(a), str(b))
    assert len(between) == max(0, semesters_since(str(a), str(b)) + 1)
    assert between == sorted(between, key=sort_key)
