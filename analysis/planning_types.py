"""The semester-plan solver's input and output (DESIGN §3 Semester plan and Visit, §4.9).

Plain frozen values, so the app can build a problem from the database and store the result
without the solver knowing either. `analysis.planning` re-exports them with `assign`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MAX_DOUBLE_CODING_SHARE = 0.30


@dataclass(frozen=True)
class PlanDepartment:
    """A department to visit once this semester."""

    id: int
    kindergarten_id: int
    network_id: int | None
    family: str  # "toddler" | "preschool" (the department's age group)
    recent_observer_ids: tuple[int, ...] = ()  # regular observers of its last two semesters


@dataclass(frozen=True)
class PlanObserver:
    """An active observer who may be given visits."""

    id: int
    home_kindergarten_id: int | None
    network_id: int | None  # the network of their home kindergarten
    # (family, certified_on, expires_on); valid on d when certified_on <= d < expires_on
    certifications: tuple[tuple[str, date, date], ...]
    busy_days: frozenset[date] = frozenset()  # days they already have a (kept) visit


@dataclass(frozen=True)
class PlanProblem:
    """Everything the solver needs: who, whom, when, and how much double-coding."""

    departments: tuple[PlanDepartment, ...]
    observers: tuple[PlanObserver, ...]  # only active observers are passed in
    first_day: date
    last_day: date  # inclusive; only weekdays Mon–Fri are planned
    double_coding_share: float = 0.10  # 0.0–0.30
    double_coded_this_year: frozenset[int] = frozenset()  # observer ids already double-coded
    seed: int = 0  # deterministic output for a given problem+seed

    def __post_init__(self) -> None:
        if not 0.0 <= self.double_coding_share <= MAX_DOUBLE_CODING_SHARE:
            raise ValueError(
                f"The double-coding share is between 0 and {MAX_DOUBLE_CODING_SHARE}, "
                f"not {self.double_coding_share!r}."
            )
        if self.first_day > self.last_day:
            raise ValueError(
                f"The window's first day {self.first_day} is after its last day {self.last_day}."
            )


@dataclass(frozen=True)
class PlannedVisit:
    """One planned observation; a double_coding visit shares its department and day with the
    department's regular visit."""

    department_id: int
    observer_id: int
    planned_on: date
    kind: str  # "regular" | "double_coding"


@dataclass(frozen=True)
class Unmet:
    """A rule the plan could not meet, with the values a human message needs."""

    department_id: int | None
    # "no_eligible_observer", "no_free_day", "double_coding_short",
    # "soft_recent_observer", "soft_same_network"
    rule: str
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PlanResult:
    """The visits, what could not be met, and figures to judge the plan by."""

    visits: tuple[PlannedVisit, ...]
    unmet: tuple[Unmet, ...]
    observers_used: int
    # Visits (regular + double-coding) per observer, over every observer eligible for at
    # least one department (unused eligible observers count as 0).
    load_min: int
    load_mean: float
    load_max: int
    soft_met_share: float  # share of regular visits meeting both soft preferences (0..1)
