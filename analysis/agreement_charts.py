"""Plotly figures of the agreement page: pure builders, translated labels in, figures out.

Both charts use a fixed 0–100 % axis with the 80 % within-one bar drawn in, so a small
change looks as small as it is. Each stands beside a table with the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from analysis.charts import FONT, PALETTE, SYMBOLS, Series, agreement_bars

__all__ = ["agreement_bars", "agreement_trend"]


def agreement_trend(
    series: Sequence[Series], *, bar: float, x_title: str, y_title: str
) -> go.Figure:
    """Return one line per share (exact, within one) across semesters, on 0–100 %."""
    figure = go.Figure()
    for index, item in enumerate(series):
        figure.add_trace(
            go.Scatter(
                x=list(item.x),
                y=[None if v is None else round(100 * v, 1) for v in item.y],
                name=item.name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": PALETTE[index % len(PALETTE)]},
                marker={"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 9},
                hovertemplate="%{x}: %{y:.1f} %<extra>%{fullData.name}</extra>",
            )
        )
    figure.add_hline(y=100 * bar, line_dash="dash", line_color="#1e2b3c")
    figure.update_layout(
        height=360, autosize=True, showlegend=True, plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff", margin={"l": 10, "r": 20, "t": 30, "b": 40},
        font={"family": FONT, "size": 14, "color": "#1e2b3c"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )  # fmt: skip
    figure.update_xaxes(title_text=x_title, type="category", gridcolor="#e6e8ea")
    figure.update_yaxes(
        title_text=y_title, range=[0, 100], ticksuffix=" %", fixedrange=True, automargin=True,
        gridcolor="#e6e8ea", zeroline=False,
    )  # fmt: skip
    return figure
