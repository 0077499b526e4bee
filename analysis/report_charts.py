"""Plotly figures for the feedback report: the department's trend and the comparison bars.

Pure builders: they take values and already-translated labels and return figures.
Every figure is read beside a table with the same numbers, so charts stay simple.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D31",
    "#6A3D9A", "#B15928",
)  # fmt: skip
# Shapes as well as colours, so that a series can be told apart in black and white.
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon")
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    """One named series with a value per category; None leaves a gap."""

    name: str
    values: tuple[float | None, ...]
    # Dashed for a reverse-scored dimension, whose low values are the good ones.
    dashed: bool = False


def trend_figure(
    semesters: Sequence[str], series: Sequence[Series], *, y_title: str, max_ticks: int = 6
) -> go.Figure:
    """Return a line chart of each series over the semesters, on the 1–7 scale."""
    figure = go.Figure()
    for index, item in enumerate(series):
        _check_length(item, semesters)
        figure.add_trace(
            go.Scatter(
                x=list(semesters),
                y=[_rounded(v) for v in item.values],
                name=item.name,
                mode="lines+markers",
                line={"color": _colour(index), "dash": "dash" if item.dashed else "solid"},
                marker={"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 9},
                hovertemplate="%{x}: %{y:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    _common_layout(figure, height=360 + 22 * len(series))
    shown = _thinned(semesters, max_ticks)
    figure.update_xaxes(
        type="category",
        tickmode="array",
        tickvals=shown,
        ticktext=[wrap_label(label, 5) for label in shown],
        tickangle=0,
    )
    figure.update_yaxes(title_text=y_title, range=[0.8, 7.2], dtick=1)
    return figure


def comparison_figure(
    categories: Sequence[str], series: Sequence[Series], *, x_title: str
) -> go.Figure:
    """Return horizontal grouped bars: one group per category, one bar per series."""
    figure = go.Figure()
    for index, item in enumerate(series):
        _check_length(item, categories)
        values = [_rounded(v) for v in item.values]
        figure.add_trace(
            go.Bar(
                y=[wrap_label(category) for category in categories],
                x=values,
                name=item.name,
                orientation="h",
                marker={"color": _colour(index), "pattern": {"shape": _pattern(index)}},
                text=["" if v is None else f"{v:.2f}" for v in values],
                textposition="outside",
                hovertemplate="%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    _common_layout(figure, height=140 + 34 * len(categories) * max(1, len(series)))
    figure.update_layout(barmode="group")
    # The scale starts at 1, so bars start there too rather than at a misleading 0.
    figure.update_xaxes(title_text=x_title, range=[1, 7.7], dtick=1)
    # The first category on top, as in the table beside the chart.
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def _common_layout(figure: go.Figure, *, height: int) -> None:
    figure.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        font={"family": FONT, "size": 14, "color": "#1e2b3c"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        # A finger scrolling the page on a phone must not pan or zoom the chart.
        dragmode=False,
    )
    figure.update_xaxes(gridcolor="#e3e6e9", automargin=True, fixedrange=True)
    figure.update_yaxes(gridcolor="#e3e6e9", automargin=True, fixedrange=True)


def wrap_label(text: str, width: int = 16) -> str:
    """Break a label into lines of about `width` characters, for narrow phone screens."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _thinned(categories: Sequence[str], max_ticks: int) -> list[str]:
    """Every k-th category, counted back from the newest so that it always has a label."""
    step = max(1, -(-len(categories) // max_ticks))
    return list(categories)[::-1][::step][::-1]


def _check_length(item: Series, categories: Sequence[str]) -> None:
    if len(item.values) != len(categories):
        raise ValueError(
            f"Series {item.name!r} has {len(item.values)} values for {len(categories)} categories."
        )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _pattern(index: int) -> str:
    return ("", "/", ".", "x", "-", "|", "+", "\\")[index % 8]
