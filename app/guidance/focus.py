"""The month's dimension: a kindergarten's own plan for the month, else the programme default.

One owner for "which dimension does this kindergarten work on in this month": the plan page,
the home pages, the narrative form and the meetings all ask here.
"""

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.school_year import month_of, parse_month, school_year_months

from ..i18n import current_language
from ..instruments import all_instruments, licensed_text
from ..models import DimensionPlanDefault, DimensionPlanMonth


@dataclass(frozen=True)
class MonthDimension:
    month: str
    code: str | None  # None: July, or no plan and no programme default
    own: bool  # the kindergarten's own choice, not the programme default


def year_plan(session: Session, kindergarten_id: int, school_year: int) -> list[MonthDimension]:
    """Return the eleven months of a kindergarten's school year with their dimensions."""
    months = school_year_months(school_year)
    own = dict(
        session.execute(
            select(DimensionPlanMonth.month, DimensionPlanMonth.dimension_code).where(
                DimensionPlanMonth.kindergarten_id == kindergarten_id,
                DimensionPlanMonth.month.in_(months),
            )
        ).all()
    )
    default = programme_default(session)
    return [
        MonthDimension(month, own.get(month) or default.get(parse_month(month)[1]), month in own)
        for month in months
    ]


def programme_default(session: Session) -> dict[int, str]:
    """Return the programme default: month number (1–12, no July) → dimension code."""
    rows = session.execute(
        select(DimensionPlanDefault.month_number, DimensionPlanDefault.dimension_code)
    )
    return dict(rows.all())


def dimensions_for(session: Session, kindergarten_ids: list[int], month: str) -> dict[int, str]:
    """Return the month's dimension of many kindergartens at once (two queries, for lists)."""
    own = dict(
        session.execute(
            select(DimensionPlanMonth.kindergarten_id, DimensionPlanMonth.dimension_code).where(
                DimensionPlanMonth.kindergarten_id.in_(kindergarten_ids),
                DimensionPlanMonth.month == month,
            )
        ).all()
    )
    default = programme_default(session).get(parse_month(month)[1])
    chosen = {
        kindergarten_id: own.get(kindergarten_id) or default for kindergarten_id in kindergarten_ids
    }
    return {kindergarten_id: code for kindergarten_id, code in chosen.items() if code}


def dimension_for(session: Session, kindergarten_id: int, month: str) -> str | None:
    """Return the dimension a kindergarten works on in a month (None in July or without a plan)."""
    own = session.scalar(
        select(DimensionPlanMonth.dimension_code).where(
            DimensionPlanMonth.kindergarten_id == kindergarten_id, DimensionPlanMonth.month == month
        )
    )
    if own:
        return own
    return programme_default(session).get(parse_month(month)[1])


@dataclass(frozen=True)
class Focus:
    """This month's dimension as a home page shows it."""

    month: str
    code: str
    name: str
    description: str
    licensed: str | None  # the licensed pack's text for the dimension, when a pack is present


def month_focus(session: Session, kindergarten_id: int | None, today: date) -> Focus | None:
    """Return the dimension a kindergarten works on this month, named in the user's language."""
    if kindergarten_id is None:
        return None
    month = month_of(today)
    code = dimension_for(session, kindergarten_id, month)
    found = find_dimension(code) if code else None
    if found is None:
        return None
    instrument, dimension = found
    lang = current_language()
    texts = (licensed_text(instrument) or {}).get(code)
    licensed = texts.range_text("high", lang) if texts else None
    return Focus(month, code, dimension.labels.get(lang), dimension.description.get(lang), licensed)


def find_dimension(code: str):
    """Return (instrument, dimension) for a dimension code, from the first instrument that has it
    (Pre-K before Toddler: the shared codes have the same names)."""
    for instrument in sorted(all_instruments().values(), key=lambda i: i.id):
        for dimension in instrument.dimensions:
            if dimension.code == code:
                return instrument, dimension
    return None


def dimension_choices() -> list[tuple[str, str]]:
    """Return every dimension code of the current instruments with its name, for a select."""
    lang = current_language()
    seen: dict[str, str] = {}
    for instrument in sorted(all_instruments().values(), key=lambda i: i.id):
        for dimension in instrument.dimensions:
            seen.setdefault(dimension.code, dimension.labels.get(lang))
    return list(seen.items())


def dimension_name(code: str | None) -> str:
    """Return a dimension's name in the user's language (the code itself when unknown)."""
    found = find_dimension(code) if code else None
    return found[1].labels.get(current_language()) if found else (code or "–")


def month_label(month: str, with_year: bool = True) -> str:
    """Return a month ("2026-09") as the user's language writes it: "september 2026"."""
    year, number = parse_month(month)
    pattern = "LLLL yyyy" if with_year else "LLLL"
    return format_date(date(year, number, 1), pattern, locale=current_language())
