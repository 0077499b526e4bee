"""The report's SVG charts: the drawn values are the figures, rounded as in the tables."""

import xml.etree.ElementTree as ET

import pytest

from analysis.report_charts import ChartText, Series, comparison_svg, trend_svg, wrap_label

SVG = "{http://www.w3.org/2000/svg}"
SEMESTERS = [f"{half} {year}" for year in range(2020, 2026) for half in ("vår", "høst")]
TEXT = ChartText("Skår per område", "Linjer fra 1 til 7; tabellen har de samme tallene.")


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_trend_draws_each_value_rounded_to_two_decimals_with_a_title_and_description():
    root = parsed(trend_svg("t", ["vår 2024", "høst 2024"], [Series("ES", (5.123, 5.5))], TEXT,
                            y_title="Skår"))  # fmt: skip
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t-title t-desc"
    assert root.find(f"{SVG}title").text == TEXT.title
    assert root.find(f"{SVG}desc").text == TEXT.description
    values = [g.get("data-value") for g in root.iter(f"{SVG}g") if g.get("data-value")]
    assert values == ["5.12", "5.50"]
    assert "høst 2024: 5.50" in ET.tostring(root, encoding="unicode")


def test_the_y_axis_is_always_the_whole_1_to_7_scale():
    svg = trend_svg("t", ["vår 2024"], [Series("ES", (5.7,))], TEXT, y_title="Skår")
    labels = [t.text for t in parsed(svg).iter(f"{SVG}tspan")]
    assert [str(n) for n in range(1, 8)] == [label for label in labels if label.isdigit()][:7]


def test_a_reverse_dimension_is_drawn_dashed_and_in_its_own_shape():
    svg = trend_svg("t", ["vår 2024", "høst 2024"],
                    [Series("PC", (5, 6)), Series("NC", (1, 2), dashed=True)], TEXT,
                    y_title="Skår")  # fmt: skip
    series = [g for g in parsed(svg).iter(f"{SVG}g") if g.get("class") == "series"]
    lines = [g.find(f"{SVG}polyline") for g in series]
    assert [line.get("stroke-dasharray") for line in lines] == [None, "6 4"]
    assert series[0].find(f".//{SVG}circle") is not None
    assert series[1].find(f".//{SVG}circle") is None


def test_a_missing_semester_leaves_a_gap_in_the_line():
    svg = trend_svg("t", SEMESTERS[:5], [Series("ES", (4, 5, None, 5, 6))], TEXT, y_title="S")
    assert len(list(parsed(svg).iter(f"{SVG}polyline"))) == 2


def test_many_semesters_get_thinned_labels_that_always_include_the_newest():
    svg = trend_svg("t", SEMESTERS, [Series("ES", tuple(range(1, 13)))], TEXT, y_title="S",
                    max_ticks=6)  # fmt: skip
    # Twelve semesters, six labels: every other one, counted back from the newest (høst 2025).
    spans = [t.text for t in parsed(svg).iter(f"{SVG}tspan")]
    assert spans.count("høst") == 6 and spans.count("vår") == 0
    assert "2025" in spans


def test_comparison_bars_carry_their_values_and_a_missing_value_draws_no_bar():
    svg = comparison_svg("c", ["Emosjonell støtte", "Læring"],
                         [Series("Avdelingen", (5.555, None)), Series("Kommunen", (4.0, 3.0))],
                         TEXT, x_title="Snitt")  # fmt: skip
    bars = [g for g in parsed(svg).iter(f"{SVG}g") if g.get("class") == "bar"]
    assert [b.get("data-value") for b in bars] == ["5.55", "4.00", "3.00"]


def test_text_is_escaped():
    svg = trend_svg("t", ["<b>"], [Series("A & B", (3,))], ChartText("<x>", '"y"'), y_title="S")
    root = parsed(svg)
    assert root.find(f"{SVG}title").text == "<x>"


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 values for 1"):
        comparison_svg("c", ["ES"], [Series("Avdelingen", (1.0, 2.0))], TEXT, x_title="Snitt")


def test_labels_wrap_for_narrow_screens():
    assert wrap_label("Støtte til læring og utvikling", 16) == [
        "Støtte til",
        "læring og",
        "utvikling",
    ]
