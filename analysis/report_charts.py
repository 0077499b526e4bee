"""The feedback report's charts as small, hand-written SVG: the trend and the comparison bars.

Pure builders: they take values and already-translated labels and return SVG markup. The report
is read on phones over slow links, and a chart drawn on the server costs a few kilobytes where
Plotly's script costs a megabyte (issue 17), so no chart library is loaded on the page. The same
SVG goes into the PDF (WeasyPrint draws inline SVG). Every chart is read beside a table with the
same numbers, so the charts stay simple: a fixed 1–7 scale, a legend, and the value on hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D31",
    "#6A3D9A", "#B15928",
)  # fmt: skip
# Shapes as well as colours, so that a series can be told apart in black and white.
SYMBOLS = ("circle", "square", "diamond", "triangle", "cross")
INK, MUTED, GRID = "#1e2b3c", "#56606c", "#d5d9de"
WIDTH = 360  # viewBox units; the chart scales to its box, so 13 units stay legible on a phone
SCALE = (1, 7)
LINE_HEIGHT = 17
LEGEND_CHARS = 40


@dataclass(frozen=True)
class Series:
    """One named series with a value per category; None leaves a gap."""

    name: str
    values: tuple[float | None, ...]
    # Dashed for a reverse-scored dimension, whose low values are the good ones.
    dashed: bool = False


@dataclass(frozen=True)
class ChartText:
    """What a screen reader hears: the chart's title and a one-sentence description."""

    title: str
    description: str


def trend_svg(
    chart_id: str,
    semesters: Sequence[str],
    series: Sequence[Series],
    text: ChartText,
    *,
    y_title: str,
    max_ticks: int = 6,
) -> str:
    """Return a line chart of each series over the semesters, on the fixed 1–7 scale."""
    for item in series:
        _check_length(item, semesters)
    left, right, top, height = 40, WIDTH - 14, 12, 200
    bottom = top + height
    step = (right - left) / max(len(semesters), 1)
    x_of = [left + step * (i + 0.5) for i in range(len(semesters))]

    def y_of(value: float) -> float:
        return bottom - (value - SCALE[0]) / (SCALE[1] - SCALE[0]) * height

    parts = _y_axis(left, right, y_of, y_title, (top + bottom) / 2)
    for index in _thinned(len(semesters), max_ticks):
        lines = wrap_label(semesters[index], 6)
        parts.append(_text_lines(x_of[index], bottom + 16, lines, anchor="middle", size=12))
    for index, item in enumerate(series):
        parts.append(_trend_line(item, index, x_of, y_of, semesters))
    legend_top = bottom + 50
    legend, legend_height = _legend(series, legend_top, line=True)
    parts.extend(legend)
    return _svg(chart_id, text, legend_top + legend_height + 4, parts)


def comparison_svg(
    chart_id: str,
    categories: Sequence[str],
    series: Sequence[Series],
    text: ChartText,
    *,
    x_title: str,
) -> str:
    """Return horizontal grouped bars from 1: a group per category, a bar per series."""
    for item in series:
        _check_length(item, categories)
    left, right, bar, gap = 8, WIDTH - 48, 16, 3

    def x_of(value: float) -> float:
        return left + (value - SCALE[0]) / (SCALE[1] - SCALE[0]) * (right - left)

    parts, y = [], 8
    for c_index, category in enumerate(categories):
        lines = wrap_label(category, 46)
        parts.append(_text_lines(left, y + 12, lines, weight="600"))
        y += LINE_HEIGHT * len(lines) + 2
        for s_index, item in enumerate(series):
            parts.append(_bar(item, s_index, item.values[c_index], category, x_of, y, bar))
            y += bar + gap
        y += 8
    parts[:0] = _x_axis(left, right, x_of, 4, y)  # grid lines under the bars
    parts.append(_text_lines((left + right) / 2, y + 34, [x_title], anchor="middle", size=12))
    legend_top = y + 46
    legend, legend_height = _legend(series, legend_top, line=False)
    parts.extend(legend)
    return _svg(chart_id, text, legend_top + legend_height + 4, parts)


def _svg(chart_id: str, text: ChartText, height: float, parts: list[str]) -> str:
    ids = f"{chart_id}-title {chart_id}-desc"
    return (
        f'<svg id="{escape(chart_id)}" class="report-chart" xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}"'
        f' role="img" aria-labelledby="{escape(ids)}"'
        f' font-family="DejaVu Sans, system-ui, sans-serif" font-size="13" fill="{INK}">'
        f'<title id="{escape(chart_id)}-title">{escape(text.title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(text.description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def _y_axis(left, right, y_of, title: str, middle: float) -> list[str]:
    parts = []
    for value in range(SCALE[0], SCALE[1] + 1):
        y = y_of(value)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text_lines(left - 8, y + 4, [str(value)], anchor="end", size=12))
    parts.append(
        f'<text transform="translate(12 {middle:.1f}) rotate(-90)" text-anchor="middle"'
        f' font-size="12" fill="{MUTED}">{escape(title)}</text>'
    )
    return parts


def _x_axis(left, right, x_of, top: float, bottom: float) -> list[str]:
    parts = []
    for value in range(SCALE[0], SCALE[1] + 1):
        x = x_of(value)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" stroke="{GRID}"/>')
        parts.append(_text_lines(x, bottom + 16, [str(value)], anchor="middle", size=12))
    return parts


def _trend_line(item: Series, index: int, x_of, y_of, semesters: Sequence[str]) -> str:
    colour, dash = _colour(index), ' stroke-dasharray="6 4"' if item.dashed else ""
    parts = []
    for run in _runs(item.values):
        points = " ".join(f"{x_of[i]:.1f},{y_of(v):.1f}" for i, v in run)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
    for i, value in enumerate(item.values):
        if value is not None:
            label = f"{item.name}, {semesters[i]}: {value:.2f}"
            marker = _marker(index, x_of[i], y_of(value), colour, label)
            parts.append(f'<g data-index="{i}" data-value="{value:.2f}">{marker}</g>')
    name = escape(item.name)
    return f'<g class="series" data-series="{index}" data-name="{name}">{"".join(parts)}</g>'


def _bar(item: Series, index: int, value, category: str, x_of, y: float, height: int) -> str:
    if value is None:
        return ""
    colour = _colour(index)
    end = x_of(max(value, SCALE[0]))
    width = max(end - x_of(SCALE[0]), 1)
    label = escape(f"{item.name}, {category}: {value:.2f}")
    return (
        f'<g class="bar" data-series="{index}" data-name="{escape(item.name)}"'
        f' data-value="{value:.2f}"><title>{label}</title>'
        f'<rect x="{x_of(SCALE[0]):.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}"'
        f' fill="{colour}"/>'
        f'<text x="{end + 4:.1f}" y="{y + height - 3:.1f}" font-size="12">{value:.2f}</text></g>'
    )


def _legend(series: Sequence[Series], top: float, *, line: bool) -> tuple[list[str], float]:
    parts, y = [], top
    for index, item in enumerate(series):
        colour = _colour(index)
        if line:
            dash = ' stroke-dasharray="6 4"' if item.dashed else ""
            sample = (
                f'<line x1="4" x2="30" y1="{y + 6}" y2="{y + 6}" stroke="{colour}"'
                f' stroke-width="2.5"{dash}/>' + _marker(index, 17, y + 6, colour)
            )
        else:
            sample = f'<rect x="6" y="{y}" width="20" height="12" fill="{colour}"/>'
        lines = wrap_label(item.name, LEGEND_CHARS)
        parts.append(sample + _text_lines(38, y + 11, lines))
        y += LINE_HEIGHT * len(lines) + 4
    return parts, y - top


def _marker(index: int, x: float, y: float, colour: str, label: str | None = None) -> str:
    """A point drawn in the series' own shape; its <title> is the value on hover."""
    shape, r = SYMBOLS[index % len(SYMBOLS)], 4.5
    tip = f"<title>{escape(label)}</title>" if label else ""
    style = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {style}>{tip}</circle>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {style}>{tip}</rect>'  # noqa: E501
    corners = {
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.3), (1.2, 1), (-1.2, 1)],
        "cross": [(-1, -0.4), (-0.4, -0.4), (-0.4, -1), (0.4, -1), (0.4, -0.4), (1, -0.4),
                  (1, 0.4), (0.4, 0.4), (0.4, 1), (-0.4, 1), (-0.4, 0.4), (-1, 0.4)],
    }[shape]  # fmt: skip
    points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)
    return f'<polygon points="{points}" {style}>{tip}</polygon>'


def _text_lines(x, y, lines: Sequence[str], *, anchor="start", size=13, weight="normal") -> str:
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
        f' font-weight="{weight}">{spans}</text>'
    )


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The unbroken stretches of a series: a missing semester leaves a gap in the line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if len(run) > 1]


def wrap_label(text: str, width: int = 16) -> list[str]:
    """Break a label into lines of about `width` characters, for narrow phone screens."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _thinned(count: int, max_ticks: int) -> list[int]:
    """Every k-th index, counted back from the newest so that it always has a label."""
    step = max(1, -(-count // max_ticks))
    return list(range(count))[::-1][::step][::-1]


def _check_length(item: Series, categories: Sequence[str]) -> None:
    if len(item.values) != len(categories):
        raise ValueError(
            f"Series {item.name!r} has {len(item.values)} values for {len(categories)} categories."
        )


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]
