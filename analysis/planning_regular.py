"""Step 1 of the plan: which observer takes each department's regular visit (DESIGN §4.9).

A min-cost flow: department → (observer, family) → observer → sink. The (observer, family)
arc carries as many visits as the observer has free certified days for that family and the
observer arc as many as they have free days at all, so every flow can be given distinct days
afterwards (with two families these counts are exactly Hall's condition). Each observer's
arcs to the sink cost more with every visit (balance), and far more past a load cap: the
lowest load every department could be spread to, passed only when a department cannot be
placed otherwise (keeping the busiest observer's load down).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass

from analysis.planning_calendar import Availability, HomeCounts
from analysis.planning_flow import JITTER, SOFT_COST, FlowNetwork, add_load_arcs
from analysis.planning_types import PlanDepartment, PlanObserver, PlanProblem, Unmet

# A pool this small is offered whole, which keeps small plans (and the tests) exact. A larger
# one offers each department a random sample, so that 25,000 departments × 20,000 observers
# becomes a graph of a few hundred thousand arcs.
WHOLE_POOL_LIMIT = 64
CANDIDATES = 12
DRAWS = 4 * CANDIDATES
# A department the sample left out is offered this many observers who still have room. The
# whole pool here would be missing departments × every observer arcs: at national scale with a
# long window that graph took 13 GB, so the second offer is a larger sample, not everyone.
SECOND_OFFER = 64


def soft_misses(department: PlanDepartment, observer: PlanObserver) -> tuple[str, ...]:
    """Return the soft preferences an observer would miss at this department."""
    misses = []
    if observer.id in department.recent_observer_ids:
        misses.append("soft_recent_observer")
    if department.network_id is not None and observer.network_id == department.network_id:
        misses.append("soft_same_network")
    return tuple(misses)


def soft_cost(department: PlanDepartment, observer: PlanObserver, rng: random.Random) -> int:
    """Return the cost of a pairing: its soft misses, plus a seeded tie-breaker."""
    return SOFT_COST * len(soft_misses(department, observer)) + rng.randrange(JITTER)


def candidates(
    problem: PlanProblem,
    available: Availability,
    position: int,
    rng: random.Random,
    pool: list[int] | None = None,
    wanted: int = CANDIDATES,
) -> list[int]:
    """Return the observers offered to a department: from another kindergarten, with a free
    certified day for its family (or from `pool`); for a large pool a sample, the
    best-fitting first."""
    department = problem.departments[position]
    if pool is None:
        pool = available.pools.get(department.family, [])
    sampled = len(pool) > max(WHOLE_POOL_LIMIT, wanted)
    drawn = rng.sample(pool, 4 * wanted) if sampled and len(pool) > 4 * wanted else pool
    kindergarten = department.kindergarten_id
    offered = [o for o in drawn if problem.observers[o].home_kindergarten_id != kindergarten]
    if not sampled:
        return offered
    offered.sort(key=lambda o: len(soft_misses(department, problem.observers[o])))
    return offered[:wanted]


@dataclass
class RegularAssignment:
    """Department positions mapped to observer positions, and what could not be placed."""

    observer_of: dict[int, int]
    unmet: list[Unmet]


def assign_regular(
    problem: PlanProblem, available: Availability, rng: random.Random
) -> RegularAssignment:
    """Choose every department's regular observer, or say why there is none."""
    unmet, to_plan = screen(problem, available)
    offers = {d: candidates(problem, available, d, rng) for d in to_plan}
    load_cap = lowest_load_cap(problem, to_plan, offers)
    observer_of = solve(problem, available, offers, load_cap, rng)
    missing = [d for d in to_plan if d not in observer_of]
    if missing:  # a sample may have missed the observers with room left: offer those
        roomy = observers_with_room(problem, available, observer_of)
        for d in missing:
            family = problem.departments[d].family
            offers[d] += candidates(problem, available, d, rng, roomy[family], SECOND_OFFER)
        observer_of = solve(problem, available, offers, load_cap, rng)
        missing = [d for d in to_plan if d not in observer_of]
    unmet += [unmet_for(problem.departments[d], "no_free_day") for d in missing]
    return RegularAssignment(observer_of, unmet)


def observers_with_room(
    problem: PlanProblem, available: Availability, observer_of: dict[int, int]
) -> dict[str, list[int]]:
    """Return, per family, the observers with a free certified day left after a placement."""
    load = Counter(observer_of.values())
    return {
        family: [o for o in pool if load[o] < available.free[o][family].bit_count()]
        for family, pool in available.pools.items()
    }


def screen(problem: PlanProblem, available: Availability) -> tuple[list[Unmet], list[int]]:
    """Split the departments into those nobody can visit (with why) and those to plan."""
    certified, free = HomeCounts(problem, available.certified), HomeCounts(problem, available.free)
    unmet, to_plan = [], []
    for position, department in enumerate(problem.departments):
        if not certified.any_outside(department):
            unmet.append(unmet_for(department, "no_eligible_observer"))
        elif not free.any_outside(department):
            unmet.append(unmet_for(department, "no_free_day"))
        else:
            to_plan.append(position)
    return unmet, to_plan


def unmet_for(department: PlanDepartment, rule: str) -> Unmet:
    """Return an Unmet naming the department, its family and its kindergarten."""
    details = {"family": department.family, "kindergarten_id": department.kindergarten_id}
    return Unmet(department.id, rule, details)


def lowest_load_cap(problem: PlanProblem, to_plan: list[int], offers: dict[int, list[int]]) -> int:
    """Return a lower bound on the busiest observer's load: all departments, and each
    family's, spread evenly over the observers offered to them."""
    departments, observers = Counter(), {}
    for d in to_plan:
        family = problem.departments[d].family
        departments[family] += 1
        observers.setdefault(family, set()).update(offers[d])
    everyone = set().union(*observers.values())
    bounds = [math.ceil(n / max(len(observers[f]), 1)) for f, n in departments.items()]
    return max([math.ceil(len(to_plan) / max(len(everyone), 1)), *bounds])


def solve(
    problem: PlanProblem,
    available: Availability,
    offers: dict[int, list[int]],
    load_cap: int,
    rng: random.Random,
) -> dict[int, int]:
    """Return the cheapest placement of as many departments as can be placed."""
    network = FlowNetwork()
    sink = network.node()
    choices = add_choices(network, problem, offers, rng)
    pairs = {(o, problem.departments[d].family) for d, offered in offers.items() for o in offered}
    for o, family in sorted(pairs):
        network.arc(
            network.node_for(("family", o, family)),
            network.node_for(("observer", o)),
            available.free[o][family].bit_count(),
        )
    for o in sorted({o for o, _ in pairs}):
        room = available.free_days(o).bit_count()
        add_load_arcs(network, network.node_for(("observer", o)), sink, 0, load_cap, room)
    network.supply(sink, -len(offers))
    flows = network.max_flow_min_cost()
    return {d: o for arc, d, o in choices if flows[arc]}


def add_choices(
    network: FlowNetwork,
    problem: PlanProblem,
    offers: dict[int, list[int]],
    rng: random.Random,
) -> list[tuple[int, int, int]]:
    """Add a node per department and an arc to each offered (observer, family); return the
    arcs as (arc, department, observer)."""
    choices = []
    for d, offered in offers.items():
        department = problem.departments[d]
        node = network.node()
        network.supply(node, 1)
        for o in offered:
            head = network.node_for(("family", o, department.family))
            cost = soft_cost(department, problem.observers[o], rng)
            choices.append((network.arc(node, head, 1, cost), d, o))
    return choices
