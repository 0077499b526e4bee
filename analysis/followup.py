"""Follow-up flags for mentors: departments whose latest results call for extra follow-up.

A department is flagged when, in its latest observed semester,
- a domain mean is in the low band ("low_domain");
- a domain mean fell by 1.0 or more since the semester before ("drop");
- a dimension was in the low band in that semester and the one before ("low_twice").
Bands are judged on the higher-is-better scale, so Negative Climate counts as 8 − NC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Float, and_, cast, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from analysis.instruments import Instrument
from analysis.queries import (
    dimension_values,
    normalize_filters,
    observed_semesters,
    semester_index,
    with_organisation,
)
from analysis.schema import department, kindergarten, network, pool
from analysis.semesters import Semester, parse_semester
from analysis.structure import EPSILON, Structure, structure_for

FlagKind = Literal["low_domain", "drop", "low_twice"]
DROP_LIMIT = 1.0
# A department not observed in the as-of semester is judged on the semester before, if any.
LOOK_BACK = 1


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    level: Literal["dimension", "domain"]
    code: str
    semester: str
    value: float  # as shown: raw for Negative Climate
    previous_semester: str | None = None
    previous_value: float | None = None

    @property
    def reason(self) -> str:
        """Return the reason in plain English (the app shows a translated version)."""
        if self.kind == "low_domain":
            return f"{self.code} mean {self.value:.2f} in {self.semester} is in the low band"
        change = self.value - (self.previous_value or 0.0)
        if self.kind == "drop":
            return (
                f"{self.code} fell from {self.previous_value:.2f} to {self.value:.2f} "
                f"({change:+.2f}) since {self.previous_semester}"
            )
        return (
            f"{self.code} in the low band in {self.previous_semester} "
            f"({self.previous_value:.2f}) and {self.semester} ({self.value:.2f})"
        )


@dataclass(frozen=True)
class FollowUpItem:
    department_id: int
    department: str
    kindergarten_id: int
    kindergarten: str
    network_id: int | None
    network: str | None
    pool: int
    semester: str  # the department's latest observed semester
    flags: list[Flag] = field(default_factory=list)


def follow_up(
    session: Session,
    *,
    as_of: str | None = None,
    filters: Mapping[str, object] | None = None,
    instruments: Mapping[str, Instrument] | None = None,
) -> list[FollowUpItem]:
    """Return the flagged departments, each with every reason, as of a semester (default latest)."""
    scope = normalize_filters(filters)
    scope.pop("semester", None)
    as_of = as_of or _latest(session, scope)
    if as_of is None:
        return []
    end = parse_semester(as_of).index
    scope["semester"] = tuple(str(Semester.from_index(i)) for i in range(end - 2, end + 1))
    rows = session.execute(_flag_query(structure_for(instruments), scope, end)).mappings()
    items: dict[int, FollowUpItem] = {}
    for row in rows:
        item = items.setdefault(row["department_id"], _item(row))
        item.flags.extend(_flags(row))
    return sorted(items.values(), key=_item_order)


def _item_order(item: FollowUpItem) -> tuple:
    return (item.pool, item.network or "", item.kindergarten, item.department)


def _latest(session: Session, scope: Mapping[str, tuple]) -> str | None:
    semesters = observed_semesters(session, scope)
    return semesters[-1] if semesters else None


def _values(structure: Structure, scope: Mapping[str, tuple]):
    """Department values of both levels, each with its higher-is-better twin."""
    dimensions = dimension_values(scope)
    domains = dimension_values(scope, level="domain")
    d, m = dimensions.c, domains.c
    good = structure.goodness(d.instrument_id, d.code, d.value)
    return union_all(
        select(d.department_id, d.instrument_id, d.semester, _level("dimension"), d.code,
               cast(d.value, Float).label("value"), cast(good, Float).label("good")),
        select(m.department_id, m.instrument_id, m.semester, _level("domain"), m.code,
               cast(m.value, Float).label("value"), cast(m.value, Float).label("good")),
    ).cte("department_values")  # fmt: skip


def _level(name: str):
    # Inlined, not bound: PostgreSQL cannot type a bare parameter inside UNION ALL.
    return literal_column(f"'{name}'").label("level")


def _flag_query(structure: Structure, scope: Mapping[str, tuple], end: int):
    values = _values(structure, scope)
    v = values.c
    latest = (
        select(v.department_id, func.max(semester_index(v.semester)).label("index"))
        .where(semester_index(v.semester) >= end - LOOK_BACK)
        .group_by(v.department_id)
        .subquery("latest")
    )
    now = values.alias("now")
    before = values.alias("before")
    n, b = now.c, before.c
    low_now = structure.band_of_mean(n.instrument_id, n.good, "low") == 1
    low_before = structure.band_of_mean(b.instrument_id, b.good, "low") == 1
    dropped = b.good - n.good >= DROP_LIMIT - EPSILON
    is_domain = n.level == "domain"
    flagged = now.join(
        latest,
        and_(
            latest.c.department_id == n.department_id,
            semester_index(n.semester) == latest.c.index,
        ),
    ).outerjoin(
        before,
        and_(
            b.department_id == n.department_id,
            b.level == n.level,
            b.code == n.code,
            semester_index(b.semester) == latest.c.index - 1,
        ),
    )
    return (
        select(
            n.department_id,
            department.c.name.label("department"),
            kindergarten.c.id.label("kindergarten_id"),
            kindergarten.c.name.label("kindergarten"),
            network.c.id.label("network_id"),
            network.c.name.label("network"),
            pool.c.number.label("pool"),
            n.semester,
            n.level,
            n.code,
            n.value,
            b.semester.label("previous_semester"),
            b.value.label("previous_value"),
            and_(is_domain, low_now).label("low_domain"),
            and_(is_domain, dropped).label("drop"),
            and_(~is_domain, low_now, low_before).label("low_twice"),
        )  # fmt: skip
        .select_from(with_organisation(flagged, n.department_id))
        .where(or_(and_(is_domain, or_(low_now, dropped)), and_(~is_domain, low_now, low_before)))
    )


def _item(row: Mapping) -> FollowUpItem:
    keys = ("department_id", "department", "kindergarten_id", "kindergarten", "network_id")
    return FollowUpItem(
        **{key: row[key] for key in keys},
        network=row["network"],
        pool=row["pool"],
        semester=row["semester"],
    )


def _flags(row: Mapping) -> list[Flag]:
    flags = []
    for kind in ("low_domain", "drop", "low_twice"):
        if row[kind]:
            previous = kind != "low_domain"
            flags.append(
                Flag(
                    kind,  # type: ignore[arg-type]
                    row["level"],
                    row["code"],
                    row["semester"],
                    float(row["value"]),
                    row["previous_semester"] if previous else None,
                    float(row["previous_value"]) if previous else None,
                )
            )
    return flags
