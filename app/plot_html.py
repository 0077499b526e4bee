"""Plotly charts as a <div> carrying its figure as data: no inline script (the CSP forbids it).

plotly.io.to_html() writes a <script> that calls Plotly.newPlot; static/js/pages/charts.js
draws every [data-plotly] div instead, from the same figure and config.
"""

import json

import plotly.io
from markupsafe import Markup, escape


def chart_div(figure, div_id: str, config: dict, width: str = "100%") -> Markup:
    """Return the chart's <div>; the page must load Plotly and js/pages/charts.js."""
    spec = plotly.io.to_json(figure, validate=False)
    return Markup(
        f'<div id="{escape(div_id)}" class="plotly-graph-div"'
        f' style="height:100%; width:{escape(width)};"'
        f' data-plotly="{escape(spec)}" data-plotly-config="{escape(json.dumps(config))}"></div>'
    )
