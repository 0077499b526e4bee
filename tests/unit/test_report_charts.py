"""The report's chart builders: the plotted values are the figures, rounded as in the tables."""

import pytest

from analysis.report_charts import Series, comparison_figure, trend_figure, wrap_label

SEMESTERS = [f"{half} {year}" for year in range(2020, 2026) for half in ("vår", "høst")]


def test_trend_plots_each_series_over_the_semesters_rounded_to_two_decimals():
    figure = trend_figure(["vår 2024", "høst 2024"], [Series("ES", (5.123, 5.5))], y_title="Skår")
    [trace] = figure.data
    assert list(trace.x) == ["vår 2024", "høst 2024"]
    assert list(trace.y) == [5.12, 5.5]
    assert figure.layout.yaxis.range == (0.8, 7.2)


def test_a_reverse_dimension_is_drawn_dashed_so_colour_is_not_the_only_cue():
    figure = trend_figure(["vår 2024"], [Series("PC", (5,)), Series("NC", (1,), dashed=True)],
                          y_title="Skår")  # fmt: skip
    assert [t.line.dash for t in figure.data] == ["solid", "dash"]
    assert figure.data[0].marker.symbol != figure.data[1].marker.symbol


def test_many_semesters_get_thinned_labels_that_always_include_the_newest():
    figure = trend_figure(SEMESTERS, [Series("ES", tuple(range(1, 13)))], y_title="Skår")
    ticks = list(figure.layout.xaxis.tickvals)
    assert len(ticks) <= 6
    assert ticks[-1] == SEMESTERS[-1]
    assert figure.layout.dragmode is False


def test_comparison_bars_leave_a_gap_for_a_missing_value():
    figure = comparison_figure(["Emosjonell støtte"], [Series("Avdelingen", (None,))],
                               x_title="Snitt")  # fmt: skip
    assert list(figure.data[0].x) == [None]
    assert list(figure.data[0].text) == [""]


def test_a_series_with_the_wrong_number_of_values_is_refused():
    with pytest.raises(ValueError, match="2 values for 1 categories"):
        comparison_figure(["ES"], [Series("Avdelingen", (1.0, 2.0))], x_title="Snitt")


def test_long_labels_are_wrapped_for_phones():
    assert (
        wrap_label("Emosjonell og atferdsmessig støtte")
        == "Emosjonell og<br>atferdsmessig<br>støtte"
    )
    assert wrap_label("vår 2024", 5) == "vår<br>2024"
