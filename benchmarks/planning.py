"""The semester plan for the national set (DESIGN.md §9: at most 60 s and 1 GB).

A synthetic national problem is built in memory (25,000 departments in about 6,700
kindergartens, about 3 observers a kindergarten, networks of 4–7 kindergartens, a 12-week
window) and solved by `analysis.planning.assign`. Then the national demo set's next semester
is planned end to end with `flask plan assign` (read, solve, write every visit).

python -m benchmarks.planning [--departments N] [--seed N] [--no-database]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta

from analysis.planning import (
    PlanDepartment,
    PlanObserver,
    PlanProblem,
    PlanResult,
    assign,
)

TARGET_SECONDS = 60.0
TARGET_MB = 1024
FIRST_DAY = date(2025, 9, 1)  # a Monday
LAST_DAY = FIRST_DAY + timedelta(weeks=12, days=-3)  # the Friday of the twelfth week
OBSERVERS_PER_KINDERGARTEN = (2, 3, 4)
TODDLER_SHARE = 0.4


def synthetic_problem(departments: int, seed: int) -> PlanProblem:
    """Return a deterministic national-scale planning problem of about `departments`."""
    rng = random.Random(seed)
    kindergartens = kindergarten_sizes(departments, rng)
    network_of = networks(len(kindergartens), rng)
    observers = staff_observers(network_of, rng)
    plan_departments = []
    for k, size in enumerate(kindergartens):
        for _ in range(size):
            family = "toddler" if rng.random() < TODDLER_SHARE else "preschool"
            recent = tuple(rng.choice(observers).id for _ in range(2))
            plan_departments.append(
                PlanDepartment(len(plan_departments), k, network_of[k], family, recent)
            )
    return PlanProblem(
        departments=tuple(plan_departments),
        observers=observers,
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        double_coding_share=0.10,
        double_coded_this_year=frozenset(o.id for o in observers if rng.random() < 0.3),
        seed=seed,
    )


def kindergarten_sizes(departments: int, rng: random.Random) -> list[int]:
    """Return the number of departments of each kindergarten (3 or 4), adding to the total."""
    sizes: list[int] = []
    while sum(sizes) < departments:
        sizes.append(min(rng.choice((3, 4)), departments - sum(sizes)))
    return sizes


def networks(kindergartens: int, rng: random.Random) -> list[int]:
    """Return each kindergarten's network: consecutive runs of 4–7 kindergartens."""
    network_of: list[int] = []
    while len(network_of) < kindergartens:
        network_of += [len(set(network_of))] * rng.randint(4, 7)
    return network_of[:kindergartens]


def staff_observers(network_of: list[int], rng: random.Random) -> tuple[PlanObserver, ...]:
    """Return 2–4 observers for each kindergarten."""
    observers: list[PlanObserver] = []
    for kindergarten, network in enumerate(network_of):
        for _ in range(rng.choice(OBSERVERS_PER_KINDERGARTEN)):
            observers.append(observer(len(observers), kindergarten, network, rng))
    return tuple(observers)


def observer(number: int, kindergarten: int, network: int, rng: random.Random) -> PlanObserver:
    """Return an observer with one or two certifications: most valid all window, some
    expired before it, some running out or starting within it, some days already taken."""
    families = rng.choices([("preschool",), ("toddler",), ("toddler", "preschool")], [5, 2, 3])[0]
    certifications = tuple(certification(family, rng) for family in families)
    busy = frozenset(
        FIRST_DAY + timedelta(days=rng.randrange(84)) for _ in range(rng.choice((0, 0, 0, 1, 3)))
    )
    return PlanObserver(10_000 + number, kindergarten, network, certifications, busy)


def certification(family: str, rng: random.Random) -> tuple[str, date, date]:
    """Return a certification: 85 % valid all window, 5 % each expired, ending or starting."""
    standing = rng.choices(["valid", "expired", "ending", "starting"], [85, 5, 5, 5])[0]
    if standing == "expired":
        certified_on = FIRST_DAY - timedelta(days=365 + rng.randrange(1, 200))
    elif standing == "ending":
        certified_on = FIRST_DAY - timedelta(days=365 - rng.randrange(10, 70))
    elif standing == "starting":
        certified_on = FIRST_DAY + timedelta(days=rng.randrange(10, 70))
    else:
        certified_on = FIRST_DAY - timedelta(days=rng.randrange(0, 280))
    return family, certified_on, certified_on + timedelta(days=365)


def report(problem: PlanProblem, result: PlanResult, seconds: float, peak_mb: float) -> bool:
    """Print the figures and return whether the targets were met."""
    regular = sum(1 for visit in result.visits if visit.kind == "regular")
    by_rule = Counter(u.rule for u in result.unmet)
    fast, small = seconds <= TARGET_SECONDS, peak_mb <= TARGET_MB
    print(
        f"  {len(problem.departments)} departments, {len(problem.observers)} observers: "
        f"{seconds:.1f} s {'✓' if fast else '✗'} (target ≤ {TARGET_SECONDS:.0f} s), "
        f"peak RSS {peak_mb:.0f} MB {'✓' if small else '✗'} (target ≤ {TARGET_MB} MB)\n"
        f"  visits {len(result.visits)} ({regular} regular, "
        f"{len(result.visits) - regular} double-coding), observers used {result.observers_used}, "
        f"load min/mean/max {result.load_min}/{result.load_mean:.2f}/{result.load_max}, "
        f"soft preferences met {result.soft_met_share:.1%}\n"
        f"  {double_coding_spread(problem, result)}\n"
        f"  unmet: {dict(sorted(by_rule.items())) or 'none'}",
        flush=True,
    )
    return fast and small


def double_coding_spread(problem: PlanProblem, result: PlanResult) -> str:
    """Describe whose regular visits were double-coded: distinct observers, and how many of
    them had not been double-coded this school year."""
    regular_observer = {
        v.department_id: v.observer_id for v in result.visits if v.kind == "regular"
    }
    coded = [regular_observer[v.department_id] for v in result.visits if v.kind != "regular"]
    new = set(coded) - problem.double_coded_this_year
    return (
        f"double-coded regular observers: {len(set(coded))} distinct of {len(coded)} visits, "
        f"{len(new)} not yet double-coded this school year"
    )


def plan_national_database(departments: int) -> bool:
    """Plan the next semester of the national demo set (instance/bench/, built once by the
    aggregates benchmark) with `flask plan assign`, in a child process so that its peak memory
    is its own: reading the roster, the solver and writing every visit, end to end."""
    from benchmarks._analysis_data import sqlite_national

    url = sqlite_national(departments)
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "plan", "assign"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--semester", "2027V"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nNational demo set ({departments} departments), flask plan assign --semester 2027V:")
    print("  " + "\n  ".join((done.stdout + done.stderr).strip().splitlines()[-8:]))
    met = done.returncode == 0 and seconds <= TARGET_SECONDS and peak_mb <= TARGET_MB
    mark = "OK  " if met else "MISS"
    print(f"  {mark} {seconds:.1f} s end to end, peak RSS {peak_mb:.0f} MB"
          f"   (targets <= {TARGET_SECONDS:.0f} s, <= {TARGET_MB} MB)")  # fmt: skip
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.planning")
    parser.add_argument("--departments", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-database", action="store_true", help="the synthetic problem only")
    args, _ = parser.parse_known_args(argv)
    started = time.perf_counter()
    problem = synthetic_problem(args.departments, args.seed)
    print(f"Synthetic problem built in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    result = assign(problem)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    met = report(problem, result, seconds, peak_mb)
    if not args.no_database:
        met = plan_national_database(args.departments) and met
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
