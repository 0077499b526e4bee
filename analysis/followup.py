"""Follow-up flags (DESIGN §5): departments whose latest results call for extra follow-up.

A department is judged on its latest observed semester: the as-of semester, or the one
before when it has not been observed yet in the as-of semester. It is flagged by any of the
four rules (the codes are `analysis.schema.FLAG_RULES`), each with a threshold setting:

- `negative_climate`: the Negative Climate mean, raw (1 = no negativity), is at least
  FOLLOW_UP_NEGATIVE_CLIMATE_FROM (default 3.0);
- `low_support`: the emotional/behavioural support domain mean (ES for Pre-K, EBS for
  Toddler) is below FOLLOW_UP_SUPPORT_BELOW (default 2.5, the low band under `nearest`);
- `drop`: a domain mean is FOLLOW_UP_DROP (default 1.0) or more below the same department's
  mean in the semester before (paired: only departments observed in both);
- `bottom_decile`: a domain mean is in the bottom FOLLOW_UP_BOTTOM_SHARE (default 0.10) of
  the same instrument's departments, in the department's semester and in the one before.
  The share is taken over every department observed with that instrument in that semester,
  not only the viewer's: a department is in it when the departments with its mean or lower
  are at most that share of all (CUME_DIST, so tied means are in or out together, and fewer
  than 1 / share departments leave it empty). Its threshold is the highest mean inside it.

Domain means count Negative Climate as 8 − NC; thresholds are compared with a tiny
tolerance so that a mean of exactly 2.5 is never "below 2.5" through float noise.

Severity, for the ranking (rank 1 = most severe):
1. the most severe rule the department hits, in the order of FLAG_RULES above
   (negative_climate, low_support, drop, bottom_decile);
2. then the number of different rules it hits (more first);
3. then how far past its threshold the worst flag of that most severe rule is (the raw NC
   mean above its threshold, the support mean below its threshold, the fall beyond the drop
   limit, the mean below the bottom share's highest mean);
4. then kindergarten and department name, so the order is stable.

Everything is computed in SQL (window functions work on SQLite and PostgreSQL alike); Python
only groups the flagged rows by department and ranks them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from analysis.followup_sql import climate_query, domain_query
from analysis.instruments import Instrument
from analysis.queries import normalize_filters, observed_semesters
from analysis.schema import FLAG_RULES
from analysis.semesters import parse_semester
from analysis.structure import structure_for

Rule = Literal["negative_climate", "low_support", "drop", "bottom_decile"]
# The settings (app/config.py reads them from the environment) and their Thresholds field.
SETTINGS = {
    "FOLLOW_UP_SUPPORT_BELOW": "support_below",
    "FOLLOW_UP_NEGATIVE_CLIMATE_FROM": "negative_climate_from",
    "FOLLOW_UP_DROP": "drop",
    "FOLLOW_UP_BOTTOM_SHARE": "bottom_share",
}


@dataclass(frozen=True)
class Thresholds:
    """The four rules' thresholds; the defaults are DESIGN §5's."""

    support_below: float = 2.5
    negative_climate_from: float = 3.0
    drop: float = 1.0
    bottom_share: float = 0.10

    def __post_init__(self) -> None:
        for name in ("support_below", "negative_climate_from"):
            if not 1 <= getattr(self, name) <= 7:
                raise ValueError(f"The follow-up threshold {name} must lie in 1–7.")
        if not 0 < self.drop <= 6:
            raise ValueError("The follow-up drop must lie above 0 and at most 6.")
        if not 0 < self.bottom_share < 1:
            raise ValueError("The follow-up bottom share must lie between 0 and 1.")

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> Thresholds:
        """Read the FOLLOW_UP_* settings (a Flask config, say); missing ones keep the default."""
        given = {key: float(settings[name]) for name, key in SETTINGS.items()  # type: ignore[arg-type]
                 if settings.get(name) is not None}  # fmt: skip
        return cls(**given)

    def of(self, rule: str) -> float:
        """Return the threshold of a rule (bottom_decile: the share)."""
        return {"negative_climate": self.negative_climate_from, "low_support": self.support_below,
                "drop": self.drop, "bottom_decile": self.bottom_share}[rule]  # fmt: skip


@dataclass(frozen=True)
class Flag:
    rule: Rule
    code: str  # a domain code, or the Negative Climate dimension code
    semester: str
    value: float  # the mean as shown: raw for Negative Climate
    threshold: float  # negative_climate/low_support: the limit; drop: the fall limit;
    # bottom_decile: the highest mean inside the bottom share that semester
    previous_semester: str | None = None  # drop and bottom_decile
    previous_value: float | None = None

    @property
    def past_threshold(self) -> float:
        """How far past its threshold the flag is (0 = just at it; larger is worse)."""
        if self.rule == "negative_climate":
            return self.value - self.threshold
        if self.rule == "drop":
            return (self.previous_value or 0.0) - self.value - self.threshold
        return self.threshold - self.value

    @property
    def reason(self) -> str:
        """Return the reason in plain English (the app shows a translated version)."""
        value, limit = f"{self.value:.2f}", f"{self.threshold:.2f}"
        if self.rule == "negative_climate":
            return f"{self.code} mean {value} in {self.semester} is {limit} or more"
        if self.rule == "low_support":
            return f"{self.code} mean {value} in {self.semester} is below {limit}"
        if self.rule == "drop":
            return (
                f"{self.code} fell from {self.previous_value:.2f} in {self.previous_semester} "
                f"to {value} in {self.semester} ({self.value - (self.previous_value or 0):+.2f})"
            )
        return (
            f"{self.code} in the bottom of its instrument's departments both in "
            f"{self.previous_semester} ({self.previous_value:.2f}) and in {self.semester} "
            f"({value}; the bottom reaches up to {limit})"
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
    instrument_id: str
    semester: str  # the department's latest observed semester
    flags: list[Flag] = field(default_factory=list)
    rank: int = 0  # 1 = most severe

    @property
    def rules(self) -> list[str]:
        """The rules hit, most severe first."""
        return [rule for rule in FLAG_RULES if any(f.rule == rule for f in self.flags)]

    @property
    def worst_rule(self) -> str:
        return self.rules[0]


def follow_up(
    session: Session,
    *,
    as_of: str | None = None,
    filters: Mapping[str, object] | None = None,
    instruments: Mapping[str, Instrument] | None = None,
    thresholds: Thresholds | None = None,
) -> list[FollowUpItem]:
    """Return the flagged departments inside `filters`, ranked, each with every reason, as
    of a semester (default: the latest observed inside the filters)."""
    thresholds = thresholds or Thresholds()
    scope = normalize_filters(filters)
    scope.pop("semester", None)
    as_of = as_of or as_of_semester(session, scope)
    if as_of is None:
        return []
    end = parse_semester(as_of).index
    structure = structure_for(instruments)
    _sort_in_memory(session)
    items: dict[int, FollowUpItem] = {}
    for row in session.execute(domain_query(scope, end, thresholds)).mappings():
        item = items.setdefault(row["department_id"], _item(row))
        item.flags.extend(_domain_flags(row, thresholds))
    for row in session.execute(climate_query(structure, scope, end, thresholds)).mappings():
        item = items.setdefault(row["department_id"], _item(row))
        item.flags.append(_flag(row, "negative_climate", thresholds.negative_climate_from))
    for item in items.values():
        item.flags.sort(key=lambda flag: (FLAG_RULES.index(flag.rule), flag.code))
    return ranked(items.values())


def _sort_in_memory(session: Session) -> None:
    """Let PostgreSQL sort the national window rows (160,000 × two sorts, 10 MB each) in
    memory: with the default 4 MB work_mem both spill to disk. For this transaction only."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config('work_mem', '64MB', true)"))


def ranked(items: Iterable[FollowUpItem]) -> list[FollowUpItem]:
    """Return the items ordered by severity (see the module docstring), with their rank."""
    ordered = sorted(items, key=severity)
    return [replace(item, rank=position) for position, item in enumerate(ordered, start=1)]


def severity(item: FollowUpItem) -> tuple:
    """Sort key: smaller is more severe."""
    worst = item.worst_rule
    margin = max(f.past_threshold for f in item.flags if f.rule == worst)
    return (FLAG_RULES.index(worst), -len(item.rules), -margin, item.kindergarten,
            item.department, item.department_id)  # fmt: skip


def as_of_semester(session: Session, filters: Mapping[str, object] | None) -> str | None:
    """Return the semester the list is judged as of by default: the latest observed one
    inside the filters (None when nothing is observed)."""
    scope = normalize_filters(filters)
    scope.pop("semester", None)
    semesters = observed_semesters(session, scope)
    return semesters[-1] if semesters else None


def _item(row: Mapping) -> FollowUpItem:
    keys = ("department_id", "department", "kindergarten_id", "kindergarten", "network_id",
            "network", "pool", "instrument_id", "semester")  # fmt: skip
    return FollowUpItem(**{key: row[key] for key in keys})


def _flag(row: Mapping, rule: str, threshold: float, previous: bool = False) -> Flag:
    return Flag(
        rule,  # type: ignore[arg-type]
        row["code"],
        row["semester"],
        float(row["value"]),
        float(threshold),
        row["previous_semester"] if previous else None,
        float(row["previous_value"]) if previous else None,
    )


def _domain_flags(row: Mapping, t: Thresholds) -> list[Flag]:
    flags = []
    if row["low_support"]:
        flags.append(_flag(row, "low_support", t.support_below))
    if row["drop"]:
        flags.append(_flag(row, "drop", t.drop, previous=True))
    if row["bottom_decile"]:
        flags.append(_flag(row, "bottom_decile", row["cutoff"], previous=True))
    return flags
