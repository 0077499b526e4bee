"""An independent recomputation of the programme figures from tidy score rows, in plain Python.

It shares no code with analysis/aggregate.py: it reads raw rows (from SQL written here, or from
the export's `scores` sheet), and applies DESIGN.md §5 directly. Tests compare the app's
figures against it.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import text

from analysis.instruments import load_instruments

INSTRUMENTS = load_instruments()
REVERSE = {(i.id, d.code) for i in INSTRUMENTS.values() for d in i.dimensions if d.reverse}
DOMAINS = {
    (i.id, d.code): domain.code
    for i in INSTRUMENTS.values()
    for domain in i.domains
    for d in domain.dimensions
}
DOMAIN_SIZE = {(i.id, domain.code): len(domain.dimensions) for i in INSTRUMENTS.values()
               for domain in i.domains}  # fmt: skip
TIDY_SQL = """
    SELECT o.id AS observation_id, o.semester, p.number AS pool, n.id AS network_id,
           n.name AS network, k.id AS kindergarten_id, k.name AS kindergarten,
           d.id AS department_id, d.name AS department, d.age_group, o.instrument_id, o.kind,
           c.number AS cycle, s.dimension_code AS dimension, s.value AS score
    FROM score s
    JOIN cycle c ON c.id = s.cycle_id
    JOIN observation o ON o.id = c.observation_id
    JOIN department d ON d.id = o.department_id
    JOIN kindergarten k ON k.id = d.kindergarten_id
    JOIN pool p ON p.id = k.pool_id
    LEFT JOIN network n ON n.id = k.network_id
    WHERE o.status IN ('submitted', 'released')
"""


def tidy_rows(session) -> list[dict]:
    """Every done observation's scores, one dict per cycle × dimension (raw SQL)."""
    return [dict(row) for row in session.execute(text(TIDY_SQL)).mappings()]


def band(mean: float) -> str:
    """The 'nearest' rule of both instruments: below 2.5 low, below 5.5 middle."""
    mean = round(mean, 9)
    return "low" if mean < 2.5 else "mid" if mean < 5.5 else "high"


def score_band(value: int) -> str:
    return "low" if value <= 2 else "mid" if value <= 5 else "high"


@dataclass
class Value:
    """One regular observation's value for one code, with its cycle scores."""

    row: dict  # the observation's facts (semester, pool, network, …)
    code: str
    value: float
    cycle_scores: list[float]  # goodness-scale for domains (NC as 8 − x)


def observation_values(rows: Iterable[dict], level: str) -> list[Value]:
    """Per regular observation: dimension means, or domain means with NC as 8 − NC."""
    scores: dict = defaultdict(lambda: defaultdict(list))
    facts: dict = {}
    for row in rows:
        if row["kind"] != "regular":
            continue
        key = str(row["observation_id"])
        facts[key] = row
        scores[key][row["dimension"]].append(row["score"])
    values = []
    for key, by_code in scores.items():
        row = facts[key]
        means = {code: statistics.fmean(v) for code, v in by_code.items()}
        if level == "dimension":
            values += [Value(row, c, m, [float(x) for x in by_code[c]]) for c, m in means.items()]
        else:
            values += _domains(row, means, by_code)
    return values


def _domains(row: dict, means: Mapping[str, float], by_code: Mapping[str, list]) -> list[Value]:
    instrument = row["instrument_id"]
    grouped: dict = defaultdict(dict)
    for code, mean in means.items():
        reverse = (instrument, code) in REVERSE
        cycles = [8.0 - x if reverse else float(x) for x in by_code[code]]
        grouped[DOMAINS[(instrument, code)]][code] = (8.0 - mean if reverse else mean, cycles)
    result = []
    for domain, items in grouped.items():
        if len(items) == DOMAIN_SIZE[(instrument, domain)]:
            value = statistics.fmean(v for v, _ in items.values())
            cycles = [x for _, c in items.values() for x in c]
            result.append(Value(row, domain, value, cycles))
    return result


@dataclass
class Expected:
    n_departments: int
    n_observations: int
    mean: float
    sd: float | None
    shares: dict[str, float]
    cycle_shares: dict[str, float]


def group_figures(values: Iterable[Value], key: Callable[[dict], tuple]) -> dict[tuple, Expected]:
    """Group figures keyed by (key(row), code): each department counts once."""
    per_department: dict = defaultdict(lambda: defaultdict(list))
    cycles: dict = defaultdict(list)
    for v in values:
        group = (key(v.row), v.code)
        per_department[group][v.row["department_id"]].append(v.value)
        cycles[group] += v.cycle_scores
    result = {}
    for group, departments in per_department.items():
        means = [statistics.fmean(v) for v in departments.values()]
        bands = [band(m) for m in means]
        cycle_bands = [score_band(round(x)) for x in cycles[group]]
        result[group] = Expected(
            n_departments=len(means),
            n_observations=sum(len(v) for v in departments.values()),
            mean=statistics.fmean(means),
            sd=statistics.stdev(means) if len(means) > 1 else None,
            shares={b: bands.count(b) / len(bands) for b in ("low", "mid", "high")},
            cycle_shares={
                b: cycle_bands.count(b) / len(cycle_bands) for b in ("low", "mid", "high")
            },
        )
    return result
