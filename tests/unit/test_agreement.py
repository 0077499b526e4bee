"""Agreement statistics for double-coding, checked against cases computed by hand."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.agreement import (
    OK,
    RECALIBRATE,
    TOO_FEW,
    PairSums,
    exact_agreement,
    icc_2_1,
    icc_from_sums,
    median_icc,
    observer_status,
    within_one_agreement,
)
from analysis.agreement_observers import recalibration_window

# Four cycles scored by two raters.
HAND = [(2, 3), (4, 4), (5, 6), (6, 7)]


def sums(pairs) -> PairSums:
    return PairSums(
        len(pairs),
        sum(a for a, _ in pairs),
        sum(b for _, b in pairs),
        sum(a * a for a, _ in pairs),
        sum(b * b for _, b in pairs),
        sum(a * b for a, b in pairs),
    )


def test_icc_matches_the_two_way_anova_computed_by_hand():
    """n = 4 subjects, k = 2 raters; grand mean G = 37 / 8 = 4.625.

    Rows (subjects): means 2.5, 4, 5.5, 6.5
        SSR = 2 · (2.125² + 0.625² + 0.875² + 1.875²) = 2 · 9.1875 = 18.375
        MSR = 18.375 / 3 = 6.125
    Columns (raters): means 4.25 and 5.0
        SSC = 4 · (0.375² + 0.375²) = 1.125, MSC = 1.125 / 1 = 1.125
    Total: SST = Σx² − T²/N = 191 − 1369/8 = 19.875
    Error: SSE = 19.875 − 18.375 − 1.125 = 0.375, MSE = 0.375 / (3 · 1) = 0.125
    ICC(2,1) = (MSR − MSE) / (MSR + (k−1)·MSE + k·(MSC − MSE)/n)
             = 6.0 / (6.125 + 0.125 + 2 · 1.0 / 4) = 6.0 / 6.75 = 8/9
    """
    assert icc_2_1(HAND) == pytest.approx(8 / 9, abs=1e-12)
    assert icc_from_sums(sums(HAND)) == pytest.approx(8 / 9, abs=1e-12)


def test_exact_and_within_one_agreement_of_the_hand_case():
    assert exact_agreement(HAND) == 0.25  # only (4, 4)
    assert within_one_agreement(HAND) == 1.0


def test_icc_matches_shrout_and_fleiss_1979_table_2():
    """Six targets rated by four judges; the paper reports ICC(2,1) = .29."""
    ratings = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    assert round(icc_2_1(ratings), 2) == 0.29


def test_a_rater_who_is_always_one_higher_agrees_within_one_but_never_exactly():
    pairs = [(1, 2), (3, 4), (5, 6), (2, 3), (4, 5)]
    assert exact_agreement(pairs) == 0.0
    assert within_one_agreement(pairs) == 1.0
    # Absolute agreement counts the systematic offset against the raters.
    assert 0.5 < icc_from_sums(sums(pairs)) < 1.0


def test_identical_scores_give_an_icc_of_one():
    pairs = [(2, 2), (5, 5), (7, 7)]
    assert icc_from_sums(sums(pairs)) == pytest.approx(1.0)


@pytest.mark.parametrize("pairs", [[(4, 4)], [(4, 4), (4, 4), (4, 4)], []])
def test_icc_is_undefined_with_one_subject_or_no_variance(pairs):
    assert icc_from_sums(sums(pairs)) is None
    assert icc_2_1(pairs) is None


def test_observers_disagreeing_more_than_chance_get_a_negative_icc():
    pairs = [(1, 7), (7, 1), (2, 6), (6, 2)]
    assert icc_from_sums(sums(pairs)) < 0


score = st.integers(min_value=1, max_value=7)


@given(st.lists(st.tuples(score, score), min_size=2, max_size=40))
def test_the_sums_form_equals_the_matrix_form(pairs):
    from_matrix = icc_2_1([list(p) for p in pairs])
    from_sums = icc_from_sums(sums(pairs))
    if from_matrix is None or from_sums is None:
        assert from_matrix is None and from_sums is None
    else:
        assert from_sums == pytest.approx(from_matrix, abs=1e-9)


@given(st.lists(st.tuples(score, score), min_size=1, max_size=40))
def test_exact_is_never_more_than_within_one(pairs):
    assert 0 <= exact_agreement(pairs) <= within_one_agreement(pairs) <= 1


# --- the rules of DESIGN §5: median summary, too few to judge, the recalibration window ------


def test_the_summary_across_dimensions_is_the_median_of_their_iccs():
    # PC: the hand case above (8/9); NC: identical pairs (1.0); TS: always one higher.
    ts = [(1, 2), (3, 4), (5, 6), (2, 3), (4, 5)]
    iccs = [icc_from_sums(sums(HAND)), icc_from_sums(sums([(2, 2), (5, 5), (7, 7)])),
            icc_from_sums(sums(ts))]  # fmt: skip
    assert median_icc(iccs) == pytest.approx(8 / 9)
    assert median_icc([0.75, 0.86]) == pytest.approx(0.805)  # an even count: the middle two


def test_pooling_the_dimensions_would_inflate_the_icc():
    """Two dimensions at different levels, each with middling agreement: pooled, the gap
    between their levels reads as agreement."""
    low = [(1, 2), (2, 1), (1, 1), (2, 2)]  # ICC(2,1) = 0: no agreement beyond chance
    high = [(6, 7), (7, 6), (6, 6), (7, 7)]
    per_dimension = [icc_from_sums(sums(low)), icc_from_sums(sums(high))]
    assert per_dimension == [pytest.approx(0.0), pytest.approx(0.0)]
    assert median_icc(per_dimension) == pytest.approx(0.0)
    assert icc_from_sums(sums(low + high)) > 0.9


def test_undefined_dimension_iccs_are_left_out_of_the_median():
    assert median_icc([None, 0.5, None, 0.7]) == pytest.approx(0.6)
    assert median_icc([None, None]) is None
    assert median_icc([]) is None


@pytest.mark.parametrize(
    ("visits", "scores", "within_one", "status"),
    [
        (0, 0, 0, TOO_FEW),
        (1, 30, 30, TOO_FEW),  # perfect, but one visit cannot show it
        (2, 60, 12, TOO_FEW),  # poor, but two visits are still too few to judge
        (3, 90, 90, OK),
        (3, 90, 72, OK),  # exactly 80 % is at the bar, not below it
        (3, 90, 71, RECALIBRATE),  # 78.9 %
        (12, 5, 3, RECALIBRATE),
    ],
)
def test_an_observer_is_judged_only_from_three_double_coded_visits(
    visits, scores, within_one, status
):
    assert observer_status(visits, scores, within_one) == status


@pytest.mark.parametrize(
    ("semester", "window"),
    [("2025V", ("2024H", "2025V")), ("2025H", ("2025V", "2025H")), ("2000V", ("1999H", "2000V"))],
)
def test_the_recalibration_window_is_the_chosen_semester_and_the_one_before(semester, window):
    assert recalibration_window(semester) == window
