"""One kindergarten's dashboard: its departments' figures beside its network and the
municipality. A director sees their own; a mentor any kindergarten of their networks and the
project lead any, chosen with ?kindergarten=ID (app.permissions.kindergarten_viewer)."""

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from analysis.aggregate import AggregateRow
from analysis.charts import Series
from analysis.coverage import CoverageRow, coverage

from ..instruments import versions
from ..permissions import (
    Viewer,
    as_reference,
    group_figures,
    kindergarten_viewer,
    may,
    reads_every_department,
)
from . import figures
from .pages import Page, _labels
from .services import Context, codes_of, kindergarten_name, network_name


def kindergarten_page(session: Session, ctx: Context) -> Page:
    """The kindergarten beside its network and the municipality, with each group's coverage."""
    viewer = kindergarten_viewer(session, ctx.viewer, ctx.kindergarten)
    page = Page(_labels(ctx))
    codes = codes_of(ctx.instrument, ctx.level)
    page.data = {"columns": [], "codes": codes, "kindergarten_id": viewer.kindergarten_id}
    if viewer.kindergarten_id is None:
        return page  # a lead or mentor who has not chosen one: the page says how to
    columns = [_column(session, ctx, viewer, *group) for group in _groups(session, viewer)]
    drill = may(current_user, "dashboard.departments")
    for column in columns:  # only a group whose every department the viewer reads leads on
        column["drill"] = drill and reads_every_department(viewer, column["key"])
    page.data["columns"] = columns
    categories = [page.labels.get(c, c) for c in codes]
    series = [
        Series(_series_name(col), tuple(categories), _means(col["rows"], codes)) for col in columns
    ]
    page.charts["comparison"] = figures.comparison_chart(categories, series, "kindergarten-chart")
    return page


def _groups(session: Session, viewer: Viewer) -> list[tuple[str, str, dict, Viewer]]:
    """(key, label, filters, seen as) of the kindergarten, its network and the municipality.

    The municipality is a reference: seen unscoped, so a mentor compares with all of it, and
    its small groups stay hidden (it holds departments the viewer may not read)."""
    groups = [("kindergarten", kindergarten_name(session, viewer.kindergarten_id),
               {"kindergarten": viewer.kindergarten_id}, viewer)]  # fmt: skip
    if viewer.network_id is not None:
        name = network_name(session, viewer.network_id)
        groups.append(("network", name, {"network": viewer.network_id}, viewer))
    groups.append(("municipality", _("Municipality"), {}, as_reference(viewer)))
    return groups


def _column(
    session: Session, ctx: Context, viewer: Viewer, key: str, label: str, filters: dict, seen_as
) -> dict:
    if ctx.semester:
        filters = {**filters, "semester": ctx.semester}
    rows = group_figures(session, seen_as, by=(), level=ctx.level,
                         instrument_id=ctx.instrument.id, filters=filters)  # fmt: skip
    hidden = bool(rows) and all(r.suppressed for r in rows)
    return {"key": key, "label": label, "rows": {r.code: r for r in rows}, "hidden": hidden,
            "filters": filters, "coverage": _coverage(session, ctx, filters)}  # fmt: skip


def _coverage(session: Session, ctx: Context, filters: dict) -> CoverageRow | None:
    if not ctx.semester:
        return None
    scope = {k: v for k, v in filters.items() if k != "semester"}
    scope["instrument"] = ctx.instrument.id
    rows = coverage(session, semesters=[ctx.semester], by=(), filters=scope, instruments=versions())
    return rows[0] if rows else None


def _series_name(column: dict) -> str:
    """Name a group in the legend, saying so when its bars are hidden (small group)."""
    if column["hidden"]:
        return _("%(group)s (hidden: too few departments)", group=column["label"])
    return str(column["label"])


def _means(rows: dict[str, AggregateRow], codes: list[str]) -> tuple[float | None, ...]:
    return tuple(rows[c].mean if c in rows else None for c in codes)
