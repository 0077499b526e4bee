"""Observer agreement from double-coding (DESIGN §5, CLASS.md §3): exact %, within-one % and
ICC(2,1).

A double-coding observation scores the same cycles as its primary (regular) observation. Each
(cycle, dimension) scored by both is one subject rated by two raters: the primary observer
and the double-coder. The SQL returns sums per group and dimension; ICC(2,1) (two-way random
effects, absolute agreement, single rater; Shrout & Fleiss 1979) follows from them exactly.

ICC is computed per dimension only. A group above the dimension (overall, a semester, an
observer) gets the MEDIAN of its per-dimension ICCs: one ICC pooled over dimensions would
count the differences between the dimensions' levels as agreement and so inflate it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import and_, case, func, select, union_all
from sqlalchemy.orm import Session

from analysis.queries import DONE_STATUSES, department_scope, normalize_filters
from analysis.schema import cycle, observation, score, user
from analysis.semesters import semester_index
from analysis.structure import structure_for

AGREEMENT_KEYS = ("dimension", "observer", "semester")
BAR = Fraction(4, 5)  # the certification bar: ≥ 80 % within one of the other rater
WITHIN_ONE_BAR = float(BAR)
MIN_VISITS = 3  # fewer double-coded visits than this are too few to judge an observer by
OK, RECALIBRATE, TOO_FEW = "ok", "recalibrate", "too_few"


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
    icc: float | None  # ICC(2,1) of a dimension, else the median over dimensions; None: undefined
    flagged: bool  # an observer to recalibrate (status RECALIBRATE)
    status: str | None = None  # observers only: OK, RECALIBRATE or TOO_FEW


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


def median_icc(iccs: Iterable[float | None]) -> float | None:
    """Return the median of the per-dimension ICCs that are defined (None when none is)."""
    defined = [value for value in iccs if value is not None]
    return statistics.median(defined) if defined else None


def observer_status(n_visits: int, n_scores: int, n_within_one: int) -> str:
    """Judge an observer: too few double-coded visits, below the within-one bar, or OK."""
    if n_visits < MIN_VISITS:
        return TOO_FEW
    return RECALIBRATE if Fraction(n_within_one, max(1, n_scores)) < BAR else OK


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
    """Return agreement per group of dimension, observer and/or semester (empty: overall).

    An observer's status judges the pairs inside `filters` (the page narrows them to the last
    two semesters first; see analysis/agreement_observers.py).
    """
    unknown = [key for key in by if key not in AGREEMENT_KEYS]
    if unknown or isinstance(by, str):
        raise ValueError(f"Agreement groups by {', '.join(AGREEMENT_KEYS)}, not {by!r}.")
    keys = [key for key in AGREEMENT_KEYS if key in by]
    scope = normalize_filters(filters)
    per_dimension = keys if "dimension" in keys else [*keys, "dimension"]
    records = session.execute(grouped_sums(scope, per_dimension)).mappings().all()
    if "dimension" in by:
        rows = [_row(record, keys, int(record["n_pairs"])) for record in records]
    else:
        counts = {_key(r, keys): int(r["n_pairs"]) for r in _pair_counts(session, scope, keys)}
        rows = [_fold(group, counts[key], keys) for key, group in _by_group(records, keys)]
    return sorted(rows, key=lambda row: _order(row.group))


def grouped_sums(
    scope: Mapping[str, tuple], keys: Sequence[str], observers: Sequence[int] | None = None
):
    """SELECT the sums of the pairs per group of `keys` (with the observer's name), of only
    the `observers` given."""
    pairs = paired_scores(scope, oriented="observer" in keys).subquery()
    p = pairs.c
    columns = {"dimension": p.code, "observer": p.observer_id, "semester": p.semester}
    grouped = [columns[key] for key in keys]
    labelled = [columns[key].label(key) for key in keys]
    names = [user.c.name.label("observer_name")] if "observer" in keys else []
    query = select(*labelled, *names, *_sums(p)).select_from(pairs)
    if observers is not None:
        query = query.where(p.observer_id.in_(observers))
    if "observer" in keys:
        query = query.join(user, user.c.id == p.observer_id).group_by(user.c.name)
    return query.group_by(*grouped)


def _pair_counts(session: Session, scope: Mapping[str, tuple], keys: Sequence[str]):
    """Count the double-coded observations per group: a pair spans every dimension."""
    pairs = paired_scores(scope, oriented="observer" in keys).subquery()
    p = pairs.c
    columns = {"observer": p.observer_id, "semester": p.semester}
    grouped = [columns[key] for key in keys]
    query = select(*[columns[key].label(key) for key in keys],
                   func.count(func.distinct(p.pair_id)).label("n_pairs"))  # fmt: skip
    return session.execute(query.select_from(pairs).group_by(*grouped)).mappings()


def paired_scores(scope: Mapping[str, tuple], oriented: bool = False):
    """SELECT one row per paired cycle score: (pair, semester, code, a, b).

    With `oriented` every pair appears twice, once from each observer's side: `a` is then
    that observer's score and `b` the partner's, so an observer's ICC uses the two raters
    (this observer, the partner).
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
    conditions = pair_conditions(first, second, scope)
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


def pair_conditions(first, second, scope: Mapping[str, tuple]) -> list:
    """WHERE of a done double-coding (`second`) of a done primary (`first`) inside `scope`."""
    conditions = [
        second.c.kind == "double_coding",
        second.c.status.in_(DONE_STATUSES),
        first.c.status.in_(DONE_STATUSES),
    ]
    conditions.append(second.c.semester.in_(scope.get("semester", _double_coded_semesters())))
    if "instrument" in scope:
        conditions.append(second.c.instrument_id.in_(scope["instrument"]))
    departments = department_scope(scope)
    if departments is not None:
        conditions.append(second.c.department_id.in_(departments))
    return conditions


def _double_coded_semesters():
    """SELECT the semesters holding a double-coding.

    As a filter it changes nothing, but it lets SQLite (which keeps no statistics here) start
    from the index on (semester, kind) instead of scanning every score of every semester.
    """
    return (
        select(observation.c.semester)
        .where(observation.c.kind == "double_coding")
        .distinct()
        .scalar_subquery()
    )


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


def record_icc(record: Mapping) -> float | None:
    """Return the ICC(2,1) of one grouped record of sums."""
    sums = (float(record[f"sum_{k}"]) for k in ("a", "b", "aa", "bb", "ab"))
    return icc_from_sums(PairSums(int(record["n"]), *sums))


def _row(record: Mapping, keys: Sequence[str], n_pairs: int) -> AgreementRow:
    return _make_row(
        {key: record[key] for key in (*keys, "observer_name") if key in record},
        n_pairs, int(record["n"]), int(record["n_exact"]), int(record["n_within_one"]),
        record_icc(record), judge="observer" in keys,
    )  # fmt: skip


def _fold(records: list[Mapping], n_pairs: int, keys: Sequence[str]) -> AgreementRow:
    """One row from a group's per-dimension records: pooled shares, the median ICC."""
    first = records[0]
    return _make_row(
        {key: first[key] for key in (*keys, "observer_name") if key in first},
        n_pairs, sum(int(r["n"]) for r in records), sum(int(r["n_exact"]) for r in records),
        sum(int(r["n_within_one"]) for r in records),
        median_icc(record_icc(r) for r in records), judge="observer" in keys,
    )  # fmt: skip


def _make_row(group, n_pairs, n, n_exact, n_within, icc, *, judge: bool) -> AgreementRow:
    status = observer_status(n_pairs, n, n_within) if judge else None
    return AgreementRow(
        group, n_pairs, n, n_exact / n, n_within / n, icc, status == RECALIBRATE, status
    )


def _key(record: Mapping, keys: Sequence[str]) -> tuple:
    return tuple(record[key] for key in keys)


def _by_group(records: Sequence[Mapping], keys: Sequence[str]) -> list[tuple[tuple, list]]:
    groups: dict[tuple, list] = {}
    for record in records:
        groups.setdefault(_key(record, keys), []).append(record)
    return list(groups.items())


def _order(group: Mapping[str, object]) -> tuple:
    position = structure_for(None).code_position
    return (
        semester_index(str(group["semester"])) if "semester" in group else 0,
        str(group.get("observer_name", "")),
        position(str(group["dimension"])) if "dimension" in group else 0,
    )
