"""Which weekdays of the window each observer can take, per instrument family.

A set of days is an int bitmask over the window's weekdays (bit i = the i-th weekday): at
national scale that is 20,000 observers × 60 days, and masks keep intersections and counts
(`int.bit_count`) cheap without a dependency.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.planning_types import PlanDepartment, PlanObserver, PlanProblem

SATURDAY = 5


def window_weekdays(first_day: date, last_day: date) -> tuple[date, ...]:
    """Return the Monday–Friday dates from first_day to last_day inclusive."""
    count = (last_day - first_day).days + 1
    days = (first_day + timedelta(days=offset) for offset in range(max(count, 0)))
    return tuple(day for day in days if day.weekday() < SATURDAY)


def day_indexes(mask: int) -> list[int]:
    """Return the indexes of the set bits of a day mask, lowest first."""
    indexes = []
    while mask:
        lowest = mask & -mask
        indexes.append(lowest.bit_length() - 1)
        mask ^= lowest
    return indexes


def certified_days(observer: PlanObserver, family: str, days: tuple[date, ...]) -> int:
    """Return the mask of window days on which the observer holds a valid `family` certificate."""
    mask = 0
    for held, certified_on, expires_on in observer.certifications:
        if held == family:
            start, end = bisect_left(days, certified_on), bisect_left(days, expires_on)
            mask |= (1 << end) - (1 << start) if end > start else 0
    return mask


@dataclass(frozen=True)
class Availability:
    """Per observer (by position in the problem) and family: certified days and free days."""

    days: tuple[date, ...]
    certified: tuple[dict[str, int], ...]  # certified days, busy or not
    free: tuple[dict[str, int], ...]  # certified days without a kept visit
    # family -> positions of observers with at least one free day for it, ascending
    pools: dict[str, tuple[int, ...]]

    def free_days(self, observer: int) -> int:
        """Return the mask of days the observer is free and certified for some family."""
        mask = 0
        for family_mask in self.free[observer].values():
            mask |= family_mask
        return mask


def availability(problem: PlanProblem) -> Availability:
    """Return every observer's certified and free days for the departments' families."""
    days = window_weekdays(problem.first_day, problem.last_day)
    position = {day: index for index, day in enumerate(days)}
    families = sorted({department.family for department in problem.departments})
    certified, free = [], []
    pools: dict[str, list[int]] = {family: [] for family in families}
    for index, observer in enumerate(problem.observers):
        busy = sum(1 << position[day] for day in observer.busy_days if day in position)
        by_family = {family: certified_days(observer, family, days) for family in families}
        certified.append(by_family)
        free.append({family: mask & ~busy for family, mask in by_family.items()})
        for family, mask in free[-1].items():
            if mask:
                pools[family].append(index)
    pools_fixed = {family: tuple(members) for family, members in pools.items()}
    return Availability(days, tuple(certified), tuple(free), pools_fixed)


class HomeCounts:
    """How many observers of a family have days, counted per home kindergarten, so "anyone
    outside this kindergarten?" is answered without scanning every observer."""

    def __init__(self, problem: PlanProblem, masks: tuple[dict[str, int], ...]) -> None:
        self.total: Counter[str] = Counter()
        self.at_home: dict[str, Counter[int | None]] = defaultdict(Counter)
        for observer, by_family in zip(problem.observers, masks, strict=True):
            for family, mask in by_family.items():
                if mask:
                    self.total[family] += 1
                    self.at_home[family][observer.home_kindergarten_id] += 1

    def any_outside(self, department: PlanDepartment) -> bool:
        """Tell whether an observer from another kindergarten has days for its family."""
        at_home = self.at_home[department.family][department.kindergarten_id]
        return self.total[department.family] > at_home


def eligible_observers(problem: PlanProblem, available: Availability) -> list[int]:
    """Return the positions of observers free for at least one department outside their home."""
    kindergartens: dict[str, set[int]] = defaultdict(set)
    for department in problem.departments:
        kindergartens[department.family].add(department.kindergarten_id)
    eligible = []
    for index, observer in enumerate(problem.observers):
        for family, mask in available.free[index].items():
            if mask and kindergartens[family] - {observer.home_kindergarten_id}:
                eligible.append(index)
                break
    return eligible
