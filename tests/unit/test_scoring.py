"""Scoring rules (DESIGN.md §4–§5, CLASS.md §1–§2)."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.scoring import (
    CycleIssue,
    CycleTiming,
    Missing,
    Spread,
    band_of_mean,
    band_of_score,
    completeness,
    cycle_duration_issues,
    cycle_spread,
    dimension_mean,
    domain_mean,
    missing_for_submission,
    reverse_score,
    suggested_scores,
    summarize,
)

TODDLER_DOMAINS = {"EBS": ["PC", "NC", "TS", "RCP", "BG"], "ESL": ["FLD", "QF", "LM"]}
TODDLER_DIMENSIONS = [code for codes in TODDLER_DOMAINS.values() for code in codes]
REVERSE = {"NC"}
BAND_ORDER = {"low": 0, "mid": 1, "high": 2}
START = datetime(2025, 3, 10, 9, 0)

scores_1_to_7 = st.integers(min_value=1, max_value=7)
means_1_to_7 = st.floats(min_value=1, max_value=7, allow_nan=False)
rules = st.sampled_from(["nearest", "floor"])
marks = st.sampled_from(["low", "mid", "high"])


def timing(number: int, minutes: float | None, reason: str | None = None) -> CycleTiming:
    ended = None if minutes is None else START + timedelta(minutes=minutes)
    return CycleTiming(number, START, ended, reason)


def full_scores(value: int = 4) -> dict[tuple[int, str], int]:
    return {(cycle, code): value for cycle in (1, 2, 3) for code in TODDLER_DIMENSIONS}


# Bands


@pytest.mark.parametrize(
    ("value", "band"),
    [(1, "low"), (2, "low"), (3, "mid"), (5, "mid"), (6, "high"), (7, "high")],
)
def test_band_of_score_uses_1_2_low_3_5_mid_6_7_high(value: int, band: str) -> None:
    assert band_of_score(value) == band


@pytest.mark.parametrize("bad", [0, 8, -1, 3.0, "3", True, None])
def test_band_of_score_rejects_anything_but_an_integer_from_1_to_7(bad: object) -> None:
    with pytest.raises(ValueError):
        band_of_score(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mean", "nearest", "floor"),
    [
        (1.0, "low", "low"),
        (2.49, "low", "low"),
        (2.5, "mid", "low"),
        (2.99, "mid", "low"),
        (3.0, "mid", "mid"),
        (5.49, "mid", "mid"),
        (5.5, "high", "mid"),
        (5.99, "high", "mid"),
        (6.0, "high", "high"),
        (7.0, "high", "high"),
    ],
)
def test_band_of_mean_boundaries_for_both_rules(mean: float, nearest: str, floor: str) -> None:
    assert band_of_mean(mean) == nearest
    assert band_of_mean(mean, "nearest") == nearest
    assert band_of_mean(mean, "floor") == floor


def test_band_of_mean_is_not_fooled_by_float_noise_at_a_boundary() -> None:
    assert band_of_mean(5.499999999999999) == "high"


@pytest.mark.parametrize("bad", [0.99, 7.01, float("nan"), float("inf")])
def test_band_of_mean_rejects_means_outside_the_scale(bad: float) -> None:
    with pytest.raises(ValueError, match="from 1 to 7"):
        band_of_mean(bad)


def test_band_of_mean_rejects_an_unknown_rule() -> None:
    with pytest.raises(ValueError, match="nearest"):
        band_of_mean(4.0, "round")  # type: ignore[arg-type]


# Dimension and domain figures


def test_negative_climate_is_reversed_as_eight_minus_the_score() -> None:
    assert reverse_score(1) == 7
    assert reverse_score(2.5) == 5.5
    assert reverse_score(3, scale_min=1, scale_max=5) == 3


def test_dimension_mean_is_kept_unrounded() -> None:
    assert dimension_mean([6, 6, 5]) == pytest.approx(17 / 3)


def test_dimension_mean_of_no_scores_is_an_error() -> None:
    with pytest.raises(ValueError):
        dimension_mean([])


def test_dimension_mean_rejects_an_out_of_scale_score() -> None:
    with pytest.raises(ValueError):
        dimension_mean([4, 8, 4])


def test_cycle_spread_shows_how_far_the_cycles_disagree() -> None:
    assert cycle_spread([6, 6, 5, 3]) == Spread(min=3, max=6)
    assert cycle_spread([6, 6, 5, 3]).range == 3
    assert cycle_spread([5, 5, 5, 5]).range == 0


def test_negative_climate_is_reversed_in_domain_mean() -> None:
    # EBS = (PC + (8 − NC) + TS + RCP + BG) / 5 = (6 + 7 + 5 + 5 + 4) / 5
    means = {"PC": 6.0, "NC": 1.0, "TS": 5.0, "RCP": 5.0, "BG": 4.0}
    assert domain_mean(means, REVERSE) == pytest.approx(27 / 5)


def test_domain_mean_without_reverse_dimensions_is_a_plain_mean() -> None:
    # ESL = (FLD + QF + LM) / 3
    assert domain_mean({"FLD": 4.0, "QF": 3.0, "LM": 3.5}, REVERSE) == pytest.approx(3.5)


def test_domain_mean_of_no_dimensions_is_an_error() -> None:
    with pytest.raises(ValueError):
        domain_mean({}, REVERSE)


# Summary of one observation


def test_summarize_gives_raw_dimension_means_and_reversed_domain_means() -> None:
    scores = full_scores(4)
    scores.update({(1, "NC"): 1, (2, "NC"): 2, (3, "NC"): 1})
    scores.update({(1, "PC"): 7, (2, "PC"): 6, (3, "PC"): 5})
    summary = summarize(scores, TODDLER_DOMAINS, REVERSE)
    nc = summary.dimensions["NC"]
    assert nc.cycle_scores == (1, 2, 1)
    assert nc.mean == pytest.approx(4 / 3)
    assert nc.band == "low"  # raw band; the report inverts the colour
    assert summary.dimensions["PC"].spread == Spread(5, 7)
    # (6 + (8 − 4/3) + 4 + 4 + 4) / 5
    assert summary.domains["EBS"] == pytest.approx((6 + 8 - 4 / 3 + 12) / 5)
    assert summary.domains["ESL"] == pytest.approx(4.0)
    assert summary.domain_bands == {"EBS": "mid", "ESL": "mid"}


def test_summarize_orders_cycle_scores_by_cycle_number() -> None:
    summary = summarize({(3, "PC"): 3, (1, "PC"): 7, (2, "PC"): 5}, TODDLER_DOMAINS, REVERSE)
    assert summary.dimensions["PC"].cycle_scores == (7, 5, 3)


def test_summarize_leaves_a_domain_empty_until_all_its_dimensions_are_scored() -> None:
    scores = {key: v for key, v in full_scores(5).items() if key[1] != "LM"}
    summary = summarize(scores, TODDLER_DOMAINS, REVERSE)
    assert "LM" not in summary.dimensions
    assert summary.domains["ESL"] is None
    assert summary.domain_bands["ESL"] is None
    assert summary.domains["EBS"] is not None


def test_a_low_negative_climate_counts_as_a_strength() -> None:
    scores = full_scores(4)
    scores.update({(c, "NC"): 1 for c in (1, 2, 3)})
    scores.update({(c, "TS"): 6 for c in (1, 2, 3)})
    scores.update({(c, "QF"): 2 for c in (1, 2, 3)})
    scores.update({(c, "LM"): 3 for c in (1, 2, 3)})
    summary = summarize(scores, TODDLER_DOMAINS, REVERSE)
    assert summary.strengths == ("NC", "TS")
    assert summary.growth_areas == ("QF", "LM")


def test_ties_for_strengths_and_growth_areas_follow_instrument_order() -> None:
    summary = summarize(full_scores(4), TODDLER_DOMAINS, REVERSE)
    # Every dimension is 4, and so is 8 − NC, so order alone decides.
    assert summary.strengths == ("PC", "NC")
    assert summary.growth_areas == ("PC", "NC")


def test_a_reversed_mean_ties_with_an_equal_plain_mean() -> None:
    scores = full_scores(4)
    scores.update({(1, "NC"): 1, (2, "NC"): 1, (3, "NC"): 2})  # 8 − 4/3 = 20/3
    scores.update({(1, "PC"): 7, (2, "PC"): 7, (3, "PC"): 6})  # 20/3
    summary = summarize(scores, TODDLER_DOMAINS, REVERSE)
    assert summary.strengths == ("PC", "NC")


def test_summarize_rejects_scores_for_dimensions_not_in_the_instrument() -> None:
    with pytest.raises(ValueError, match="XX"):
        summarize({(1, "XX"): 4}, TODDLER_DOMAINS, REVERSE)


def test_summarize_applies_the_floor_rule_when_asked() -> None:
    scores = {(c, code): 5 for c in (1, 2) for code in ("FLD", "QF", "LM")}
    scores.update({(3, "FLD"): 7, (3, "QF"): 7, (3, "LM"): 7})  # means 17/3 ≈ 5.67
    assert summarize(scores, TODDLER_DOMAINS, REVERSE).domain_bands["ESL"] == "high"
    assert summarize(scores, TODDLER_DOMAINS, REVERSE, "floor").domain_bands["ESL"] == "mid"


# Suggested scores from indicator marks


@pytest.mark.parametrize(
    ("given_marks", "expected"),
    [
        (["low"] * 4, (1, 2)),
        (["mid"] * 4, (3, 4, 5)),
        (["low", "low", "mid", "mid"], (2, 3)),
        (["high"] * 4, (6, 7)),
    ],
)
def test_suggested_scores_match_the_worked_examples(
    given_marks: list[str], expected: tuple[int, ...]
) -> None:
    assert suggested_scores(given_marks, 4) == expected


def test_no_suggestion_until_every_indicator_is_marked() -> None:
    assert suggested_scores(["high", "high", "high"], 4) == ()
    assert suggested_scores([], 0) == ()


def test_suggested_scores_reject_an_unknown_mark() -> None:
    with pytest.raises(ValueError, match="low, mid or high"):
        suggested_scores(["low", "medium", "high"], 3)


# Cycle durations


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (9, ("too_short_redo",)),
        (9.99, ("too_short_redo",)),
        (10, ("needs_deviation_reason",)),
        (14, ("needs_deviation_reason",)),
        (15, ()),
        (20, ()),
        (21, ("needs_deviation_reason",)),
    ],
)
def test_cycle_durations_without_a_reason(minutes: float, expected: tuple[str, ...]) -> None:
    issues = cycle_duration_issues([timing(1, minutes)])
    assert tuple(issue.code for issue in issues) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(9, ("too_short_redo",)), (10, ()), (14, ()), (15, ()), (20, ()), (21, ())],
)
def test_cycle_durations_with_a_reason(minutes: float, expected: tuple[str, ...]) -> None:
    issues = cycle_duration_issues([timing(1, minutes, "Brannøvelse")])
    assert tuple(issue.code for issue in issues) == expected


def test_a_blank_reason_is_no_reason() -> None:
    assert cycle_duration_issues([timing(2, 22, "   ")]) == (
        CycleIssue(2, "needs_deviation_reason"),
    )


def test_missing_and_reversed_times_are_reported_per_cycle() -> None:
    cycles = [
        timing(1, 17),
        CycleTiming(2, START, None, None),
        CycleTiming(3, START, START - timedelta(minutes=5), "typo"),
    ]
    assert cycle_duration_issues(cycles) == (
        CycleIssue(2, "missing_times"),
        CycleIssue(3, "ends_before_start"),
    )


def test_only_a_deviation_is_fixed_by_a_reason() -> None:
    redo, deviation = CycleIssue(1, "too_short_redo"), CycleIssue(1, "needs_deviation_reason")
    assert not redo.fixable_by_reason
    assert deviation.fixable_by_reason


def test_durations_can_use_other_limits() -> None:
    # The Infant instrument uses 15-minute cycles.
    assert cycle_duration_issues([timing(1, 16)], min_minutes=15, max_minutes=15) == (
        CycleIssue(1, "needs_deviation_reason"),
    )


# Readiness for submission


def test_missing_scores_and_cycles_are_listed_by_cycle_then_instrument_order() -> None:
    scores = full_scores(4)
    del scores[(1, "TS")]
    del scores[(3, "PC")]
    del scores[(3, "LM")]
    cycles = [timing(1, 18), CycleTiming(2, START, None, None)]
    assert missing_for_submission(scores, TODDLER_DIMENSIONS, 3, cycles) == (
        Missing("score", 1, "TS"),
        Missing("cycle_times", 2, None),
        Missing("cycle", 3, None),
        Missing("score", 3, "PC"),
        Missing("score", 3, "LM"),
    )


def test_nothing_is_missing_when_every_dimension_and_cycle_is_complete() -> None:
    cycles = [timing(n, 18) for n in (1, 2, 3)]
    assert missing_for_submission(full_scores(4), TODDLER_DIMENSIONS, 3, cycles) == ()


def test_completeness_is_the_share_of_required_scores_present() -> None:
    scores = {(1, code): 4 for code in TODDLER_DIMENSIONS}
    scores[(9, "PC")] = 4  # a stray cycle beyond the count does not add to completeness
    assert completeness(scores, TODDLER_DIMENSIONS, 3) == pytest.approx(1 / 3)
    assert completeness(full_scores(), TODDLER_DIMENSIONS, 3) == 1.0
    assert completeness({}, TODDLER_DIMENSIONS, 3) == 0.0


# Properties


@given(st.lists(scores_1_to_7, min_size=1, max_size=12))
def test_a_mean_of_scores_stays_within_the_scale(values: list[int]) -> None:
    assert 1 <= dimension_mean(values) <= 7
    spread = cycle_spread(values)
    assert spread.min <= dimension_mean(values) <= spread.max


@given(st.floats(min_value=-100, max_value=100, allow_nan=False))
def test_reverse_score_is_its_own_inverse(x: float) -> None:
    assert reverse_score(reverse_score(x)) == pytest.approx(x)


@given(scores_1_to_7)
def test_reverse_score_of_an_integer_score_is_exact(x: int) -> None:
    assert reverse_score(reverse_score(x)) == x
    assert 1 <= reverse_score(x) <= 7


@given(scores_1_to_7, scores_1_to_7)
def test_band_of_score_never_falls_as_the_score_rises(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert BAND_ORDER[band_of_score(low)] <= BAND_ORDER[band_of_score(high)]


@given(means_1_to_7, means_1_to_7, rules)
def test_band_of_mean_never_falls_as_the_mean_rises(a: float, b: float, rule: str) -> None:
    low, high = sorted((a, b))
    assert BAND_ORDER[band_of_mean(low, rule)] <= BAND_ORDER[band_of_mean(high, rule)]  # type: ignore[arg-type]


@given(means_1_to_7)
def test_floor_rule_is_never_above_nearest(mean: float) -> None:
    assert BAND_ORDER[band_of_mean(mean, "floor")] <= BAND_ORDER[band_of_mean(mean, "nearest")]


@given(scores_1_to_7)
def test_band_of_a_whole_mean_agrees_with_band_of_score_under_both_rules(x: int) -> None:
    assert band_of_mean(float(x), "nearest") == band_of_score(x)
    assert band_of_mean(float(x), "floor") == band_of_score(x)


@given(st.dictionaries(st.sampled_from(TODDLER_DIMENSIONS), means_1_to_7, min_size=1))
def test_domain_mean_stays_within_the_scale(means: dict[str, float]) -> None:
    assert 1 - 1e-9 <= domain_mean(means, REVERSE) <= 7 + 1e-9


@given(st.lists(marks, min_size=1, max_size=6))
def test_suggested_scores_are_a_contiguous_range_within_the_scale(given_marks: list[str]) -> None:
    suggestion = suggested_scores(given_marks, len(given_marks))
    assert suggestion
    assert suggestion == tuple(range(suggestion[0], suggestion[-1] + 1))
    assert suggestion[0] >= 1 and suggestion[-1] <= 7
    assert len(suggestion) in (2, 3)


@given(st.lists(marks, min_size=1, max_size=6))
def test_marking_more_highs_never_lowers_the_suggestion(given_marks: list[str]) -> None:
    raised = ["high"] + given_marks[1:]
    before = suggested_scores(given_marks, len(given_marks))
    after = suggested_scores(raised, len(raised))
    assert after[0] >= before[0] and after[-1] >= before[-1]


@given(
    st.dictionaries(
        st.tuples(st.integers(1, 3), st.sampled_from(TODDLER_DIMENSIONS)), scores_1_to_7
    )
)
def test_completeness_is_a_share_between_0_and_1(scores: dict[tuple[int, str], int]) -> None:
    share = completeness(scores, TODDLER_DIMENSIONS, 3)
    assert 0 <= share <= 1
    assert share == len(scores) / 24
