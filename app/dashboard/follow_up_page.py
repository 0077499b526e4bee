"""The follow-up page: flagged departments in the viewer's scope, ranked, with each reason in
words (domain names, not bare codes), their cases, and the rules with the configured
thresholds. The rules themselves are analysis/followup.py's."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.followup import FollowUpItem, follow_up
from analysis.followup_cases import cases_of
from analysis.schema import FLAG_RULES

from ..follow_up_flags import thresholds
from ..i18n import current_language
from ..instruments import all_instruments, versions
from ..models import Department
from .forms import FIELDS_BY_PAGE
from .pages import Page
from .services import Context, code_label


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


def follow_up_page(session: Session, ctx: Context) -> Page:
    """Departments flagged as of the chosen semester, ranked, with reasons and cases."""
    page = Page(all_labels())
    items: list[FollowUpItem] = follow_up(
        session, as_of=ctx.semester, filters=scope_of(ctx), instruments=versions(),
        thresholds=thresholds(),
    )  # fmt: skip
    counts = {rule: sum(rule in item.rules for item in items) for rule in FLAG_RULES}
    ids = [item.department_id for item in items]
    departments = session.scalars(
        select(Department).where(Department.id.in_(ids)).options(
            selectinload(Department.kindergarten))
    )  # fmt: skip
    page.data = {
        "items": items,
        "counts": counts,
        "cases": cases_of(session, items),
        "departments": {department.id: department for department in departments},
        "thresholds": thresholds(),
    }
    return page
