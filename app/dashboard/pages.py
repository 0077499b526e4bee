"""What each dashboard page shows: the figures from analysis/, arranged for the templates."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import Session

from analysis.aggregate import AggregateRow
from analysis.charts import Series
from analysis.coverage import CoverageRow, coverage
from analysis.progress import ChangeRow, TrendPoint, department_changes, trends

from ..i18n import current_language
from ..instruments import versions
from ..permissions import as_reference, group_figures, scoped_filters
from . import figures
from .services import Context, code_label, codes_of

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
    page.data = {"pools": _table(by_pool, "pool"),
                 "coverage": {row.group["pool"]: row for row in _coverage(session, ctx, ("pool",))},
                 "total": next(iter(_coverage(session, ctx, ())), None),  # the shown scope
                 "domains": codes_of(ctx.instrument, "domain")}  # fmt: skip
    for level in ("domain", "dimension"):
        rows = group_figures(session, ctx.viewer, by=(), level=level,
                             instrument_id=ctx.instrument.id, filters=scope)  # fmt: skip
        page.data[f"{level}_bands"] = rows
        reverse = {d.code for d in ctx.instrument.dimensions if d.reverse}
        page.charts[level] = figures.band_chart(rows, page.labels, f"bands-{level}", reverse)
    return page


def _coverage(
    session: Session,
    ctx: Context,
    by: tuple[str, ...],
    semesters: list[str] | None = None,
    group: dict[str, object] | None = None,
) -> list[CoverageRow]:
    """Coverage of the chosen instrument's age group (the same departments the means count),
    per group in `by`, in the chosen semester (or `semesters`); `group` replaces the chosen
    pool and network (the municipality: {})."""
    chosen = semesters if semesters is not None else [ctx.semester] if ctx.semester else []
    if not chosen:
        return []
    filters = dict(ctx.scope("pool", "network", semester=False) if group is None else group)
    filters["instrument"] = ctx.instrument.id
    return coverage(session, semesters=chosen, by=by, filters=filters, instruments=versions())


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
    semesters = sorted({str(p.row.group["semester"]) for p in points})
    incomplete = {
        (row.group["pool"], row.semester): row
        for row in _coverage(session, ctx, ("pool",), semesters)
    }
    page.data = {"points": points, "changes": changes, "coverage": incomplete}
    page.charts = figures.trend_charts(
        points, lambda group: _("Pool %(pool)d", pool=group["pool"]), "trend",
        incomplete={key for key, row in incomplete.items() if row.incomplete},
        instrument=ctx.instrument, reverse=ctx.code in _reverse_codes(ctx),
    )  # fmt: skip
    return page


def _reverse_codes(ctx: Context) -> set[str]:
    return {d.code for d in ctx.instrument.dimensions if d.reverse}


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
    covered = _coverage(session, ctx, ("network",))
    whole_coverage = _coverage(session, ctx, (), group={})
    networks = {}
    for row in rows:
        networks.setdefault(row.group["network"], row.group)
    table = _table(rows, "network")
    page.data = {"networks": list(networks.values()), "table": table,
                 "municipality": {r.code: r for r in municipality},
                 "codes": codes_of(ctx.instrument, ctx.level),
                 "coverage": {row.group["network"]: row for row in covered},
                 "whole_coverage": next(iter(whole_coverage), None)}  # fmt: skip
    names = [str(g["network_name"]) for g in networks.values()] + [_("Municipality")]
    values = [table[g["network"]].get(ctx.code) for g in networks.values()]
    values.append(page.data["municipality"].get(ctx.code))  # type: ignore[union-attr]
    series = Series(page.labels.get(ctx.code, ctx.code), tuple(names),
                    tuple(r.mean if r else None for r in values))  # fmt: skip
    page.charts["networks"] = figures.comparison_chart(
        names, [series], "networks-chart", reference=_("Municipality")
    )
    return page
