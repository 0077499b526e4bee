"""The agreement page (DESIGN §5): one semester's agreement per dimension with the median ICC
as its summary, the trend by semester, and the observers judged over the last two semesters,
ranked and paged in the database (thousands of observers at national scale)."""

from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from analysis import agreement_charts
from analysis.agreement import OK, RECALIBRATE, TOO_FEW, WITHIN_ONE_BAR, AgreementRow, agreement
from analysis.agreement_observers import (
    STATUSES,
    observer_rows,
    ranked_observers,
    recalibration_window,
    status_counts,
)
from analysis.charts import Series
from analysis.semesters import semester_label

from ..form_input import column_int, unstorable
from ..i18n import current_language
from ..paging import paginate
from ..plot_html import chart_div
from .pages import Page
from .services import Context, code_label, codes_of

CHART_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}
NAME_LIMIT = 120  # the user table's name column
OBSERVERS_PER_PAGE = 25  # a phone screen or two; the rest are a page away


@dataclass(frozen=True)
class ObserverQuery:
    """The observer list's own filters: part of a name, a status and the page number."""

    name: str = ""
    status: str = ""
    page: int = 1
    refused: bool = False  # the name held characters no database can search for


def observer_query(args: MultiDict) -> ObserverQuery:
    """Read the observer filters; anything unusable falls back to no filter."""
    name = (args.get("observer") or "").strip()[:NAME_LIMIT]
    refused = unstorable(name)
    status = args.get("status") if args.get("status") in STATUSES else ""
    page = args.get("page", 1, type=column_int)
    return ObserverQuery("" if refused else name, status or "", page, refused)


def status_names() -> dict[str, str]:
    """The observer statuses in the user's language."""
    return {RECALIBRATE: _("Recalibrate"), OK: _("OK"), TOO_FEW: _("Too few to judge")}


def agreement_page(session: Session, ctx: Context) -> Page:
    """Agreement of a semester per dimension, its trend, and the observers ranked."""
    page = Page(_labels(ctx))
    base = ctx.scope("pool", semester=False)
    base["instrument"] = ctx.instrument.id
    trend = agreement(session, by=("semester",), filters=base)
    latest = str(trend[-1].group["semester"]) if trend else None
    semester = _semester(ctx, latest)
    chosen = {**base, "semester": semester} if semester else base
    dimensions = agreement(session, by=("dimension",), filters=chosen)
    overall = agreement(session, by=(), filters=chosen)
    page.data = {
        "semester": semester,
        "overall": overall[0] if overall else None,
        "dimensions": dimensions,
        "trend": trend,
        "statuses": status_names(),
        **_observers(session, base, semester or latest),
    }
    page.charts["agreement"] = _dimension_chart(dimensions, page.labels)
    page.charts["trend"] = _trend_chart(trend)
    return page


def _semester(ctx: Context, latest: str | None) -> str | None:
    """The chosen semester; by default the latest with double-coding (None: all semesters)."""
    field = ctx.form.semester
    if "semester" in request.args and not field.errors:
        return ctx.semester  # None when "All semesters" was chosen
    if latest and latest in {choice.value for choice in field.choices}:
        field.data = latest  # the filter shows what the page shows
    return latest


def _observers(session: Session, base: dict, last: str | None) -> dict[str, object]:
    """One page of the observers ranked over the window ending at `last`, with counts."""
    query = observer_query(request.args)
    window = recalibration_window(last) if last else ()
    scope = {**base, "semester": window}
    ranked = ranked_observers(scope, name=query.name, status=query.status)
    listing = paginate(session, ranked, query.page, OBSERVERS_PER_PAGE)
    return {
        "window": window,
        "query": query,
        "listing": listing,
        "observers": observer_rows(session, scope, listing.rows),
        "counts": status_counts(session, scope) if window else dict.fromkeys(STATUSES, 0),
    }


def _labels(ctx: Context) -> dict[str, str]:
    lang = current_language()
    codes = codes_of(ctx.instrument, "dimension")
    return {code: code_label(ctx.instrument, code, lang) for code in codes}


def _dimension_chart(rows: list[AgreementRow], labels: dict[str, str]) -> Markup:
    codes = [str(r.group["dimension"]) for r in rows]
    categories = tuple(labels.get(code, code) for code in codes)
    series = [
        Series(_("Exact"), categories, tuple(r.exact for r in rows)),
        Series(_("Within one"), categories, tuple(r.within_one for r in rows)),
    ]
    figure = agreement_charts.agreement_bars(
        categories, series, bar=WITHIN_ONE_BAR, axis_title=_("Share of paired scores")
    )
    return chart_div(figure, "agreement-chart", CHART_CONFIG)


def _trend_chart(rows: list[AgreementRow]) -> Markup:
    lang = current_language()
    semesters = tuple(semester_label(str(r.group["semester"]), lang) for r in rows)
    series = [
        Series(_("Exact"), semesters, tuple(r.exact for r in rows)),
        Series(_("Within one"), semesters, tuple(r.within_one for r in rows)),
    ]
    figure = agreement_charts.agreement_trend(
        series, bar=WITHIN_ONE_BAR, x_title=_("Semester"), y_title=_("Share of paired scores")
    )
    return chart_div(figure, "agreement-trend-chart", CHART_CONFIG)
