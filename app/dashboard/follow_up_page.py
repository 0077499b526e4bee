"""The follow-up page: flagged departments in the viewer's scope, ranked, with each reason in
words (domain names, not bare codes), their cases, and the rules with the configured
thresholds. The rules themselves are analysis/followup.py's.

At national scale thousands of departments are flagged, so the page shows one page of the
ranked list (PAGE_SIZE rows), with the counts per rule over the whole list; ?rule= and
?kindergarten= narrow the rows shown, and each row keeps its rank in the whole list. The
full list is in the Excel export and GET /api/v1/follow-up.
"""

from flask import request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.followup import FollowUpItem, follow_up
from analysis.followup_cases import cases_of
from analysis.schema import FLAG_RULES

from ..follow_up_flags import thresholds
from ..i18n import current_language
from ..instruments import all_instruments, versions
from ..models import Department
from ..paging import PAGE_SIZE
from ..paging import Page as ListPage
from .forms import FIELDS_BY_PAGE
from .pages import Page
from .services import Context, code_label, kindergarten_name

ROWS_PER_PAGE = PAGE_SIZE  # read at each request, so a test can make pages short


def scope_of(ctx: Context) -> dict[str, object]:
    """The page's filters inside the viewer's scope: a director sees their kindergarten."""
    filters = ctx.scope("pool", "network", semester=False)
    if ctx.viewer.one_kindergarten_only:
        filters["kindergarten"] = ctx.viewer.kindergarten_id
    return filters


def fields(ctx: Context) -> tuple[str, ...]:
    """The filters shown: a director's list is their kindergarten's, so only the semester."""
    one_kindergarten = ctx.viewer.one_kindergarten_only
    return ("semester",) if one_kindergarten else FIELDS_BY_PAGE["follow_up"]


def all_labels() -> dict[str, str]:
    """Code -> "ES · Emosjonell støtte" for the domains and dimensions of every instrument."""
    lang = current_language()
    labels: dict[str, str] = {}
    for instrument in all_instruments().values():
        for domain in instrument.domains:
            labels[domain.code] = code_label(instrument, domain.code, lang)
            for dimension in domain.dimensions:
                labels[dimension.code] = code_label(instrument, dimension.code, lang)
    return labels


def chosen_rule() -> str | None:
    """?rule=: one of the four rules, else none (an unknown value shows every rule)."""
    rule = request.args.get("rule")
    return rule if rule in FLAG_RULES else None


def chosen_kindergarten(ctx: Context) -> int | None:
    """?kindergarten=ID narrows the rows; a director's list is their kindergarten's anyway."""
    return None if ctx.viewer.one_kindergarten_only else ctx.kindergarten


def list_url(**changes: object) -> str:
    """This list's address with `changes` to its arguments (None drops one); a new filter
    starts again on page 1."""
    args: dict[str, object] = {**request.args.to_dict(), **changes}
    if "page" not in changes:
        args.pop("page", None)
    return url_for("dashboard.follow_up", **{k: v for k, v in args.items() if v is not None})


def narrowed(items: list[FollowUpItem], rule: str | None, kindergarten_id: int | None):
    """The items with `rule` among their rules and in the kindergarten (None: any)."""
    return [
        item
        for item in items
        if (rule is None or rule in item.rules)
        and (kindergarten_id is None or item.kindergarten_id == kindergarten_id)
    ]


def page_of(items: list, number: int, size: int) -> ListPage:
    """Page `number` of the ranked list, kept within the pages there are."""
    last = max(1, -(-len(items) // size))
    number = max(1, min(number, last))
    return ListPage(items[(number - 1) * size : number * size], number, size, len(items))


def follow_up_page(session: Session, ctx: Context) -> Page:
    """One page of the departments flagged as of the chosen semester, ranked."""
    page = Page(all_labels())
    items: list[FollowUpItem] = follow_up(
        session, as_of=ctx.semester, filters=scope_of(ctx), instruments=versions(),
        thresholds=thresholds(),
    )  # fmt: skip
    rule, kindergarten_id = chosen_rule(), chosen_kindergarten(ctx)
    in_kindergarten = narrowed(items, None, kindergarten_id)
    rows = page_of(narrowed(in_kindergarten, rule, None), ctx.page_number, ROWS_PER_PAGE)
    page.data = {
        "items": rows.rows,
        "rows": rows,
        "asked_page": ctx.page_number,
        "total": len(items),
        "counts": {r: sum(r in item.rules for item in in_kindergarten) for r in FLAG_RULES},
        "rule": rule,
        "kindergarten": kindergarten_id,
        "kindergarten_name": kindergarten_name(session, kindergarten_id),
        "cases": cases_of(session, rows.rows),
        "departments": _departments(session, rows.rows),
        "thresholds": thresholds(),
        "url": list_url,
    }
    return page


def _departments(session: Session, items: list[FollowUpItem]) -> dict[int, Department]:
    """The shown rows' departments, for may(…, "followup.edit", department)."""
    ids = [item.department_id for item in items]
    departments = session.scalars(
        select(Department).where(Department.id.in_(ids)).options(
            selectinload(Department.kindergarten))
    )  # fmt: skip
    return {department.id: department for department in departments}
