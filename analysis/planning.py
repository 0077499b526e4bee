"""The semester plan: who visits which department on which day (DESIGN §3, §4.9).

`assign` solves a `PlanProblem` in three min-cost flows (OR-Tools), each in its own module:

1. `planning_regular`: an observer for every department's regular visit, from another
   kindergarten and certified for its family, with the busiest observer's load as low as it
   can be and the soft preferences (not a recent observer, another network) as costs;
2. `planning_days`: a distinct free weekday for each of an observer's visits, on which their
   certificate is valid, spread over the window;
3. `planning_double`: a double-coder for round(share × regular visits) of them, same day,
   same hard rules, spread over as many regular observers as possible.

What could not be met comes back as `Unmet`, one per department and rule.
"""

from __future__ import annotations

import random
from collections import Counter

from analysis.planning_calendar import Availability, availability, eligible_observers
from analysis.planning_days import assign_days
from analysis.planning_double import RegularVisit, assign_double_coding, wanted_double_codings
from analysis.planning_regular import assign_regular, soft_misses, unmet_for
from analysis.planning_types import (
    PlanDepartment,
    PlannedVisit,
    PlanObserver,
    PlanProblem,
    PlanResult,
    Unmet,
)

__all__ = [
    "PlanDepartment",
    "PlanObserver",
    "PlanProblem",
    "PlanResult",
    "PlannedVisit",
    "Unmet",
    "assign",
]


def assign(problem: PlanProblem) -> PlanResult:
    """Plan the semester's visits; the same problem and seed always give the same plan."""
    rng = random.Random(problem.seed)
    available = availability(problem)
    placed = assign_regular(problem, available, rng)
    day_of = assign_days(problem, available, placed.observer_of, rng)
    unmet = placed.unmet + [
        unmet_for(problem.departments[d], "no_free_day")
        for d in placed.observer_of
        if d not in day_of
    ]
    regular = [RegularVisit(d, placed.observer_of[d], day) for d, day in sorted(day_of.items())]
    eligible = eligible_observers(problem, available)
    coders = assign_double_coding(problem, available, regular, len(eligible), rng)
    unmet += soft_unmet(problem, regular) + double_coding_unmet(problem, regular, coders)
    visits = planned_visits(problem, available, regular, coders)
    return summarise(problem, visits, unmet, eligible)


def planned_visits(
    problem: PlanProblem,
    available: Availability,
    regular: list[RegularVisit],
    coders: dict[RegularVisit, int],
) -> tuple[PlannedVisit, ...]:
    """Return the visits with ids and dates, ordered by department, regular first."""
    visits = []
    for visit in regular:
        department_id = problem.departments[visit.department].id
        day = available.days[visit.day]
        observer = problem.observers[visit.observer]
        visits.append(PlannedVisit(department_id, observer.id, day, "regular"))
        if visit in coders:
            coder = problem.observers[coders[visit]]
            visits.append(PlannedVisit(department_id, coder.id, day, "double_coding"))
    return tuple(sorted(visits, key=lambda v: (v.department_id, v.kind != "regular")))


def soft_unmet(problem: PlanProblem, regular: list[RegularVisit]) -> list[Unmet]:
    """Return an Unmet for each soft preference a regular visit misses."""
    unmet = []
    for visit in regular:
        department = problem.departments[visit.department]
        observer = problem.observers[visit.observer]
        for rule in soft_misses(department, observer):
            details = {"observer_id": observer.id, "network_id": department.network_id}
            unmet.append(Unmet(department.id, rule, details))
    return unmet


def double_coding_unmet(
    problem: PlanProblem, regular: list[RegularVisit], coders: dict[RegularVisit, int]
) -> list[Unmet]:
    """Return a "double_coding_short" Unmet when fewer visits got a double-coder than asked."""
    wanted = wanted_double_codings(problem.double_coding_share, len(regular))
    if len(coders) >= wanted:
        return []
    return [Unmet(None, "double_coding_short", {"wanted": wanted, "planned": len(coders)})]


def summarise(
    problem: PlanProblem,
    visits: tuple[PlannedVisit, ...],
    unmet: list[Unmet],
    eligible: list[int],
) -> PlanResult:
    """Return the result with its load and soft-preference figures."""
    loads = Counter(visit.observer_id for visit in visits)
    eligible_loads = [loads[problem.observers[o].id] for o in eligible] or [0]
    regular = [visit for visit in visits if visit.kind == "regular"]
    soft_missed = {u.department_id for u in unmet if u.rule.startswith("soft_")}
    met = sum(1 for visit in regular if visit.department_id not in soft_missed)
    ordered = sorted(unmet, key=lambda u: (u.department_id is None, u.department_id or 0, u.rule))
    return PlanResult(
        visits=visits,
        unmet=tuple(ordered),
        observers_used=len(loads),
        load_min=min(eligible_loads),
        load_mean=sum(eligible_loads) / len(eligible_loads),
        load_max=max(eligible_loads),
        soft_met_share=met / len(regular) if regular else 1.0,
    )
