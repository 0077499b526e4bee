"""The demo organisation: pools, networks, kindergartens and departments (DESIGN.md §1)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from random import Random

from .names import department_names, kindergarten_names


@dataclass(frozen=True)
class PoolSeed:
    """One row of the seed table: a pool and its totals over departments."""

    number: int
    first_semester: str
    kindergartens: int
    departments: int
    children: int
    staff: int


# The seed table in DESIGN.md §1; pool 5 is announced but has no numbers.
BAERUM_POOLS = (
    PoolSeed(1, "2020H", 19, 82, 1181, 346),
    PoolSeed(2, "2021V", 19, 96, 1359, 398),
    PoolSeed(3, "2021H", 21, 101, 1346, 407),
    PoolSeed(4, "2022V", 27, 96, 1562, 416),
    PoolSeed(5, "2022H", 0, 0, 0, 0),
)

TODDLER_SHARE = 0.4
MIN_DEPARTMENTS, MAX_DEPARTMENTS = 2, 9
MAX_NETWORK_SIZE = 6  # networks are split as evenly as possible, giving 4–7 members


@dataclass
class NetworkPlan:
    id: int
    name: str
    pool: int
    mentor_id: int | None = None


@dataclass
class KindergartenPlan:
    id: int
    name: str
    pool: int
    network_id: int = 0


@dataclass
class DepartmentPlan:
    id: int
    kindergarten_id: int
    name: str
    age_group: str
    children: int = 0
    staff: int = 0


@dataclass
class Organisation:
    pools: tuple[PoolSeed, ...]
    networks: list[NetworkPlan] = field(default_factory=list)
    kindergartens: list[KindergartenPlan] = field(default_factory=list)
    departments: list[DepartmentPlan] = field(default_factory=list)

    def first_semester(self, pool: int) -> str:
        """Return the first semester of a pool."""
        return next(p.first_semester for p in self.pools if p.number == pool)


def national_pools(departments: int) -> tuple[PoolSeed, ...]:
    """Return pools 1–5 sharing about `departments` departments (no exact totals)."""
    share = departments // 5
    return tuple(
        PoolSeed(p.number, p.first_semester, max(1, round(share / 4.4)), share, 0, 0)
        for p in BAERUM_POOLS
    )


def build_organisation(rng: Random, pools: tuple[PoolSeed, ...]) -> Organisation:
    """Plan every pool's kindergartens, departments and networks."""
    org = Organisation(pools)
    total_kindergartens = sum(p.kindergartens for p in pools)
    names = iter(kindergarten_names(rng, total_kindergartens))
    for pool in pools:
        kindergartens = _add_kindergartens(org, pool, names)
        departments = _add_departments(rng, org, pool, kindergartens)
        _fill_counts(rng, pool, departments)
        _add_networks(rng, org, pool.number, kindergartens)
    return org


def _add_kindergartens(
    org: Organisation, pool: PoolSeed, names: Iterator[str]
) -> list[KindergartenPlan]:
    start = len(org.kindergartens) + 1
    added = [
        KindergartenPlan(start + i, next(names), pool.number) for i in range(pool.kindergartens)
    ]
    org.kindergartens += added
    return added


def _add_departments(
    rng: Random, org: Organisation, pool: PoolSeed, kindergartens: list[KindergartenPlan]
) -> list[DepartmentPlan]:
    added: list[DepartmentPlan] = []
    sizes = _split_departments(rng, pool.departments, len(kindergartens))
    for kindergarten, size in zip(kindergartens, sizes, strict=True):
        toddlers = _toddler_count(rng, size)
        for i, name in enumerate(department_names(rng, size)):
            age_group = "toddler" if i < toddlers else "preschool"
            added.append(
                DepartmentPlan(
                    len(org.departments) + len(added) + 1, kindergarten.id, name, age_group
                )
            )
    org.departments += added
    return added


def _split_departments(rng: Random, departments: int, kindergartens: int) -> list[int]:
    """Share departments out over kindergartens, each getting 2–9."""
    if kindergartens == 0:
        return []
    sizes = [MIN_DEPARTMENTS] * kindergartens
    remaining = departments - MIN_DEPARTMENTS * kindergartens
    while remaining > 0:
        index = rng.randrange(kindergartens)
        if sizes[index] < MAX_DEPARTMENTS:
            sizes[index] += 1
            remaining -= 1
    return sizes


def _toddler_count(rng: Random, size: int) -> int:
    # Random rounding keeps the expected share at exactly 40 %.
    count = int(size * TODDLER_SHARE + rng.random())
    return min(max(count, 1), size - 1) if size >= 2 else count


def _fill_counts(rng: Random, pool: PoolSeed, departments: list[DepartmentPlan]) -> None:
    """Give departments children and staff; the pool's sums match the seed when it has them."""
    child_weights = [_child_weight(rng, d.age_group) for d in departments]
    staff_weights = [
        w / (3 if d.age_group == "toddler" else 6) + rng.uniform(0.5, 1.5)
        for d, w in zip(departments, child_weights, strict=True)
    ]
    children = apportion(pool.children, child_weights) if pool.children else _rounded(child_weights)
    staff = apportion(pool.staff, staff_weights) if pool.staff else _rounded(staff_weights)
    for department, kids, adults in zip(departments, children, staff, strict=True):
        department.children, department.staff = kids, adults


def _child_weight(rng: Random, age_group: str) -> float:
    return rng.uniform(7, 11) if age_group == "toddler" else rng.uniform(14, 22)


def _rounded(weights: list[float]) -> list[int]:
    return [max(1, round(w)) for w in weights]


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split total in proportion to weights, largest remainders first, so the parts sum to total."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _add_networks(
    rng: Random, org: Organisation, pool: int, kindergartens: list[KindergartenPlan]
) -> None:
    if not kindergartens:
        return
    members = list(kindergartens)
    rng.shuffle(members)
    count = -(-len(members) // MAX_NETWORK_SIZE)
    for index in range(count):
        network = NetworkPlan(len(org.networks) + 1, f"Nettverk {pool}{_letters(index)}", pool)
        org.networks.append(network)
        for kindergarten in members[index::count]:
            kindergarten.network_id = network.id


def _letters(index: int) -> str:
    """Return A, B, … Z, AA, AB, … for network names."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def assign_mentors(org: Organisation, mentor_ids: list[int]) -> None:
    """Share the networks out over the mentors, several networks each."""
    for index, network in enumerate(org.networks):
        network.mentor_id = mentor_ids[index % len(mentor_ids)]


def organisation_rows(org: Organisation) -> dict[str, list[dict]]:
    """Return the rows to insert, keyed by table name."""
    return {
        "pool": [
            {"id": p.number, "number": p.number, "first_semester": p.first_semester}
            for p in org.pools
        ],
        "network": [
            {"id": n.id, "name": n.name, "pool_id": n.pool, "mentor_id": n.mentor_id}
            for n in org.networks
        ],
        "kindergarten": [
            {
                "id": k.id,
                "name": k.name,
                "pool_id": k.pool,
                "network_id": k.network_id,
                "owner_type": "municipal",
                "active": True,
            }
            for k in org.kindergartens
        ],
        "department": [
            {
                "id": d.id,
                "kindergarten_id": d.kindergarten_id,
                "name": d.name,
                "age_group": d.age_group,
                "children_count": d.children,
                "staff_count": d.staff,
                "active": True,
            }
            for d in org.departments
        ],
    }
