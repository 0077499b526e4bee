"""The departments behind a figure: from a pool, network, kindergarten or band share to the
departments it counts (each with its value in the semester and its band), and from each
department to its reports. Paged in the database; narrowed to what the viewer may read."""

from sqlalchemy.orm import Session

from analysis.coverage import coverage
from analysis.department_list import department_list

from ..instruments import versions
from ..paging import paginate
from ..permissions import list_filters
from .pages import Page, _labels
from .services import Context, kindergarten_name, network_name


def departments_page(session: Session, ctx: Context) -> Page:
    """One page of the departments behind the chosen group, code and band."""
    page = Page(_labels(ctx))
    chosen = {**ctx.filters, "kindergarten": ctx.kindergarten}
    filters = list_filters(ctx.viewer, chosen)
    page.data = {"rows": None, "group": _group_names(session, ctx)}
    if ctx.semester:
        query = department_list(
            level=ctx.level, code=ctx.code, instrument_id=ctx.instrument.id,
            semester=ctx.semester, filters=filters, band=ctx.band, sort=ctx.sort,
            instruments=versions(),
        )  # fmt: skip
        page.data["rows"] = paginate(session, query, ctx.page_number)
        scope = {**filters, "instrument": ctx.instrument.id}
        covered = coverage(session, semesters=[ctx.semester], by=(), filters=scope,
                           instruments=versions())  # fmt: skip
        page.data["coverage"] = covered[0] if covered else None
    return page


def _group_names(session: Session, ctx: Context) -> list[str]:
    """The chosen group in words (pool, network, kindergarten), for the heading."""
    names = []
    if ctx.filters.get("pool"):
        names.append(("pool", ctx.filters["pool"]))
    if ctx.filters.get("network"):
        names.append(("network", network_name(session, int(str(ctx.filters["network"])))))
    if ctx.kindergarten:
        names.append(("kindergarten", kindergarten_name(session, ctx.kindergarten)))
    return names
