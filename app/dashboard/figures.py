"""Charts for the dashboard pages: translated labels in, Plotly HTML out (no CDN, no inline JS
library: the page loads /vendor/plotly.min.js once)."""

from collections.abc import Collection, Sequence

from flask_babel import gettext as _
from markupsafe import Markup

from analysis import charts
from analysis.aggregate import AggregateRow
from analysis.instruments import Instrument
from analysis.progress import TrendPoint
from analysis.semesters import semester_index, semester_label
from analysis.structure import structure_for

from ..i18n import current_language
from ..instruments import versions
from ..plot_html import chart_div

CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}


def band_names() -> dict[str, str]:
    """Return the band names in the user's language."""
    return {"low": _("Low"), "mid": _("Middle"), "high": _("High")}


def to_html(figure, div_id: str) -> Markup:
    """Return the chart as a div holding its figure; js/pages/charts.js draws it."""
    return chart_div(figure, div_id, CONFIG)


def band_chart(
    rows: Sequence[AggregateRow], labels: dict[str, str], div_id: str, reverse: set[str]
) -> Markup:
    """Stacked low/middle/high bars, one per code; raw reverse dimensions in inverted colours."""
    figure = charts.band_bars(
        [labels.get(r.code, r.code) for r in rows],
        [r.shares for r in rows],
        band_names(),
        axis_title=_("Share of departments"),
        reversed_=[r.level == "dimension" and r.code in reverse for r in rows],
    )
    return to_html(figure, div_id)


def band_limits(instrument: Instrument) -> tuple[float, float]:
    """Return (low below, middle below) of a mean under the instrument's band rule."""
    return structure_for(versions()).mean_limits[instrument.id]


def trend_charts(
    points: Sequence[TrendPoint],
    name_of,
    div_prefix: str,
    *,
    incomplete: Collection[tuple[object, str]] = (),
    instrument: Instrument | None = None,
    reverse: bool = False,
) -> dict[str, Markup]:
    """Two line charts of one code per group: over calendar semesters and semesters in programme.

    The y axis is the whole 1–7 scale with the instrument's bands shaded; a point whose
    (pool, semester) is in `incomplete` gets a hollow marker.
    """
    lang = current_language()
    by_group: dict[str, list[TrendPoint]] = {}
    for point in points:
        by_group.setdefault(name_of(point.row.group), []).append(point)
    semesters = sorted({p.row.group["semester"] for p in points}, key=_index)
    calendar, relative = [], []
    for name, items in by_group.items():
        by_semester = {p.row.group["semester"]: p for p in items}
        hollow = {s for s, p in by_semester.items() if (p.row.group.get("pool"), s) in incomplete}
        calendar.append(
            charts.Series(
                name,
                tuple(semester_label(s, lang) for s in semesters),
                tuple(_mean(by_semester.get(s)) for s in semesters),
                tuple(s in hollow for s in semesters),
            )
        )
        shown = [p for p in items if p.semesters_in_programme is not None]
        relative.append(
            charts.Series(
                name,
                tuple(p.semesters_in_programme for p in shown),
                tuple(p.row.mean for p in shown),
                tuple(p.row.group["semester"] in hollow for p in shown),
            )
        )
    lines = {"y_title": _("Mean (1–7)"), "band_names": band_names(), "reverse": reverse,
             "band_limits": band_limits(instrument) if instrument else None}  # fmt: skip
    return {
        "calendar": to_html(
            charts.trend_lines(calendar, x_title=_("Semester"), **lines),
            f"{div_prefix}-calendar",
        ),
        "relative": to_html(
            charts.trend_lines(
                _sorted_x(relative), x_title=_("Semesters in the programme"), **lines
            ),
            f"{div_prefix}-relative",
        ),
    }


def _mean(point: TrendPoint | None) -> float | None:
    return point.row.mean if point else None


def comparison_chart(
    categories: Sequence[str],
    series: Sequence[charts.Series],
    div_id: str,
    reference: str | None = None,
) -> Markup:
    """Grouped bars of means on the 1–7 scale."""
    figure = charts.comparison_bars(
        categories, series, axis_title=_("Mean (1–7)"), reference=reference
    )
    return to_html(figure, div_id)


def _index(semester: object) -> int:
    return semester_index(str(semester))


def _sorted_x(series: list[charts.Series]) -> list[charts.Series]:
    """Put every series on one sorted x axis of semesters in programme, gaps as None."""
    xs = sorted({x for s in series for x in s.x})
    result = []
    for item in series:
        values = dict(zip(item.x, item.y, strict=True))
        hollow = dict(zip(item.x, item.hollow, strict=False))
        result.append(
            charts.Series(
                item.name,
                tuple(xs),
                tuple(values.get(x) for x in xs),
                tuple(hollow.get(x, False) for x in xs),
            )  # fmt: skip
        )
    return result
