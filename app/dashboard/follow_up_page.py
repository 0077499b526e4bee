"""The follow-up page: flagged departments in the viewer's scope, ranked, with each reason in
words (domain names, not bare codes), their cases, and the rules with the configured
thresholds. The rules themselves are analysis/followup.py's."""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.followup import Flag, FollowUpItem, Thresholds, follow_up
from analysis.followup_cases import cases_of
from analysis.schema import FLAG_RULES
from analysis.semesters import semester_label

from ..i18n import current_language
from ..instruments import all_instruments, versions
from ..models import Department
from .forms import FIELDS_BY_PAGE
from .pages import Page
from .services import Context, code_label


def thresholds() -> Thresholds:
    """The configured thresholds (FOLLOW_UP_* settings, app/config.py)."""
    return Thresholds.from_settings(current_app.config)


def scope_of(ctx: Context) -> dict[str, object]:
    """The page's filters inside the viewer's scope: a director sees their kindergarten."""
    filters = ctx.scope("pool", "network", semester=False)
    if ctx.viewer.role == "director":
        filters["kindergarten"] = ctx.viewer.kindergarten_id
    return filters


def fields(ctx: Context) -> tuple[str, ...]:
    """The filters shown: a director's list is their kindergarten's, so only the semester."""
    return ("semester",) if ctx.viewer.role == "director" else FIELDS_BY_PAGE["follow_up"]


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


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def reason(flag: Flag, labels: dict[str, str], instrument_id: str = "") -> str:
    """Return a flag's reason with its numbers, in the user's language."""
    lang = current_language()
    instrument = all_instruments().get(instrument_id)
    values = {
        "code": labels.get(flag.code, flag.code),
        "value": _number(flag.value),
        "threshold": _number(flag.threshold),
        "semester": semester_label(flag.semester, lang),
        "before": _number(flag.previous_value),
        "before_semester": semester_label(flag.previous_semester, lang)
        if flag.previous_semester
        else "",
        "instrument": instrument.name.get(lang) if instrument else instrument_id,
        "share": f"{100 * thresholds().bottom_share:.0f}",
    }
    if flag.rule == "negative_climate":
        return _("%(code)s: the mean %(value)s in %(semester)s is %(threshold)s or more "
                 "(1 = no negativity).", **values)  # fmt: skip
    if flag.rule == "low_support":
        return _("%(code)s: the mean %(value)s in %(semester)s is below %(threshold)s.", **values)
    if flag.rule == "drop":
        values["change"] = f"{flag.value - (flag.previous_value or 0):+.2f}"
        return _("%(code)s fell from %(before)s in %(before_semester)s to %(value)s in "
                 "%(semester)s (%(change)s; flagged from a fall of %(threshold)s).",
                 **values)  # fmt: skip
    return _("%(code)s: %(value)s in %(semester)s and %(before)s in %(before_semester)s, both "
             "among the lowest %(share)s %% of departments observed with %(instrument)s (up to "
             "%(threshold)s in %(semester)s).", **values)  # fmt: skip


def rule_name(rule: str) -> str:
    """Return a rule's short name, for the counts and the table."""
    return {
        "negative_climate": _("Negative climate"),
        "low_support": _("Low emotional support"),
        "drop": _("Drop since last semester"),
        "bottom_decile": _("Among the lowest two semesters running"),
    }[rule]
