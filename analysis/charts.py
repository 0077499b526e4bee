"""Plotly figures for the programme dashboard.

Pure builders: they take numbers and already-translated labels and return figures. Each figure
stands beside a table with the same numbers, so the charts stay plain. Colours come from the
Okabe–Ito palette, and the bands also differ by fill pattern, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

BANDS = ("low", "mid", "high")
BAND_COLOURS = {"low": "#D55E00", "mid": "#F0E442", "high": "#009E73"}
BAND_TEXT = {"low": "#ffffff", "mid": "#1e2b3c", "high": "#ffffff"}
BAND_PATTERNS = {"low": "x", "mid": "", "high": "/"}
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star")
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
SCALE = (1, 7)
REFERENCE = "#56606c"  # the municipality or another reference bar


@dataclass(frozen=True)
class Series:
    """One named line or bar series: a value (or None, a gap) per x."""

    name: str
    x: tuple[object, ...]
    y: tuple[float | None, ...]
    hollow: tuple[bool, ...] = ()  # per point: drawn hollow (an incomplete semester)


def band_bars(
    categories: Sequence[str],
    shares: Sequence[Mapping[str, float] | None],
    band_names: Mapping[str, str],
    *,
    axis_title: str,
    reversed_: Sequence[bool] = (),
) -> go.Figure:
    """Return 100 % stacked horizontal bars of low/middle/high shares, one bar per category.

    A reverse-scored category (Negative Climate, shown raw) gets inverted colours: its low
    band is the good one.
    """
    figure = go.Figure()
    labels = list(categories)
    flipped = list(reversed_) + [False] * (len(labels) - len(reversed_))
    mirror = {"low": "high", "mid": "mid", "high": "low"}
    for band in BANDS:
        values = [None if s is None else round(100 * s[band], 1) for s in shares]
        looks = [mirror[band] if flip else band for flip in flipped]
        figure.add_trace(
            go.Bar(
                y=labels,
                x=values,
                name=band_names[band],
                orientation="h",
                marker={
                    "color": [BAND_COLOURS[look] for look in looks],
                    "line": {"color": "#1e2b3c", "width": 0.5},
                    "pattern": {
                        "shape": [BAND_PATTERNS[look] for look in looks],
                        "fgopacity": 0.25,
                    },
                },
                text=[_percent(v) for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": [BAND_TEXT[look] for look in looks]},
                hovertemplate="%{y}: %{x:.1f} %<extra>%{fullData.name}</extra>",
            )
        )
    _layout(figure, height=110 + 34 * len(labels))
    figure.update_layout(barmode="stack")
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", title_text=axis_title)
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def trend_lines(
    series: Sequence[Series],
    *,
    x_title: str,
    y_title: str,
    band_limits: tuple[float, float] | None = None,
    band_names: Mapping[str, str] | None = None,
    reverse: bool = False,
) -> go.Figure:
    """Return one line per series (for example per pool) on the whole 1–7 scale.

    The y axis never zooms: a change of 0.1 must look as small as it is. `band_limits`
    (low below, middle below) shades the low/middle/high bands behind the lines, in inverted
    colours for a `reverse` (raw Negative Climate) code. A hollow marker is an incomplete
    semester.
    """
    figure = go.Figure()
    if band_limits is not None:
        _shade_bands(figure, band_limits, band_names or {}, reverse)
    for index, item in enumerate(series):
        symbol = SYMBOLS[index % len(SYMBOLS)]
        hollow = list(item.hollow) + [False] * (len(item.x) - len(item.hollow))
        figure.add_trace(
            go.Scatter(
                x=list(item.x),
                y=[None if v is None else round(v, 4) for v in item.y],
                name=item.name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": PALETTE[index % len(PALETTE)]},
                marker={
                    "symbol": [f"{symbol}-open" if h else symbol for h in hollow],
                    "size": 9,
                    "line": {"width": 2},
                },  # fmt: skip
                hovertemplate="%{x}: %{y:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    _layout(figure, height=380)
    figure.update_layout(showlegend=True)  # even with one line: the legend names the group
    figure.update_xaxes(title_text=x_title, type="category")
    figure.update_yaxes(
        title_text=y_title, automargin=True, range=[SCALE[0] - 0.1, SCALE[1] + 0.1],
        tickvals=list(range(SCALE[0], SCALE[1] + 1)), fixedrange=True,
    )  # fmt: skip
    return figure


def _shade_bands(
    figure: go.Figure, limits: tuple[float, float], names: Mapping[str, str], reverse: bool
) -> None:
    """Shade the low, middle and high bands of a mean, lightly, behind the data; a reverse
    code (raw Negative Climate) in mirrored colours, its low band being the good one."""
    low_below, mid_below = limits
    spans = {"low": (SCALE[0] - 0.1, low_below), "mid": (low_below, mid_below),
             "high": (mid_below, SCALE[1] + 0.1)}  # fmt: skip
    mirror = {"low": "high", "mid": "mid", "high": "low"}
    for band, (bottom, top) in spans.items():
        colour = BAND_COLOURS[mirror[band] if reverse else band]
        figure.add_hrect(
            y0=bottom, y1=top, fillcolor=colour, opacity=0.12, line_width=0,
            layer="below", annotation_text=names.get(band, ""),
            annotation_position="top left", annotation_font={"size": 12, "color": "#1e2b3c"},
        )  # fmt: skip


def comparison_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    axis_title: str,
    reference: str | None = None,
) -> go.Figure:
    """Return grouped horizontal bars: one group per category, one bar per series; the
    `reference` category (e.g. the municipality) is drawn in grey."""
    figure = go.Figure()
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        figure.add_trace(
            go.Bar(
                y=list(categories),
                x=[None if v is None else round(v, 4) for v in item.y],
                name=item.name,
                orientation="h",
                marker={"color": [REFERENCE if c == reference else colour for c in categories]},
                text=[None if v is None else f"{v:.2f}" for v in item.y],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    _layout(figure, height=120 + len(categories) * (18 + 16 * max(1, len(series))))
    figure.update_layout(barmode="group")
    figure.update_xaxes(range=[SCALE[0] - 1, SCALE[1] + 0.6], title_text=axis_title)
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def agreement_bars(
    categories: Sequence[str], series: Sequence[Series], *, bar: float, axis_title: str
) -> go.Figure:
    """Return grouped horizontal bars of agreement shares (0–100 %) with the bar drawn in."""
    figure = go.Figure()
    for index, item in enumerate(series):
        values = [None if v is None else round(100 * v, 1) for v in item.y]
        figure.add_trace(
            go.Bar(
                y=list(categories),
                x=values,
                name=item.name,
                orientation="h",
                marker={"color": PALETTE[index % len(PALETTE)]},
                hovertemplate="%{y}: %{x:.1f} %<extra>%{fullData.name}</extra>",
            )
        )
    _layout(figure, height=120 + len(categories) * (18 + 14 * max(1, len(series))))
    figure.update_layout(barmode="group")
    figure.add_vline(x=100 * bar, line_dash="dash", line_color="#1e2b3c")
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", title_text=axis_title)
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure


def _layout(figure: go.Figure, *, height: int) -> None:
    figure.update_layout(
        height=height,
        autosize=True,
        margin={"l": 10, "r": 20, "t": 30, "b": 40},
        font={"family": FONT, "size": 14, "color": "#1e2b3c"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "traceorder": "normal"},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hoverlabel={"font": {"family": FONT}},
    )
    figure.update_xaxes(gridcolor="#e6e8ea", zeroline=False)


def _percent(value: float | None) -> str | None:
    # Tiny slices get no label: it would not fit and the table has the number.
    return None if value is None or value < 6 else f"{value:.0f} %"
