"""Step 2 of the plan: a day for every regular visit (DESIGN §4.9).

A min-cost flow: (observer, family) with its visits → (observer, day) for each free day the
certificate covers (capacity 1: one visit a day) → day → sink. A day's arcs to the sink cost
more with every visit on it, so visits spread over the window; that leaves observers free on
each other's visit days, which double-coding needs.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from analysis.planning_calendar import Availability, day_indexes
from analysis.planning_flow import JITTER, FlowNetwork
from analysis.planning_types import PlanProblem

DAY_STEP = JITTER  # one more visit on a day outweighs any tie-breaker


def assign_days(
    problem: PlanProblem,
    available: Availability,
    observer_of: dict[int, int],
    rng: random.Random,
) -> dict[int, int]:
    """Return a day (its index in the window) for each placed department; a department left
    out had no day (which step 1's capacities rule out)."""
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for d, o in sorted(observer_of.items()):
        groups[(o, problem.departments[d].family)].append(d)
    network = FlowNetwork()
    sink = network.node()
    first_day_node = network.nodes(len(available.days))
    add_day_spread(network, first_day_node, sink, len(available.days), len(observer_of))
    picks = add_day_choices(network, available, groups, first_day_node, rng)
    network.supply(sink, -len(observer_of))
    flows = network.max_flow_min_cost()
    days_of: dict[tuple[int, str], list[int]] = defaultdict(list)
    for arc, group, day in picks:
        if flows[arc]:
            days_of[group].append(day)
    return {
        d: day
        for group, departments in groups.items()
        for d, day in zip(departments, days_of[group], strict=False)
    }


def add_day_choices(
    network: FlowNetwork,
    available: Availability,
    groups: dict[tuple[int, str], list[int]],
    first_day_node: int,
    rng: random.Random,
) -> list[tuple[int, tuple[int, str], int]]:
    """Add each group's arcs to its observer's free certified days; return them as
    (arc, group, day)."""
    days = len(available.days)
    observers = sorted({o for o, _ in groups})
    # An (observer, day) node numbered by arithmetic: a dictionary of a million tuple keys
    # would cost more memory than the whole flow.
    first_observer_day = network.nodes(len(observers) * days)
    rank = {o: position for position, o in enumerate(observers)}
    for o in observers:
        for day in day_indexes(available.free_days(o)):
            observer_day = first_observer_day + rank[o] * days + day
            network.arc(observer_day, first_day_node + day, 1, rng.randrange(JITTER))
    picks = []
    for group, departments in groups.items():
        o, family = group
        node = network.node()
        network.supply(node, len(departments))
        for day in day_indexes(available.free[o][family]):
            observer_day = first_observer_day + rank[o] * days + day
            picks.append((network.arc(node, observer_day, 1), group, day))
    return picks


def add_day_spread(
    network: FlowNetwork, first_day_node: int, sink: int, days: int, visits: int
) -> None:
    """Let each day take any number of visits, each one more costly than the last."""
    even_share = math.ceil(visits / max(days, 1))
    for day in range(days):
        node = first_day_node + day
        for step in range(2 * even_share):
            network.arc(node, sink, 1, DAY_STEP * step)
        network.arc(node, sink, visits, DAY_STEP * 2 * even_share)
