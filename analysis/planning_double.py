"""Step 3 of the plan: double-coders for a share of the regular visits (DESIGN §4.9).

A min-cost flow: source → regular observer → their visit → (candidate double-coder, the
visit's day) → double-coder → sink, carrying round(share × regular visits) units. Each
regular observer's first unit is cheap, and cheaper still when they have not been
double-coded this school year, so the share spreads over as many observers as it can. The
(double-coder, day) node keeps one visit a day; the double-coder's arcs to the sink cost more
with their total load, and far more past an even spread of all visits.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass

from analysis.planning_calendar import Availability
from analysis.planning_flow import SOFT_COST, FlowNetwork, add_load_arcs
from analysis.planning_regular import CANDIDATES, DRAWS, WHOLE_POOL_LIMIT, soft_cost, soft_misses
from analysis.planning_types import PlanProblem

ALREADY_DOUBLE_CODED = 4 * SOFT_COST  # outweighs a soft miss and some imbalance of coders
REPEAT_DOUBLE_CODED = 8 * SOFT_COST  # a second one for the same observer only when needed


@dataclass(frozen=True)
class RegularVisit:
    """A placed regular visit, by positions in the problem and the window."""

    department: int
    observer: int
    day: int


def wanted_double_codings(share: float, regular_visits: int) -> int:
    """Return share × regular visits, rounded half up."""
    # Rounded to 9 places first, so that 0.1 × 45 is 4.5 (and becomes 5) however the
    # binary fractions fall.
    return math.floor(round(share * regular_visits, 9) + 0.5)


def assign_double_coding(
    problem: PlanProblem,
    available: Availability,
    regular: list[RegularVisit],
    eligible: int,
    rng: random.Random,
) -> dict[RegularVisit, int]:
    """Return a double-coder (observer position) for as many regular visits as the share asks."""
    wanted = wanted_double_codings(problem.double_coding_share, len(regular))
    if not wanted:
        return {}
    loads = Counter(visit.observer for visit in regular)
    busy = regular_days(regular)
    offers = {visit: coders_offered(problem, available, visit, busy, rng) for visit in regular}
    load_cap = max(max(loads.values()), math.ceil((len(regular) + wanted) / max(eligible, 1)))
    return solve(problem, offers, loads, wanted, load_cap, rng)


def coders_offered(
    problem: PlanProblem,
    available: Availability,
    visit: RegularVisit,
    busy: dict[int, int],
    rng: random.Random,
) -> list[int]:
    """Return the observers who could double-code a visit: certified for its family that day,
    free that day, from another kindergarten, not its regular observer."""
    department = problem.departments[visit.department]
    pool = available.pools.get(department.family, ())
    sampled = len(pool) > WHOLE_POOL_LIMIT
    drawn = rng.sample(pool, DRAWS) if sampled else pool
    day_bit = 1 << visit.day
    offered = [
        o
        for o in drawn
        if o != visit.observer
        and available.free[o][department.family] & day_bit
        and not busy.get(o, 0) & day_bit
        and problem.observers[o].home_kindergarten_id != department.kindergarten_id
    ]
    if not sampled:
        return offered
    offered.sort(key=lambda o: len(soft_misses(department, problem.observers[o])))
    return offered[:CANDIDATES]


def regular_days(regular: list[RegularVisit]) -> dict[int, int]:
    """Return each observer's mask of regular-visit days."""
    busy: dict[int, int] = {}
    for visit in regular:
        busy[visit.observer] = busy.get(visit.observer, 0) | 1 << visit.day
    return busy


def solve(
    problem: PlanProblem,
    offers: dict[RegularVisit, list[int]],
    loads: Counter[int],
    wanted: int,
    load_cap: int,
    rng: random.Random,
) -> dict[RegularVisit, int]:
    """Return the cheapest choice of up to `wanted` (visit, double-coder) pairs."""
    network = FlowNetwork()
    source, sink = network.node(), network.node()
    network.supply(source, wanted)
    network.supply(sink, -wanted)
    add_regular_observers(network, problem, source, loads)
    choices = []
    for visit, offered in offers.items():
        node = network.node()
        network.arc(network.node_for(("regular", visit.observer)), node, 1)
        department = problem.departments[visit.department]
        for o in offered:
            coder_day = network.node_for(("coder_day", o, visit.day))
            cost = soft_cost(department, problem.observers[o], rng)
            choices.append((network.arc(node, coder_day, 1, cost), visit, o))
    days_offered = Counter()
    for key in [key for key in network.named if key[0] == "coder_day"]:
        network.arc(network.named[key], network.node_for(("coder", key[1])), 1)
        days_offered[key[1]] += 1
    for o in sorted(days_offered):
        node = network.node_for(("coder", o))
        add_load_arcs(network, node, sink, loads[o], load_cap, days_offered[o])
    flows = network.max_flow_min_cost()
    return {visit: o for arc, visit, o in choices if flows[arc]}


def add_regular_observers(
    network: FlowNetwork, problem: PlanProblem, source: int, loads: Counter[int]
) -> None:
    """Add each regular observer's arcs from the source: the first double-coded visit cheap
    (cheaper if not double-coded this school year), any further one dear."""
    for o in sorted(loads):
        node = network.node_for(("regular", o))
        first = (
            ALREADY_DOUBLE_CODED if problem.observers[o].id in problem.double_coded_this_year else 0
        )
        network.arc(source, node, 1, first)
        if loads[o] > 1:
            network.arc(source, node, loads[o] - 1, REPEAT_DOUBLE_CODED)
