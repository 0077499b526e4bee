"""Everything one report shows, as a page or a PDF, assembled from its parts."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy.orm import Session

from analysis.instruments import Instrument
from analysis.report_charts import ChartText, Series, comparison_svg, trend_svg
from analysis.semesters import semester_label

from ..models import Feedback, Observation
from . import report
from .comparison import GroupColumn, comparison
from .services import Scored, feedback_of, scored


@dataclass(frozen=True)
class TrendTable:
    """The trend as a table: a row per semester, a column per code."""

    semesters: list[str]  # labels, oldest first
    codes: list[str]
    values: dict[str, list[float | None]]


@dataclass(frozen=True)
class ReportPage:
    observation: Observation
    header: report.Header
    domains: list[report.DomainView]
    names: dict[str, str]  # code -> name, domains and dimensions
    feedback: Feedback | None
    growth_areas: list[report.GrowthAreaView]
    acknowledged_by: str | None
    domain_trend: TrendTable
    dimension_trend: TrendTable
    comparison: list[GroupColumn]
    charts: dict[str, Markup]  # chart id -> inline SVG, drawn on the server for page and PDF

    @property
    def shown_groups(self) -> list[GroupColumn]:
        return [column for column in self.comparison if not column.suppressed]

    @property
    def suppressed_groups(self) -> list[GroupColumn]:
        return [column for column in self.comparison if column.suppressed]


def report_page(
    session: Session,
    observation: Observation,
    *,
    lang: str,
    show_observer: bool,
    min_group_size: int,
    instruments: Mapping[str, Instrument],
) -> ReportPage:
    """Assemble the report of one observation."""
    data = scored(observation)
    instrument = data.instrument
    feedback = feedback_of(session, observation)
    names = _names(instrument, lang)
    trend = report.trend(session, observation, instrument)
    labels = [semester_label(s, lang) for s in trend.semesters]
    domain_codes = [d.code for d in instrument.domains]
    dimension_codes = [d.code for d in instrument.dimensions]
    domain_trend = TrendTable(labels, domain_codes, trend.values)
    dimension_trend = TrendTable(labels, dimension_codes, trend.values)
    columns = comparison(session, observation, data.summary, instruments, min_group_size)
    page = ReportPage(
        observation=observation,
        header=report.header(observation, instrument, lang, show_observer),
        domains=report.domain_views(data, lang),
        names=names,
        feedback=feedback,
        growth_areas=report.growth_area_views(feedback, instrument, lang),
        acknowledged_by=report.acknowledged_by(session, feedback),
        domain_trend=domain_trend,
        dimension_trend=dimension_trend,
        comparison=columns,
        charts={},
    )
    # The SVG charts cost little, so the page and the PDF both draw them.
    page.charts.update(_charts(page, data))
    return page


def _names(instrument: Instrument, lang: str) -> dict[str, str]:
    names = {d.code: d.labels.get(lang) for d in instrument.domains}
    for dimension in instrument.dimensions:
        name = dimension.labels.get(lang)
        # The chart legends and table headers carry the reading rule with the name.
        names[dimension.code] = f"{name} ({_('low is good')})" if dimension.reverse else name
    return names


def _charts(page: ReportPage, data: Scored) -> dict[str, Markup]:
    reverse = {d.code for d in data.instrument.dimensions if d.reverse}
    score_title = _("Score (1–7)")
    domains, dimensions = page.domain_trend, page.dimension_trend
    latest = domains.semesters[-1] if domains.semesters else ""
    charts = {
        "chart-trend-domains": trend_svg(
            "chart-trend-domains",
            domains.semesters,
            _series(domains, page.names, reverse),
            _trend_text(_("Score per area and semester"), domains, latest),
            y_title=score_title,
        ),
        "chart-trend-dimensions": trend_svg(
            "chart-trend-dimensions",
            dimensions.semesters,
            _series(dimensions, page.names, reverse),
            _trend_text(_("Score per dimension and semester"), dimensions, latest),
            y_title=score_title,
        ),
        "chart-comparison": comparison_svg(
            "chart-comparison",
            [page.names[code] for code in domains.codes],
            [
                Series(column.label, tuple(column.values.get(c) for c in domains.codes))
                for column in page.shown_groups
            ],
            ChartText(
                _("Mean score per area"),
                _("Bars from 1 to 7 per group; the table has the same numbers."),
            ),
            x_title=_("Mean score (1–7)"),
        ),
    }
    # Built here from escaped text and numbers only (analysis/report_charts.py escapes).
    return {chart_id: Markup(svg) for chart_id, svg in charts.items()}


def _trend_text(title: str, table: TrendTable, latest: str) -> ChartText:
    description = ngettext(
        "Lines on a scale from 1 to 7 over %(num)d semester, up to %(latest)s; "
        "the table has the same numbers.",
        "Lines on a scale from 1 to 7 over %(num)d semesters, up to %(latest)s; "
        "the table has the same numbers.",
        len(table.semesters),
        latest=latest,
    )
    return ChartText(title, description)


def _series(table: TrendTable, names: dict[str, str], reverse: set[str]) -> list[Series]:
    return [
        Series(names[code], tuple(table.values.get(code, [])), dashed=code in reverse)
        for code in table.codes
        if code in table.values
    ]
