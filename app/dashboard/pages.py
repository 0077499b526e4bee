"""What each dashboard page shows: the figures from analysis/, arranged for the templates."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import Session

from analysis.aggregate import AggregateRow
from analysis.agreement import AgreementRow, agreement
from analysis.charts import Series
from analysis.coverage import CoverageRow, coverage
from analysis.progress import ChangeRow, TrendPoint, department_changes, trends

from ..i18n import current_language
from ..instruments import versions
from ..permissions import as_reference, group_figures, scoped_filters
from . import figures
from .services import (
    Context,
    code_label,
    codes_of,
    kindergarten_name,
    network_name,
)

Table = dict[object, dict[str, AggregateRow]]  # group key -> code -> figures


@dataclass
class Page:
    """Everything a dashboard template needs beyond the context."""

    labels: dict[str, str]  # code -> "IS · Støtte til læring og utvikling"
    charts: dict[str, Markup] = field(default_factory=dict)
    data: dict[str, object] = field(default_factory=dict)


def _labels(ctx: Context) -> dict[str, str]:
    lang = current_language()
    codes = codes_of(ctx.instrument, "domain") + codes_of(ctx.instrument, "dimension")
    return {code: code_label(ctx.instrument, code, lang) for code in codes}


def _table(rows: list[AggregateRow], key: str) -> Table:
    table: Table = {}
    for row in rows:
        table.setdefault(row.group.get(key), {})[row.code] = row
    return table


def overview(session: Session, ctx: Context) -> Page:
    """Pools in the chosen semester, coverage, and the band distribution of every code."""
    page = Page(_labels(ctx))
    scope = ctx.scope("pool", "network")
    by_pool = group_figures(session, ctx.viewer, by=("pool",), level="domain",
                            instrument_id=ctx.instrument.id, filters=scope)  # fmt: skip
    covered: list[CoverageRow] = []
    if ctx.semester:
        covered = coverage(session, semesters=[ctx.semester], by=("pool",), filters=scope)
    page.data = {"pools": _table(by_pool, "pool"),
                 "coverage": {row.group["pool"]: row for row in covered},
                 "domains": codes_of(ctx.instrument, "domain")}  # fmt: skip
    for level in ("domain", "dimension"):
        rows = group_figures(session, ctx.viewer, by=(), level=level,
                             instrument_id=ctx.instrument.id, filters=scope)  # fmt: skip
        page.data[f"{level}_bands"] = rows
        reverse = {d.code for d in ctx.instrument.dimensions if d.reverse}
        page.charts[level] = figures.band_chart(rows, page.labels, f"bands-{level}", reverse)
    return page


def trend_page(session: Session, ctx: Context) -> Page:
    """The chosen code per pool over calendar semesters and over semesters in the programme."""
    page = Page(_labels(ctx))
    scope = ctx.scope("pool", "network", semester=False)
    common = {"level": ctx.level, "instrument_id": ctx.instrument.id, "codes": [ctx.code],
              "min_group_size": ctx.viewer.min_group_size, "instruments": versions()}  # fmt: skip
    filters = scoped_filters(ctx.viewer, scope)
    points: list[TrendPoint] = [
        p
        for p in trends(session, by=("pool",), filters=filters, **common)  # type: ignore[arg-type]
        if p.row.code == ctx.code
    ]
    changes: list[ChangeRow] = [
        c
        for c in department_changes(session, by=("pool",), filters=filters, **common)  # type: ignore[arg-type]
        if c.code == ctx.code
    ]
    page.data = {"points": points, "changes": changes}
    page.charts = figures.trend_charts(
        points, lambda group: _("Pool %(pool)d", pool=group["pool"]), "trend"
    )
    return page


def network_page(session: Session, ctx: Context) -> Page:
    """Every network in the semester, beside the municipality, for every code of the level."""
    page = Page(_labels(ctx))
    rows = group_figures(session, ctx.viewer, by=("pool", "network"), level=ctx.level,
                         instrument_id=ctx.instrument.id, filters=ctx.scope("pool"))  # fmt: skip
    whole = ctx.scope(semester=True)
    whole.pop("network", None)  # the municipality is the reference, for mentors too
    municipality = group_figures(
        session, as_reference(ctx.viewer), by=(), level=ctx.level, instrument_id=ctx.instrument.id,
        filters=whole,
    )  # fmt: skip
    networks = {}
    for row in rows:
        networks.setdefault(row.group["network"], row.group)
    table = _table(rows, "network")
    page.data = {"networks": list(networks.values()), "table": table,
                 "municipality": {r.code: r for r in municipality},
                 "codes": codes_of(ctx.instrument, ctx.level)}  # fmt: skip
    names = [str(g["network_name"]) for g in networks.values()] + [_("Municipality")]
    values = [table[g["network"]].get(ctx.code) for g in networks.values()]
    values.append(page.data["municipality"].get(ctx.code))  # type: ignore[union-attr]
    series = Series(page.labels.get(ctx.code, ctx.code), tuple(names),
                    tuple(r.mean if r else None for r in values))  # fmt: skip
    page.charts["networks"] = figures.comparison_chart(
        names, [series], "networks-chart", reference=_("Municipality")
    )
    return page


def agreement_page(session: Session, ctx: Context) -> Page:
    """Agreement per observer, per dimension (with a chart) and per semester."""
    page = Page(_labels(ctx))
    filters = ctx.scope("pool")
    filters["instrument"] = ctx.instrument.id
    dimensions: list[AgreementRow] = agreement(session, by=("dimension",), filters=filters)
    observers = agreement(session, by=("observer",), filters=filters)
    observers.sort(key=lambda r: (not r.flagged, r.within_one))
    over_time = {k: v for k, v in filters.items() if k != "semester"}
    page.data = {
        "overall": agreement(session, by=(), filters=filters),
        "dimensions": dimensions,
        "observers": observers,
        "semesters": agreement(session, by=("semester",), filters=over_time),
    }
    page.charts["agreement"] = figures.agreement_chart(dimensions, page.labels, "agreement-chart")
    return page


def kindergarten_page(session: Session, ctx: Context) -> Page:
    """The director's kindergarten beside its network and the municipality."""
    viewer = ctx.viewer
    page = Page(_labels(ctx))
    groups = [("kindergarten", kindergarten_name(session, viewer.kindergarten_id),
               {"kindergarten": viewer.kindergarten_id}),
              ("network", network_name(session, viewer.network_id), {"network": viewer.network_id}),
              ("municipality", _("Municipality"), {})]  # fmt: skip
    columns = []
    for key, label, filters in groups:
        if key == "network" and viewer.network_id is None:
            continue
        if ctx.semester:
            filters = {**filters, "semester": ctx.semester}
        rows = group_figures(session, viewer, by=(), level=ctx.level,
                             instrument_id=ctx.instrument.id, filters=filters)  # fmt: skip
        hidden = bool(rows) and all(r.suppressed for r in rows)
        columns.append({"key": key, "label": label, "rows": {r.code: r for r in rows},
                        "hidden": hidden})  # fmt: skip
    codes = codes_of(ctx.instrument, ctx.level)
    page.data = {"columns": columns, "codes": codes}
    categories = [page.labels.get(c, c) for c in codes]
    series = [
        Series(_series_name(col), tuple(categories), _means(col["rows"], codes)) for col in columns
    ]
    page.charts["comparison"] = figures.comparison_chart(categories, series, "kindergarten-chart")
    return page


def _series_name(column: dict) -> str:
    """Name a group in the legend, saying so when its bars are hidden (small group)."""
    if column["hidden"]:
        return _("%(group)s (hidden: too few departments)", group=column["label"])
    return str(column["label"])


def _means(rows: dict[str, AggregateRow], codes: list[str]) -> tuple[float | None, ...]:
    return tuple(rows[c].mean if c in rows else None for c in codes)
