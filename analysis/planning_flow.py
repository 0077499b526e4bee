"""A min-cost flow network built arc by arc and solved by OR-Tools in one call.

Arcs are gathered in typed arrays and handed over as numpy arrays: adding a million arcs one
Python call at a time would cost more than solving, and lists of Python ints three times the
memory (measured by benchmarks/planning.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

# Costs of the plan, in one currency. Balance outranks the jitter that breaks ties by seed; a
# soft preference outranks a little imbalance (up to two visits of spread) but never a visit
# beyond the load cap, which is taken only when a visit cannot be placed otherwise.
JITTER = 100
LOAD_STEP = 400
SOFT_COST = 1000
OVER_CAP_COST = 100 * SOFT_COST
# Visits beyond the cap get an arc each, ever dearer, for this many; the rest share one arc.
OVER_CAP_STEPS = 3


class FlowNetwork:
    """Nodes are numbered as they are made; arcs are remembered by their position."""

    def __init__(self) -> None:
        self.node_count = 0
        self.tails = array("i")
        self.heads = array("i")
        self.capacities = array("q")
        self.costs = array("q")
        self.supplies: dict[int, int] = {}
        self.named: dict[Hashable, int] = {}

    def node(self) -> int:
        """Make a node and return its number."""
        self.node_count += 1
        return self.node_count - 1

    def nodes(self, count: int) -> int:
        """Make `count` consecutive nodes and return the first one's number."""
        self.node_count += count
        return self.node_count - count

    def node_for(self, key: Hashable) -> int:
        """Return the node standing for `key`, made on first use."""
        if key not in self.named:
            self.named[key] = self.node()
        return self.named[key]

    def arc(self, tail: int, head: int, capacity: int, cost: int = 0) -> int:
        """Add an arc and return its position."""
        self.tails.append(tail)
        self.heads.append(head)
        self.capacities.append(capacity)
        self.costs.append(cost)
        return len(self.tails) - 1

    def supply(self, node: int, amount: int) -> None:
        """Add supply (positive) or demand (negative) at a node."""
        self.supplies[node] = self.supplies.get(node, 0) + amount

    def max_flow_min_cost(self) -> np.ndarray:
        """Return the flow on every arc of a maximum flow of least cost.

        Unlike a plain min-cost flow this never fails for want of capacity: what cannot be
        routed stays at its source, and the callers report it as unmet.
        """
        if not self.tails:
            return np.zeros(0, dtype=np.int64)
        solver = SimpleMinCostFlow()
        arcs = solver.add_arcs_with_capacity_and_unit_cost(
            np.frombuffer(self.tails, dtype=np.int32),
            np.frombuffer(self.heads, dtype=np.int32),
            np.frombuffer(self.capacities, dtype=np.int64),
            np.frombuffer(self.costs, dtype=np.int64),
        )
        nodes = np.fromiter(self.supplies.keys(), dtype=np.int32, count=len(self.supplies))
        amounts = np.fromiter(self.supplies.values(), dtype=np.int64, count=len(self.supplies))
        solver.set_nodes_supplies(nodes, amounts)
        status = solver.solve_max_flow_with_min_cost()
        if status != solver.OPTIMAL:
            raise RuntimeError(f"The min-cost flow solver stopped with status {status}.")
        return np.asarray(solver.flows(np.asarray(arcs, dtype=np.int32)), dtype=np.int64)


def load_cost(visits_before: int, load_cap: int) -> int:
    """Return the cost of an observer's next visit: growing with their load, and steeply
    once past the cap (a convex cost, so the flow evens loads out)."""
    over = max(visits_before - load_cap + 1, 0)
    return LOAD_STEP * visits_before + OVER_CAP_COST * over


def add_load_arcs(
    network: FlowNetwork, node: int, sink: int, load: int, load_cap: int, room: int
) -> None:
    """Let an observer with `load` visits take up to `room` more, each costing `load_cost`."""
    single = min(room, max(load_cap - load, 0) + OVER_CAP_STEPS)
    for step in range(single):
        network.arc(node, sink, 1, load_cost(load + step, load_cap))
    if room > single:
        network.arc(node, sink, room - single, load_cost(load + single, load_cap))
