"""Dashboard views: load the context, check the role, call pages.py, render."""

from io import BytesIO

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from analysis.export_xlsx import build_workbook

from .. import follow_up_flags
from ..db import get_session
from ..i18n import current_language
from ..instruments import versions
from ..permissions import OutOfScope, may, requires, scoped_filters, viewer_for
from . import agreement_page, bp, drilldown, follow_up_page, kindergarten_page, pages
from .forms import FIELDS_BY_PAGE
from .services import Context, build_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_KEYS = ("semester", "pool", "network", "instrument")


@bp.context_processor
def dashboard_helpers() -> dict:
    return {"flag_reason": follow_up_flags.reason, "rule_name": follow_up_flags.rule_name,
            "drill_url": drill_url}  # fmt: skip


def drill_url(ctx: Context, **chosen: object) -> str:
    """Return the link from a figure to the departments behind it: the page's semester,
    instrument, level, code, pool and network, with `chosen` (code, level, pool, network,
    kindergarten, band) in their place."""
    args: dict[str, object] = {"semester": ctx.semester, "instrument": ctx.instrument.id,
                               "level": ctx.level, "code": ctx.code, **ctx.filters}  # fmt: skip
    args.update(chosen)
    return url_for(".departments", **{k: v for k, v in args.items() if v not in (None, "")})


def _context(page: str, action: str = "dashboard.programme") -> Context:
    """Load the page's context, seen as the user's role on pages guarded by `action`."""
    session = get_session()
    viewer = viewer_for(session, current_user, current_app.config["SMALL_GROUP_MIN"], action)
    if viewer is None:
        abort(403)
    return build_context(session, viewer, request.args, page)


def _render(page: str, builder, action: str = "dashboard.programme", fields=None):
    ctx = _context(page, action)
    try:
        data = builder(get_session(), ctx)
    except OutOfScope:
        abort(403)
    return render_template(
        f"dashboard/{page}.html", ctx=ctx, page=data, page_name=page,
        fields=FIELDS_BY_PAGE[page] if fields is None else fields(ctx),
    )  # fmt: skip


@bp.get("/")
@requires("dashboard.view")
def index():
    if may(current_user, "dashboard.programme"):
        return redirect(url_for(".overview"))
    return redirect(url_for(".kindergarten"))


@bp.get("/overview")
@requires("dashboard.programme")
def overview():
    return _render("overview", pages.overview)


@bp.get("/trends")
@requires("dashboard.programme")
def trends():
    return _render("trends", pages.trend_page)


@bp.get("/networks")
@requires("dashboard.programme")
def networks():
    return _render("networks", pages.network_page)


@bp.get("/follow-up")
@requires("followup.view")
def follow_up():
    # Seen as the most overseeing role; a director sees their kindergarten, chosen by semester.
    return _render("follow_up", follow_up_page.follow_up_page, "dashboard.view",
                   follow_up_page.fields)  # fmt: skip


@bp.get("/agreement")
@requires("dashboard.agreement")
def agreement():
    return _render("agreement", agreement_page.agreement_page)


@bp.get("/kindergarten")
@requires("dashboard.kindergarten")
def kindergarten():
    return _render("kindergarten", kindergarten_page.kindergarten_page, "dashboard.kindergarten")


@bp.get("/departments")
@requires("dashboard.departments")
def departments():
    return _render("departments", drilldown.departments_page, "dashboard.view")


@bp.get("/export.xlsx")
@requires("dashboard.export")
def export():
    ctx = _context("overview")
    values = ctx.form.values()  # checked against the choices, unlike the raw arguments
    filters: dict[str, object] = {
        key: values[key]
        for key in EXPORT_KEYS
        if request.args.get(key) and not getattr(ctx.form, key).errors
    }
    for key in ("pool", "network"):
        if key in filters:
            filters[key] = int(str(filters[key]))
    data = build_workbook(
        get_session(), filters=scoped_filters(ctx.viewer, filters), instruments=versions(),
        thresholds=follow_up_flags.thresholds(), language=current_language(),
    )  # fmt: skip
    name = "-".join(["tettpaa", *[str(v) for v in filters.values()]]) + ".xlsx"
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)
