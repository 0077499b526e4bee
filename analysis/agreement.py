"""Observer agreement from double-coding (CLASS.md §3): exact %, within-one % and ICC(2,1).

A double-coding observation scores the same cycles as its primary (regular) observation. Each
(cycle, dimension) scored by both is one subject rated by two raters: the primary observer
and the double-coder. The SQL returns sums per group; ICC(2,1) (two-way random effects,
absolute agreement, single rater; Shrout & Fleiss 1979) follows from them exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select, union_all
from sqlalchemy.orm import Session

from analysis.queries import DONE_STATUSES, department_scope, normalize_filters
from analysis.schema import cycle, observation, score, user
from analysis.semesters import semester_index
from analysis.structure import structure_for

AGREEMENT_KEYS = ("dimension", "observer", "semester")
WITHIN_ONE_BAR = 0.80  # the certification bar: ≥ 80 % within one of the other rater


@dataclass(frozen=True)
class PairSums:
    """n paired ratings (a, b) summarised as sums, as SQL returns them."""

    n: int
    sum_a: float
    sum_b: float
    sum_aa: float
    sum_bb: float
    sum_ab: float


@dataclass(frozen=True)
class AgreementRow:
    group: dict[str, object]
    n_pairs: int  # double-coded observations
    n_scores: int  # paired (cycle, dimension) scores
    exact: float  # share of paired scores that are equal
    within_one: float  # share that differ by at most one
    icc: float | None  # ICC(2,1); None when it is undefined (n < 2 or no variance)
    flagged: bool  # an observer below the within-one bar


def icc_2_1(ratings: Sequence[Sequence[float]]) -> float | None:
    """Return ICC(2,1) of an n subjects × k raters matrix from the two-way ANOVA mean squares."""
    n, k = len(ratings), len(ratings[0]) if ratings else 0
    if n < 2 or k < 2:
        return None
    grand = sum(map(sum, ratings)) / (n * k)
    total = sum((x - grand) ** 2 for row in ratings for x in row)
    rows = k * sum((sum(row) / k - grand) ** 2 for row in ratings)
    columns = n * sum((sum(row[j] for row in ratings) / n - grand) ** 2 for j in range(k))
    return _icc(n, k, rows, columns, total - rows - columns)


def icc_from_sums(sums: PairSums) -> float | None:
    """Return ICC(2,1) for two raters from the sums of a, b, a², b² and ab."""
    n = sums.n
    if n < 2:
        return None
    correction = (sums.sum_a + sums.sum_b) ** 2 / (2 * n)
    total = sums.sum_aa + sums.sum_bb - correction
    rows = (sums.sum_aa + 2 * sums.sum_ab + sums.sum_bb) / 2 - correction
    columns = (sums.sum_a**2 + sums.sum_b**2) / n - correction
    return _icc(n, 2, rows, columns, total - rows - columns)


def _icc(n: int, k: int, ss_rows: float, ss_columns: float, ss_error: float) -> float | None:
    ms_rows = ss_rows / (n - 1)
    ms_columns = ss_columns / (k - 1)
    ms_error = max(0.0, ss_error) / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_columns - ms_error) / n
    # Equal ratings everywhere leave nothing to agree about: the ICC is undefined, not 1.
    if abs(denominator) < 1e-12:
        return None
    return (ms_rows - ms_error) / denominator


def exact_agreement(pairs: Sequence[tuple[int, int]]) -> float:
    """Return the share of pairs with equal scores."""
    return sum(a == b for a, b in pairs) / len(pairs)


def within_one_agreement(pairs: Sequence[tuple[int, int]]) -> float:
    """Return the share of pairs whose scores differ by at most one."""
    return sum(abs(a - b) <= 1 for a, b in pairs) / len(pairs)


def agreement(
    session: Session,
    *,
    by: Sequence[str] = ("dimension",),
    filters: Mapping[str, object] | None = None,
) -> list[AgreementRow]:
    """Return agreement per group of dimension, observer and/or semester (empty: overall)."""
    unknown = [key for key in by if key not in AGREEMENT_KEYS]
    if unknown or isinstance(by, str):
        raise ValueError(f"Agreement groups by {', '.join(AGREEMENT_KEYS)}, not {by!r}.")
    pairs = paired_scores(normalize_filters(filters), oriented="observer" in by).subquery()
    p = pairs.c
    keys = {"dimension": p.code, "observer": p.observer_id, "semester": p.semester}
    grouped = [keys[key].label(key) for key in AGREEMENT_KEYS if key in by]
    names = [user.c.name.label("observer_name")] if "observer" in by else []
    query = select(*grouped, *names, *_sums(p)).select_from(pairs)
    if "observer" in by:
        query = query.join(user, user.c.id == p.observer_id).group_by(user.c.name)
    query = query.group_by(*[keys[key] for key in AGREEMENT_KEYS if key in by])
    # Without pairs, an ungrouped query still returns one row: of zeros and NULLs.
    records = [r for r in session.execute(query).mappings() if r["n"]]
    rows = [_row(record, by) for record in records]
    return sorted(rows, key=lambda row: _order(row.group))


def paired_scores(scope: Mapping[str, tuple], oriented: bool = False):
    """SELECT one row per paired cycle score: (pair, semester, code, a, b).

    With `oriented` every pair appears twice, once from each observer's side: `a` is then
    that observer's score and `b` the other rater's.
    """
    first, second = observation.alias("primary"), observation.alias("second")
    c1, c2 = cycle.alias("c1"), cycle.alias("c2")
    s1, s2 = score.alias("s1"), score.alias("s2")
    joined = (
        second.join(first, first.c.id == second.c.primary_observation_id)
        .join(c2, c2.c.observation_id == second.c.id)
        .join(c1, and_(c1.c.observation_id == first.c.id, c1.c.number == c2.c.number))
        .join(s2, s2.c.cycle_id == c2.c.id)
        .join(s1, and_(s1.c.cycle_id == c1.c.id, s1.c.dimension_code == s2.c.dimension_code))
    )
    common = (second.c.id.label("pair_id"), second.c.semester, s1.c.dimension_code.label("code"))
    conditions = _pair_conditions(first, second, scope)
    sides = [(first.c.observer_id, s1.c.value, s2.c.value)]
    if oriented:
        sides.append((second.c.observer_id, s2.c.value, s1.c.value))
    selects = [
        select(observer.label("observer_id"), *common, a.label("a"), b.label("b"))
        .select_from(joined)
        .where(*conditions)
        for observer, a, b in sides
    ]
    return selects[0] if len(selects) == 1 else union_all(*selects)


def _pair_conditions(first, second, scope: Mapping[str, tuple]) -> list:
    conditions = [
        second.c.kind == "double_coding",
        second.c.status.in_(DONE_STATUSES),
        first.c.status.in_(DONE_STATUSES),
    ]
    if "semester" in scope:
        conditions.append(second.c.semester.in_(scope["semester"]))
    if "instrument" in scope:
        conditions.append(second.c.instrument_id.in_(scope["instrument"]))
    departments = department_scope(scope)
    if departments is not None:
        conditions.append(second.c.department_id.in_(departments))
    return conditions


def _sums(p) -> list:
    # Scores are integers, so these sums are exact; floats enter only in Python.
    return [
        func.count().label("n"),
        func.count(func.distinct(p.pair_id)).label("n_pairs"),
        func.sum(p.a).label("sum_a"),
        func.sum(p.b).label("sum_b"),
        func.sum(p.a * p.a).label("sum_aa"),
        func.sum(p.b * p.b).label("sum_bb"),
        func.sum(p.a * p.b).label("sum_ab"),
        func.sum(case((p.a == p.b, 1), else_=0)).label("n_exact"),
        func.sum(case((func.abs(p.a - p.b) <= 1, 1), else_=0)).label("n_within_one"),
    ]


def _row(record: Mapping, by: Sequence[str]) -> AgreementRow:
    n = int(record["n"])
    sums = PairSums(n, *(float(record[f"sum_{k}"]) for k in ("a", "b", "aa", "bb", "ab")))
    within = int(record["n_within_one"]) / n
    group = {key: record[key] for key in (*AGREEMENT_KEYS, "observer_name") if key in record}
    return AgreementRow(
        group=group,
        n_pairs=int(record["n_pairs"]),
        n_scores=n,
        exact=int(record["n_exact"]) / n,
        within_one=within,
        icc=icc_from_sums(sums),
        flagged="observer" in by and within < WITHIN_ONE_BAR,
    )


def _order(group: Mapping[str, object]) -> tuple:
    position = structure_for(None).code_position
    return (
        semester_index(str(group["semester"])) if "semester" in group else 0,
        str(group.get("observer_name", "")),
        position(str(group["dimension"])) if "dimension" in group else 0,
    )
